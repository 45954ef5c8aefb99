"""Reads for enforcement: the absences and failures waiting for a decision."""

import datetime as dt

from django.db.models import QuerySet

from upw.models import (
    AttendanceRecord,
)
from upw.models.attendance import ENFORCEABLE_OUTCOMES

# The sortable columns of the absences list: the fields each sorts on (whitelisted, never user input).
ABSENCE_SORTS = {
    "person": ("allocation__requirement__person__last_name", "allocation__requirement__person__first_name"),
    "pdu": ("allocation__requirement__person__pdu__name",),
    "date": ("allocation__session__date", "allocation__session__start_time"),
    "project": ("allocation__session__project__name",),
    "outcome": ("outcome",),
}


def absences_to_review(
    *,
    requirements: QuerySet,
    pdu=None,
    waiting_days: int | None = None,
    today: dt.date | None = None,
    ordering: list[str] | None = None,
) -> QuerySet:
    """Enforceable outcomes (and unacceptable absences) nobody has decided on yet, oldest session
    first unless `ordering` (built from ABSENCE_SORTS) says otherwise; of one PDU's people, or waiting
    more than `waiting_days` days since the session, if given."""
    records = AttendanceRecord.objects.filter(
        allocation__requirement__in=requirements, outcome__in=ENFORCEABLE_OUTCOMES, decision=""
    )
    if pdu:
        records = records.filter(allocation__requirement__person__pdu=pdu)
    if waiting_days is not None and today is not None:
        records = records.filter(allocation__session__date__lt=today - dt.timedelta(days=waiting_days))
    return records.select_related("allocation__session__project", "allocation__requirement__person__pdu").order_by(
        *(ordering or ("allocation__session__date", "id"))
    )
