"""Decisions on absences and failures to comply, warnings, referrals and their outcomes (Sentencing Code
Sch 10 paras 6-7).

An unacceptable failure gets a warning letter (text from templates/enforcement/warning_letter.txt) or,
if the officer chooses, a referral straight away (the statute allows either). If a warning was already
given under the same order in the previous 12 months (setting WARNING_WINDOW_MONTHS), the case must be
referred: warnings under a person's other orders do not count. A referral is a breach review with a
respond-by date, announced to the coordinator as a StaffNotice, and stays open until its outcome is
recorded: breach laid (the order becomes breached, through upw.orders.services), no further action,
or withdrawn. Each decision is taken once: deciding again changes nothing.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from upw import domain
from upw.core import ledger, notices
from upw.core.hours import format_minutes
from upw.models import Allocation, AttendanceRecord, EnforcementAction, User
from upw.models.attendance import ATTENDED_OUTCOMES, ENFORCEABLE_OUTCOMES, AbsenceDecision
from upw.models.attendance_sync import NoticeKind, StaffNotice
from upw.models.enforcement import EnforcementKind, ReferralOutcome
from upw.orders import services as orders

ALREADY_DECIDED = "A decision has already been recorded for this attendance."
NOT_ENFORCEABLE = "Only enforceable outcomes need a decision."
BAD_ACCEPTABLE_CODE = "Choose an acceptable code for this outcome."
NOT_A_REFERRAL = "Only a referral has an outcome."
OUTCOME_ALREADY_RECORDED = "The outcome of this referral has already been recorded."
BAD_OUTCOME = "Choose the outcome of the referral."
OUTCOME_IN_FUTURE = "The date of the outcome cannot be in the future."
OUTCOME_BEFORE_REFERRAL = "The outcome cannot be dated before the referral ({date:%d %B %Y})."
RESPOND_BY_IN_PAST = "The respond-by date cannot be in the past."

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


def warnings_under(requirement) -> QuerySet:
    """The warning letters given under this order (the statute counts warnings per order)."""
    return EnforcementAction.objects.filter(requirement=requirement, kind__in=WARNING_KINDS)


@transaction.atomic
def absence_mark_unacceptable(
    *, attendance_id: int, user: User, reason: str, evidence: str = "", refer: bool = False
) -> EnforcementAction:
    """No reasonable excuse: a warning, or a referral if the officer chooses one (`refer`) or if a
    warning was given under the same order in the last 12 months."""
    record, requirement = _lock(attendance_id)
    if record.decision:
        raise EnforcementError(ALREADY_DECIDED)
    _decide(record, decision=AbsenceDecision.UNACCEPTABLE, user=user, reason=reason, evidence=evidence)
    record.save()
    today = timezone.localdate()
    window_start = domain.add_months(today, -settings.UPW["WARNING_WINDOW_MONTHS"])
    warnings = warnings_under(requirement).exclude(attendance=record)
    recent = warnings.filter(created_at__date__gte=window_start).exists()
    if recent or refer:
        return _refer(record=record, requirement=requirement, user=user, today=today, second=recent)
    second = warnings.exists()
    kind = EnforcementKind.SECOND_WARNING if second else EnforcementKind.FIRST_WARNING
    return EnforcementAction.objects.create(
        requirement=requirement,
        attendance=record,
        kind=kind,
        letter_text=warning_letter(record=record, reason=reason, second=second, today=today),
        created_by=user,
    )


def _refer(*, record: AttendanceRecord, requirement, user: User, today: dt.date, second: bool) -> EnforcementAction:
    respond_by = today + dt.timedelta(days=settings.UPW["BREACH_RESPOND_BY_DAYS"])
    action = EnforcementAction.objects.create(
        requirement=requirement,
        attendance=record,
        kind=EnforcementKind.REFER_TO_OFFICER,
        letter_text="",
        respond_by=respond_by,
        created_by=user,
    )
    why = "second failure within 12 months" if second else "referred on this failure"
    notice = StaffNotice.objects.create(
        requirement=requirement,
        kind=NoticeKind.BREACH_REVIEW,
        enforcement=action,
        message=(
            f"{notices.person_reference(requirement.person)}: {why} ({record.outcome} on "
            f"{record.allocation.session.date:%d %b %Y}). Breach review by {respond_by:%d %b %Y}."
        ),
    )
    ledger.tell_coordinators(requirement=requirement, subject="Breach review needed", body=notice.message)
    return action


def _lock_referral(referral_id: int) -> EnforcementAction:
    referral = EnforcementAction.objects.select_for_update().select_related("requirement").get(pk=referral_id)
    if referral.kind != EnforcementKind.REFER_TO_OFFICER:
        raise EnforcementError(NOT_A_REFERRAL)
    if referral.outcome:
        raise EnforcementError(OUTCOME_ALREADY_RECORDED)
    return referral


@transaction.atomic
def referral_change_respond_by(
    *, referral_id: int, respond_by: dt.date, user: User, today: dt.date
) -> EnforcementAction:
    """Moves an open referral's respond-by date (the enforcement officer asked for more time)."""
    referral = _lock_referral(referral_id)
    if respond_by < today:
        raise EnforcementError(RESPOND_BY_IN_PAST)
    referral.respond_by = respond_by
    referral._history_user = user
    referral._change_reason = f"Respond by {respond_by:%d %b %Y}"
    referral.save(update_fields=["respond_by"])
    return referral


@transaction.atomic
def referral_record_outcome(
    *, referral_id: int, outcome: str, on: dt.date, note: str = "", user: User, today: dt.date
) -> EnforcementAction:
    """What came of a referral. Breach laid moves the order to "breached" (its bookings from then are
    cancelled); no further action and withdrawn leave the order running."""
    referral = _lock_referral(referral_id)
    if outcome not in ReferralOutcome.values:
        raise EnforcementError(BAD_OUTCOME)
    if on > today:
        raise EnforcementError(OUTCOME_IN_FUTURE)
    if on < referral.created_at.date():
        raise EnforcementError(OUTCOME_BEFORE_REFERRAL.format(date=referral.created_at.date()))
    note = (note or "").strip()
    referral.outcome = outcome
    referral.outcome_on = on
    referral.outcome_note = note
    referral.outcome_by = user
    referral.outcome_recorded_at = timezone.now()
    referral._history_user = user
    referral._change_reason = ReferralOutcome(outcome).label
    referral.save(update_fields=["outcome", "outcome_on", "outcome_note", "outcome_by", "outcome_recorded_at"])
    StaffNotice.objects.filter(enforcement=referral, acknowledged_at__isnull=True).update(
        acknowledged_by=user, acknowledged_at=timezone.now()
    )
    if outcome == ReferralOutcome.BREACH_LAID:
        try:
            orders.order_breach(
                requirement=referral.requirement,
                reason=note or "Breach laid before the court after a referral",
                on=on,
                by=user,
                today=today,
            )
        except orders.OrderError as stopped:
            raise EnforcementError(str(stopped)) from stopped
    return referral
