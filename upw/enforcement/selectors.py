"""Reads for enforcement: the absences and failures waiting for a decision."""

from django.db.models import QuerySet

from upw.models import (
    AttendanceRecord,
)
from upw.models.attendance import ENFORCEABLE_OUTCOMES


def absences_to_review(*, requirements: QuerySet) -> QuerySet:
    """Enforceable outcomes (and unacceptable absences) nobody has decided on yet."""
    return (
        AttendanceRecord.objects.filter(
            allocation__requirement__in=requirements, outcome__in=ENFORCEABLE_OUTCOMES, decision=""
        )
        .select_related("allocation__session__project", "allocation__requirement__person")
        .order_by("allocation__session__date", "id")
    )
