"""Reads for enforcement: the absences and failures waiting for a decision, and the referrals."""

import datetime as dt

from django.db.models import F, QuerySet

from upw.models import AttendanceRecord, EnforcementAction
from upw.models.attendance import ENFORCEABLE_OUTCOMES
from upw.models.enforcement import EnforcementKind

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


def referrals(*, requirements: QuerySet, open_only: bool = False) -> QuerySet:
    """Referrals to the enforcement officer of these requirements: open ones first, soonest respond-by
    date first, then the decided ones, latest first."""
    found = EnforcementAction.objects.filter(requirement__in=requirements, kind=EnforcementKind.REFER_TO_OFFICER)
    if open_only:
        found = found.filter(outcome="")
    return found.select_related(
        "requirement__person__pdu", "attendance__allocation__session__project", "outcome_by"
    ).order_by(F("outcome_recorded_at").desc(nulls_first=True), "respond_by", "id")
