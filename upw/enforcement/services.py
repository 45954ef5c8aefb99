"""Decisions on absences and failures to comply, warnings and breach reviews (Sentencing Code Sch 10).

An unacceptable failure gets a warning letter (text from templates/enforcement/warning_letter.txt). If a
warning was already given in the previous 12 months (setting WARNING_WINDOW_MONTHS), the case is
referred to the responsible officer instead: a breach review with a respond-by date, announced to
the coordinator as a StaffNotice. Each decision is taken once: deciding again changes nothing.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from upw import domain
from upw.core import ledger, notices
from upw.core.hours import format_minutes
from upw.models import Allocation, AttendanceRecord, EnforcementAction, User
from upw.models.attendance import ATTENDED_OUTCOMES, ENFORCEABLE_OUTCOMES, AbsenceDecision
from upw.models.attendance_sync import NoticeKind, StaffNotice
from upw.models.enforcement import EnforcementKind

ALREADY_DECIDED = "A decision has already been recorded for this attendance."
NOT_ENFORCEABLE = "Only enforceable outcomes need a decision."
BAD_ACCEPTABLE_CODE = "Choose an acceptable code for this outcome."

ACCEPTABLE_ABSENCE_CODES = frozenset({"AAME", "AAEM", "AAFC", "AACL", "AASD", "CO05"})
WARNING_KINDS = (EnforcementKind.FIRST_WARNING, EnforcementKind.SECOND_WARNING)

FAILURES = {
    "UACP": "You did not attend, and gave no acceptable reason for your absence.",
    "AFTC": "You attended but failed to comply with the instructions you were given.",
    "ATSH": "You were sent home because of your behaviour.",
    "ATFI": "You failed to follow another instruction you were given.",
}


class EnforcementError(ValueError):
    pass


def _lock(attendance_id: int) -> tuple[AttendanceRecord, object]:
    allocation_id = AttendanceRecord.objects.values_list("allocation_id", flat=True).get(pk=attendance_id)
    Allocation.objects.select_for_update().get(pk=allocation_id)
    record = (
        AttendanceRecord.objects.select_for_update()
        .select_related("allocation__session__project", "allocation__requirement__person")
        .get(pk=attendance_id)
    )
    requirement = ledger.lock_requirement(record.allocation.requirement_id)
    return record, requirement


def _decide(record: AttendanceRecord, *, decision: str, user: User, reason: str, evidence: str) -> None:
    if record.outcome not in ENFORCEABLE_OUTCOMES:
        raise EnforcementError(NOT_ENFORCEABLE)
    record.decision = decision
    record.decision_reason = reason[:300]
    record.evidence_note = evidence
    record.decided_by = user
    record.decided_at = timezone.now()


@transaction.atomic
def absence_mark_acceptable(
    *, attendance_id: int, user: User, outcome: str, reason: str, evidence: str = ""
) -> AttendanceRecord:
    """The failure had a reasonable excuse: the outcome becomes the acceptable code chosen."""
    record, requirement = _lock(attendance_id)
    if record.decision:
        raise EnforcementError(ALREADY_DECIDED)
    allowed = {"AFDA"} if record.outcome in ATTENDED_OUTCOMES else ACCEPTABLE_ABSENCE_CODES
    if outcome not in allowed:
        raise EnforcementError(BAD_ACCEPTABLE_CODE)
    _decide(record, decision=AbsenceDecision.ACCEPTABLE, user=user, reason=reason, evidence=evidence)
    record.outcome = outcome
    record.save()
    ledger.ledger_sync_attendance(attendance=record, requirement=requirement, author=user)
    ledger.requirement_recount(requirement=requirement)
    return record


def warning_letter(*, record: AttendanceRecord, reason: str, second: bool, today: dt.date) -> str:
    session = record.allocation.session
    requirement = record.allocation.requirement
    credited = requirement.minutes_credited
    return render_to_string(
        "enforcement/warning_letter.txt",
        {
            "today": today,
            "person": requirement.person,
            "requirement": requirement,
            "session": session,
            "project": session.project,
            "failure": FAILURES.get(record.outcome, "You failed to comply with your order."),
            "reason": reason,
            "second": second,
            "credited": format_minutes(credited),
        },
    ).strip()


@transaction.atomic
def absence_mark_unacceptable(*, attendance_id: int, user: User, reason: str, evidence: str = "") -> EnforcementAction:
    """No reasonable excuse: a warning, or a referral if warned in the last 12 months."""
    record, requirement = _lock(attendance_id)
    if record.decision:
        raise EnforcementError(ALREADY_DECIDED)
    _decide(record, decision=AbsenceDecision.UNACCEPTABLE, user=user, reason=reason, evidence=evidence)
    record.save()
    today = timezone.localdate()
    window_start = domain.add_months(today, -settings.UPW["WARNING_WINDOW_MONTHS"])
    warnings = EnforcementAction.objects.filter(requirement__person=requirement.person, kind__in=WARNING_KINDS)
    recent = warnings.filter(created_at__date__gte=window_start).exclude(attendance=record).exists()
    if recent:
        respond_by = today + dt.timedelta(days=settings.UPW["BREACH_RESPOND_BY_DAYS"])
        action = EnforcementAction.objects.create(
            requirement=requirement,
            attendance=record,
            kind=EnforcementKind.REFER_TO_OFFICER,
            letter_text="",
            respond_by=respond_by,
            created_by=user,
        )
        notice = StaffNotice.objects.create(
            requirement=requirement,
            kind=NoticeKind.BREACH_REVIEW,
            enforcement=action,
            message=(
                f"{notices.person_reference(requirement.person)}: second failure within 12 months ({record.outcome} on "
                f"{record.allocation.session.date:%d %b %Y}). Breach review by {respond_by:%d %b %Y}."
            ),
        )
        ledger.tell_coordinators(requirement=requirement, subject="Breach review needed", body=notice.message)
        return action
    second = warnings.exclude(attendance=record).exists()
    kind = EnforcementKind.SECOND_WARNING if second else EnforcementKind.FIRST_WARNING
    return EnforcementAction.objects.create(
        requirement=requirement,
        attendance=record,
        kind=kind,
        letter_text=warning_letter(record=record, reason=reason, second=second, today=today),
        created_by=user,
    )
