"""Recording attendance from a phone (or any client): idempotent, order-independent sync actions.

Each action (check in, check out, outcome) carries a key made on the phone. It is applied at most
once: the first application is stored in SyncAction with its result, and the same key sent again
returns that stored result without touching anything. Actions may arrive in any order: each sets
its own fields of the attendance record, and the credit is worked out from whatever the record
holds once both times and an attended outcome are there. Of two actions of the same kind, the one
taken later on the phone wins, whichever arrives first.

Writes happen under row locks, taken in one order everywhere (allocation, then requirement), so
concurrent syncs of one session neither lose nor double-count anything. Pace flags and notices are
brought up to date after the commit by a Celery task, never while the phone waits, and only when the
action moved what pace is worked from (the order's figures, or its first day attended).
"""

import copy
import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from upw.attendance.selectors import sees_case_details
from upw.core import audit, background, ledger, ledger_quick, travel
from upw.core.access import effective_role, recordable_allocations
from upw.core.combined_writes import Writes
from upw.core.hours import late_minutes
from upw.core.prepared import Marker, Prepared
from upw.models import (
    Allocation,
    AllocationStatus,
    AttendanceRecord,
    ProjectType,
    RequirementStatus,
    Role,
    Session,
    User,
)
from upw.models.attendance import ADVANCE_OUTCOMES, GRADED_OUTCOMES, SUPERVISOR_OUTCOMES, Grade, OutcomeCode
from upw.models.attendance_sync import SyncAction, SyncActionKind, SyncActionStatus

BAD_KEY = "Each action needs an idempotency key of 8 to 80 characters."
BAD_KIND = "Unknown action: use check_in, check_out or outcome."
BAD_TIME = "Give the time as an ISO 8601 date and time with a time zone."
KEY_OF_ANOTHER_USER = "This idempotency key was used by another user."
LEAVES_BEFORE_ARRIVING = "The departure time must be after the arrival time."
NOT_FOUND = "No such allocation in your sessions."
ALLOCATION_CANCELLED = "This allocation was cancelled."
FUTURE_SESSION = "This session has not started yet."
OUTCOME_NOT_ALLOWED = "You cannot record the outcome {code}."
OUTCOME_UNKNOWN = "Unknown outcome code {code}."
OUTCOME_REQUIRED = "Choose an outcome."
SENT_HOME_NEEDS_REASON = "Say why the person was sent home."
PENALTY_RANGE = "Penalty minutes must be between 0 and 600."
GRADE_UNKNOWN = "Unknown grade {grade}."
GRADE_REQUIRED = {
    "work_quality": "Choose the quality of the work done.",
    "behaviour": "Choose how the person behaved.",
}
TIME_OFF_THE_DAY = "The time must be on the day of the session ({day}), not another day."
TIME_IN_FUTURE = "The time cannot be later than now."
ONLY_ABSENCES_IN_ADVANCE = (
    "This session has not happened yet: only an acceptable absence or a rescheduling can be recorded in advance."
)

SENT_HOME_OUTCOMES = frozenset({"ATSH", "ATSS"})


class ActionRejected(ValueError):
    """The action cannot be applied. Stored with the action so a retry gets the same answer.

    `field` names the payload field the message is about (outcome, sent_home_reason,
    penalty_minutes, at), so a client can show it next to that field.
    """

    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ActionOutcome:
    action: SyncAction
    duplicate: bool  # True when the key had been applied before and this is its stored result


def new_key() -> str:
    return str(uuid.uuid4())


def outcomes_for(user: User) -> tuple[str, ...]:
    """Supervisors and partners record ATTC, AFTC, ATSH, ATSS and UACP; the rest are for coordinators."""
    if effective_role(user) in (Role.COORDINATOR, Role.ADMIN):
        return tuple(OutcomeCode.values)
    return SUPERVISOR_OUTCOMES


def attendance_snapshot(
    attendance: AttendanceRecord | None, *, session: Session | None = None, credited: int | None = None
) -> dict[str, Any]:
    """The state a phone shows for one person, as stored with each action's result.

    Given the session, it includes `late_minutes`, so the phone can say "late N min" straight
    after a sync just as the page does after a reload.
    """
    if attendance is None:
        snapshot = {"arrived_at": None, "left_at": None, "outcome": "", "credited_minutes": 0}
        if session is not None:
            snapshot["late_minutes"] = 0
        return snapshot
    if credited is None:
        requirement_id = attendance.allocation.requirement_id
        credited = sum(
            e.minutes
            for e in attendance.ledger_entries.all()
            if e.kind in ledger.CREDIT_KINDS and e.requirement_id == requirement_id
        )
    snapshot = {
        "arrived_at": attendance.arrived_at.isoformat() if attendance.arrived_at else None,
        "left_at": attendance.left_at.isoformat() if attendance.left_at else None,
        "outcome": attendance.outcome,
        "sent_home_reason": attendance.sent_home_reason,
        "notes": attendance.notes,
        "penalty_minutes": attendance.penalty_minutes,
        "credited_minutes": credited,
    }
    if session is not None:
        start = dt.datetime.combine(session.date, session.start_time, tzinfo=timezone.get_default_timezone())
        snapshot["late_minutes"] = late_minutes(arrived=attendance.arrived_at, session_start=start)
    return snapshot


def _parse_time(value: Any, default: dt.datetime) -> dt.datetime:
    if value in (None, ""):
        return default
    if isinstance(value, dt.datetime):
        parsed = value
    else:
        try:
            parsed = parse_datetime(str(value))
        except ValueError:
            parsed = None
    if parsed is None or timezone.is_naive(parsed):
        raise ActionRejected(BAD_TIME, field="at")
    return parsed


def _check_time(value: dt.datetime, *, session: Session, now: dt.datetime, field: str = "at") -> dt.datetime:
    """A register time lies on the session's day (give or take the margin) and not ahead of the clock."""
    policy = settings.UPW
    tz = timezone.get_default_timezone()
    margin = dt.timedelta(minutes=policy["ATTENDANCE_TIME_MARGIN_MINUTES"])
    day_start = dt.datetime.combine(session.date, dt.time(0, 0), tzinfo=tz)
    if not day_start - margin <= value < day_start + dt.timedelta(days=1) + margin:
        raise ActionRejected(TIME_OFF_THE_DAY.format(day=f"{session.date:%d %B %Y}"), field=field)
    if value > now + dt.timedelta(minutes=policy["CLOCK_SKEW_MINUTES"]):
        raise ActionRejected(TIME_IN_FUTURE, field=field)
    return value


def _optional_time(payload: dict, name: str, *, session: Session, now: dt.datetime) -> dt.datetime | None:
    if payload.get(name) in (None, ""):
        return None
    return _check_time(_parse_time(payload[name], now), session=session, now=now, field=name)


def _apply(
    attendance: AttendanceRecord, *, user: User, kind: str, payload: dict, client_at: dt.datetime, now: dt.datetime
) -> None:
    """Sets the fields the action is about. Raises ActionRejected, leaving the record unsaved."""
    session = attendance.allocation.session
    if kind == SyncActionKind.CHECK_IN:
        arrived = _check_time(_parse_time(payload.get("at"), client_at), session=session, now=now)
        if attendance.left_at and attendance.left_at <= arrived:
            raise ActionRejected(LEAVES_BEFORE_ARRIVING, field="at")
        attendance.arrived_at = arrived
        attendance.from_pick_up = bool(payload.get("from_pick_up", attendance.from_pick_up))
        picked_up = _optional_time(payload, "picked_up_at", session=session, now=now)
        if picked_up is None and attendance.from_pick_up:
            picked_up = arrived  # checked in at the pick-up point: the van time starts there
        attendance.picked_up_at = picked_up if attendance.from_pick_up or picked_up else None
    elif kind == SyncActionKind.CHECK_OUT:
        left = _check_time(_parse_time(payload.get("at"), client_at), session=session, now=now)
        if attendance.arrived_at and left <= attendance.arrived_at:
            raise ActionRejected(LEAVES_BEFORE_ARRIVING, field="at")
        attendance.left_at = left
        returned = _optional_time(payload, "returned_at", session=session, now=now)
        if returned is not None:
            if returned < left:
                raise ActionRejected(LEAVES_BEFORE_ARRIVING, field="returned_at")
            attendance.returned_at = returned
        # No outcome is assumed: attended outcomes need the supervisor's grades.
        if payload.get("outcome"):
            _set_outcome(attendance, user=user, outcome=payload["outcome"], payload=payload)
    else:
        _set_outcome(attendance, user=user, outcome=payload.get("outcome", ""), payload=payload)


def _set_outcome(attendance: AttendanceRecord, *, user: User, outcome: str, payload: dict) -> None:
    # An outcome action must name its outcome: none is ever assumed (the phone's select starts blank).
    outcome = str(outcome or "").strip()
    if not outcome:
        raise ActionRejected(OUTCOME_REQUIRED, field="outcome")
    if outcome not in OutcomeCode.values:
        raise ActionRejected(OUTCOME_UNKNOWN.format(code=outcome), field="outcome")
    if outcome not in outcomes_for(user):
        raise ActionRejected(OUTCOME_NOT_ALLOWED.format(code=outcome), field="outcome")
    reason = str(payload.get("sent_home_reason", attendance.sent_home_reason) or "").strip()[:200]
    if outcome in SENT_HOME_OUTCOMES and not reason:
        raise ActionRejected(SENT_HOME_NEEDS_REASON, field="sent_home_reason")
    if "penalty_minutes" in payload:
        try:
            penalty = int(payload["penalty_minutes"] or 0)
        except (TypeError, ValueError):
            penalty = -1
        if not 0 <= penalty <= 600:
            raise ActionRejected(PENALTY_RANGE, field="penalty_minutes")
        attendance.penalty_minutes = penalty
    for field in ("work_quality", "behaviour"):
        if payload.get(field):
            if payload[field] not in Grade.values:
                raise ActionRejected(GRADE_UNKNOWN.format(grade=payload[field]), field=field)
            setattr(attendance, field, payload[field])
    if "notes" in payload:
        note = str(payload["notes"] or "")
        if sees_case_details(user):
            attendance.notes = note[:2000]
        elif note.strip():
            # A partner never sees the notes already there, so adds to them rather than replacing them.
            attendance.notes = "\n".join(filter(None, [attendance.notes, note.strip()]))[:2000]
    if outcome in GRADED_OUTCOMES:
        for field, message in GRADE_REQUIRED.items():
            if not getattr(attendance, field):
                raise ActionRejected(message, field=field)
    attendance.outcome = outcome
    attendance.sent_home_reason = reason if outcome in SENT_HOME_OUTCOMES else ""


def attendance_apply_action(
    *, user: User, key: str, allocation_id: int, kind: str, payload: dict | None, client_at: dt.datetime | str
) -> ActionOutcome:
    """Applies one queued action once. Raises Http404 for an allocation the user may not record."""
    key = (key or "").strip()
    if not 8 <= len(key) <= 80:
        raise ActionRejected(BAD_KEY)
    if kind not in SyncActionKind.values:
        raise ActionRejected(BAD_KIND)
    payload = payload or {}
    client_at = _parse_time(client_at, timezone.now())
    try:
        with audit.reads_logged_with_writes(), transaction.atomic():
            return _apply_locked(
                user=user, key=key, allocation_id=allocation_id, kind=kind, payload=payload, client_at=client_at
            )
    except IntegrityError:
        # The same key was stored by a concurrent request while this one waited for the locks.
        stored = _stored(key, user)
        if stored is None:
            raise
        return stored


# An action sent again (a phone retrying) is answered from the one stored: read by its id (found under
# the locks) or its key, each compiled once per process.
_STORED_ACTION = Prepared(lambda pk: SyncAction.objects.filter(pk=pk)[:1], pk=Marker(int))
_ACTION_OF_KEY = Prepared(lambda key: SyncAction.objects.filter(key=key)[:1], key=Marker(str))


def _stored(key: str, user: User, *, pk: int | None = None) -> ActionOutcome | None:
    found = _STORED_ACTION.run(pk=pk) if pk else _ACTION_OF_KEY.run(key=key)
    if not found:
        return None
    action = found[0]
    if action.user_id != user.pk:
        raise ActionRejected(KEY_OF_ANOTHER_USER)
    return ActionOutcome(action=action, duplicate=True)


def _related_or_none(obj, name: str):
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


# Fields of the requirement a sync may change, saved only when one did.
REQUIREMENT_FIELDS = ("minutes_credited", "status", "completed_at", "ended_at", "last_project_id")


def _locked_allocation(*, allocation_id: int, scope: QuerySet, key: str) -> QuerySet:
    """The allocation, locked with its requirement, if it is in `scope`; with the id of an action
    already stored under `key` (read as the statement starts: a stored action never changes)."""
    return (
        Allocation.objects.select_for_update(of=("self", "requirement"))
        .select_related("session__project", "requirement__person")
        .filter(pk=allocation_id, id__in=scope.values("pk"))
        .annotate(stored_action=Subquery(SyncAction.objects.filter(key=key).values("pk")[:1]))
    )


def _state(*, allocation_id: int, kind: str, client_at: dt.datetime, key: str) -> QuerySet:
    """Read once the locks are held: the attendance and its travel claim, the ledger's figures, the
    key (stored meanwhile?) and whether a later action of the kind was applied already."""
    later = SyncAction.objects.filter(
        allocation_id=OuterRef("pk"), kind=kind, status=SyncActionStatus.APPLIED, client_at__gt=client_at
    )
    return (
        ledger_quick.with_figures(Allocation.objects.filter(pk=allocation_id))
        .select_related("attendance__travel_claim")
        .annotate(
            stored_action=Subquery(SyncAction.objects.filter(key=key).values("pk")[:1]),
            later_applied=Exists(later),
        )
    )


# Every phone's sync runs these two statements: compiled once per process (upw.core.prepared).
# A supervisor's scope is theirs alone; other roles' scopes vary in shape and are built each time.
_SUPERVISORS_ALLOCATION = Prepared(
    lambda allocation_id, user_id, key: _locked_allocation(
        allocation_id=allocation_id,
        scope=recordable_allocations(User(pk=user_id, role=Role.SUPERVISOR, is_active=True)),
        key=key,
    ),
    allocation_id=Marker(int),
    user_id=Marker(int),
    key=Marker(str),
)
_STATE = Prepared(_state, allocation_id=Marker(int), kind=Marker(str), client_at=Marker(dt.datetime), key=Marker(str))


def _lock(*, user: User, allocation_id: int, key: str) -> Allocation | None:
    if effective_role(user) == Role.SUPERVISOR:
        rows = _SUPERVISORS_ALLOCATION.run(allocation_id=allocation_id, user_id=user.pk, key=key)
    else:
        rows = list(_locked_allocation(allocation_id=allocation_id, scope=recordable_allocations(user), key=key))
    return rows[0] if rows else None


def _apply_locked(*, user, key, allocation_id, kind, payload, client_at) -> ActionOutcome:
    """Kept to a handful of queries: one locks the allocation and its requirement (checking access
    and whether the key was stored before), one reads the attendance, the key, a later action of the
    kind and the ledger's figures (after the locks, so nothing read is stale), then the writes. Pace
    and notices follow after commit."""
    allocation = _lock(user=user, allocation_id=allocation_id, key=key)
    if allocation is None:
        stored = _stored(key, user)
        if stored is not None:
            return stored
        raise Http404(NOT_FOUND)
    if allocation.stored_action:
        return _stored(key, user, pk=allocation.stored_action)
    state = _STATE.run(allocation_id=allocation.pk, kind=kind, client_at=client_at, key=key)[0]
    if state.stored_action:
        return _stored(key, user, pk=state.stored_action)
    requirement = allocation.requirement
    before = {name: getattr(requirement, name) for name in REQUIREMENT_FIELDS}
    attendance = _related_or_none(state, "attendance")
    if attendance is not None:
        attendance.allocation = allocation
    claim = _related_or_none(attendance, "travel_claim") if attendance is not None else None
    # As read under the locks: what the answer shows when nothing is written (superseded, rejected).
    pristine = copy.copy(attendance)
    credited = state.own_net
    writes = Writes()
    claim_to_record = False
    status = SyncActionStatus.APPLIED
    error = field = ""
    try:
        if allocation.status != AllocationStatus.ALLOCATED:
            raise ActionRejected(ALLOCATION_CANCELLED)
        if allocation.session.date > timezone.localdate():
            if kind != SyncActionKind.OUTCOME:
                raise ActionRejected(FUTURE_SESSION)
            if payload.get("outcome") not in ADVANCE_OUTCOMES:
                raise ActionRejected(ONLY_ABSENCES_IN_ADVANCE, field="outcome")
        if state.later_applied:
            status = SyncActionStatus.SUPERSEDED
        else:
            if attendance is None:
                attendance = AttendanceRecord(allocation=allocation)
            had_arrived = attendance.arrived_at is not None
            _apply(attendance, user=user, kind=kind, payload=payload, client_at=client_at, now=timezone.now())
            attendance.recorded_by = user
            created = attendance.pk is None
            if allocation.session.project.project_type == ProjectType.INDUCTION:
                attendance.save()  # through the ORM, so the induction receiver completes the induction
            else:
                writes.save(attendance)
                writes.history(attendance, created=created)
            quick = ledger_quick.quick_sync(
                attendance=attendance, requirement=requirement, figures=state, author=user, writes=writes
            )
            if quick is None:
                writes.flush()
                ledger.ledger_sync_attendance(attendance=attendance, requirement=requirement, author=user)
                ledger.requirement_recount(requirement=requirement, author=user, notify=False)
                credited = None  # the full path's entries are read back for the answer
            else:
                credited = quick.credited
            claim_to_record = True
            if allocation.session.project_id != requirement.last_project_id and attendance.outcome:
                requirement.last_project_id = allocation.session.project_id
            changed = [name for name in REQUIREMENT_FIELDS if getattr(requirement, name) != before[name]]
            if changed:
                # Figures that follow the ledger (itself the audit trail) have no history row of their
                # own; a change of status has, as a save would write it.
                writes.update(requirement, changed)
                if "status" in changed:
                    writes.history(requirement, created=False)
            # Pace follows the order's figures and, once something is credited, the first day attended.
            first_day_moved = had_arrived != (attendance.arrived_at is not None) and requirement.minutes_credited > 0
            if changed or first_day_moved:
                _after_commit(
                    requirement, completed=before["status"] != requirement.status == RequirementStatus.COMPLETED
                )
    except ActionRejected as rejected:
        # Every rejection comes before the first write, so the record is as it was read.
        status = SyncActionStatus.REJECTED
        error, field = str(rejected), rejected.field
        attendance, credited = pristine, state.own_net
        writes, claim_to_record = Writes(), False
    result = {
        "error": error,
        "attendance": attendance_snapshot(attendance, session=allocation.session, credited=credited),
    }
    if field:
        result["field"] = field
    action = SyncAction(
        key=key,
        user=user,
        allocation=allocation,
        kind=kind,
        payload=payload,
        client_at=client_at,
        status=status,
        result=result,
    )
    writes.insert(action)
    # The log of this request's reads commits with the action rather than after the answer.
    audit.log_reads_with(writes, user)
    writes.flush()  # every write of the action in one statement (upw.core.combined_writes)
    if claim_to_record:
        travel.record_claim(attendance=attendance, requirement=requirement, claim=claim)
    return ActionOutcome(action=action, duplicate=False)


def _after_commit(requirement, *, completed: bool) -> None:
    """Pace flags and the completion notice are worked out by Celery tasks once the sync commits; the
    pace of the orders synced within a couple of seconds of each other in one run. Robust: the sync
    has committed, so a broker that does not answer is logged rather than failing the phone's request
    (the nightly refresh catches the pace up)."""
    requirement_id = requirement.pk
    transaction.on_commit(
        lambda: background.enqueue_gathered(
            "upw.attendance_tasks.refresh_gathered_pace",
            requirement_id,
            single_task="upw.attendance_tasks.refresh_pace_of",
        ),
        robust=True,
    )
    if completed:
        transaction.on_commit(
            lambda: background.enqueue("upw.attendance_tasks.notify_completed", requirement_id), robust=True
        )
