"""Fixing sessions that cannot run, and changing many booked places at once.

Every change to a place goes through the per-place services of `upw.bookings` (so the hard rules of
`check_placement`, the place's history and the refusals are exactly those of a single change). A
merge moves the people of one session to another on the same day; a bulk change moves, cancels or
messages the chosen people, each on their own, and reports what happened to each. A bulk change is
stored under a key the page or client made, and the same key sent again answers with the first
results and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from upw.bookings import services as bookings
from upw.core.email import one_line
from upw.dayview.selectors import SUPERVISED_BY_PROBATION, people_per_supervisor
from upw.models import Allocation, AllocationStatus, AttendanceRecord, BulkBookingChange, Session, User
from upw.reminders import services as reminders

MOVE, CANCEL, MESSAGE = "move", "cancel", "message"
ACTIONS = {MOVE: "Move to another session", CANCEL: "Cancel their places", MESSAGE: "Send them a message"}

NOBODY_CHOSEN = "Choose at least one person."
UNKNOWN_ACTION = "Choose what to do with the people chosen."
NO_TARGET = "Choose the session to move them to."
NO_MESSAGE = "Write the message to send."
NOT_SAME_DAY = "Choose a session on the same day to merge with."
NOTHING_TO_MERGE = "Nobody on this session can be moved."
KEY_REUSED = "This request was already made with different details: reload the page and try again."
NO_ADDRESS = "Not sent: no phone number or email address, or they asked for no messages. Tell them another way."
MESSAGE_SENT = "Message sent."
MOVED = "Moved to {session}."
CANCELLED = "Place cancelled."
WOULD_MOVE = "Would move."
TARGET_NOW_FULL = "Would stay: {session} has no room left for its supervisors."
RULES_REFUSED = "Not moved: the hard rules refuse that session for this person."

MESSAGE_SUBJECT_MAX = 120


class BulkError(ValueError):
    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class PersonOutcome:
    allocation_id: int
    crn: str
    name: str
    done: bool
    message: str
    # Refused by the hard rules, whose sentences can name the person and what restricts them.
    by_the_rules: bool = False

    def stored(self) -> dict:
        """What is kept for a repeat of the request: no name, CRN or restriction (a person erased later
        must not live on here); a repeat reads the name and CRN from the place again."""
        message = RULES_REFUSED if self.by_the_rules else self.message
        return {"allocation_id": self.allocation_id, "done": self.done, "message": message}


@dataclass(frozen=True)
class BulkResult:
    action: str
    outcomes: list[PersonOutcome]
    repeated: bool = False

    @property
    def done(self) -> int:
        return sum(1 for o in self.outcomes if o.done)

    @property
    def refused(self) -> int:
        return len(self.outcomes) - self.done


def _label(session: Session) -> str:
    return f"{session.project.name}, {session.date:%a %d %b} {session.start_time:%H:%M}"


def _outcome(place: Allocation, *, done: bool, message: str, by_the_rules: bool = False) -> PersonOutcome:
    person = place.requirement.person
    return PersonOutcome(
        allocation_id=place.pk,
        crn=person.crn,
        name=f"{person.first_name} {person.last_name}",
        done=done,
        message=message,
        by_the_rules=by_the_rules,
    )


# --- Bulk changes ---------------------------------------------------------------------------------


def _move_one(place: Allocation, *, to_session: Session, by: User, today: dt.date) -> PersonOutcome:
    try:
        bookings.booking_move(allocation=place, to_session=to_session, by=by, today=today)
    except bookings.BookingError as refused:
        return _outcome(place, done=False, message=str(refused), by_the_rules=bool(refused.reasons))
    return _outcome(place, done=True, message=MOVED.format(session=_label(to_session)))


def _cancel_one(place: Allocation, *, reason: str, note: str, by: User, today: dt.date) -> PersonOutcome:
    try:
        bookings.booking_cancel(allocation=place, reason=reason, note=note, by=by, today=today)
    except bookings.BookingError as refused:
        return _outcome(place, done=False, message=str(refused))
    return _outcome(place, done=True, message=CANCELLED)


def _message_one(place: Allocation, *, subject: str, body: str, by: User) -> PersonOutcome:
    """By SMS, or email without a phone number, as reminders and changes to a place are sent; after
    the change commits, so an undone request tells nobody."""
    session = place.session
    text = (
        f"Community Payback: {subject}. {body} (About your session on {session.date:%A %d %B} from "
        f"{session.start_time:%H:%M} at {session.project.site.name}.)"
    )
    if not reminders.tell_after_commit(place.requirement.person, text):
        return _outcome(place, done=False, message=NO_ADDRESS)
    # Saved unchanged so that the message is on the place's history: the person's and the session's.
    place._history_user = by
    place._change_reason = f"Messaged: {subject}"[:100]
    place.save(update_fields=["status"])
    return _outcome(place, done=True, message=MESSAGE_SENT)


def _validate(action: str, *, places: list, to_session, reason: str, subject: str, body: str) -> None:
    if action not in ACTIONS:
        raise BulkError(UNKNOWN_ACTION, field="action")
    if not places:
        raise BulkError(NOBODY_CHOSEN, field="allocations")
    if action == MOVE and to_session is None:
        raise BulkError(NO_TARGET, field="session")
    if action == CANCEL and reason not in bookings.CANCEL_REASONS:
        raise BulkError(bookings.UNKNOWN_REASON, field="reason")
    if action == MESSAGE and not (one_line(subject) and body.strip()):
        raise BulkError(NO_MESSAGE, field="body")


def _stored(row: BulkBookingChange) -> BulkResult:
    places = Allocation.objects.select_related("requirement__person").in_bulk([o["allocation_id"] for o in row.results])
    outcomes = []
    for kept in row.results:
        place = places.get(kept["allocation_id"])
        person = place.requirement.person if place else None
        outcomes.append(
            PersonOutcome(
                allocation_id=kept["allocation_id"],
                crn=person.crn if person else "",
                name=f"{person.first_name} {person.last_name}" if person else "",
                done=kept["done"],
                message=kept["message"],
            )
        )
    return BulkResult(action=row.action, outcomes=outcomes, repeated=True)


def already_done(*, key: str, by: User) -> BulkResult | None:
    """The results of a bulk change this user already made under `key`: a form sent twice finds them
    even though the places it named have changed since (a moved place can no longer be chosen)."""
    row = BulkBookingChange.objects.filter(key=key, user=by).first() if key else None
    return _stored(row) if row is not None else None


def bulk_change(
    *,
    places: Iterable[Allocation],
    action: str,
    by: User,
    today: dt.date,
    key: str,
    to_session: Session | None = None,
    reason: str = "",
    note: str = "",
    subject: str = "",
    body: str = "",
) -> BulkResult:
    """Moves, cancels or messages each of `places` (already scoped to what `by` may change) through the
    per-place services, each on its own: one refusal leaves the others done. `key` makes it safe to
    send twice: the second time answers with the first results and changes nothing."""
    places = sorted(
        {p.pk: p for p in places}.values(), key=lambda p: (p.requirement.person.last_name, p.requirement.person.pk)
    )
    _validate(action, places=places, to_session=to_session, reason=reason, subject=subject, body=body)
    payload = {
        "allocation_ids": [p.pk for p in places],
        "session_id": to_session.pk if to_session else None,
        "reason": reason,
        "subject": one_line(subject, MESSAGE_SUBJECT_MAX),
    }
    try:
        with transaction.atomic():
            row, created = BulkBookingChange.objects.select_for_update().get_or_create(
                key=key, defaults={"user": by, "action": action, "payload": payload}
            )
            if not created:
                if row.user_id != by.pk or row.action != action or row.payload != payload:
                    raise BulkError(KEY_REUSED)
                return _stored(row)
            outcomes = []
            for place in places:
                if action == MOVE:
                    outcomes.append(_move_one(place, to_session=to_session, by=by, today=today))
                elif action == CANCEL:
                    outcomes.append(_cancel_one(place, reason=reason, note=note, by=by, today=today))
                else:
                    outcomes.append(_message_one(place, subject=payload["subject"], body=body.strip(), by=by))
            row.results = [o.stored() for o in outcomes]
            row.save(update_fields=["results"])
    except IntegrityError:
        # The same key committed by a request running at the same moment: its results are the answer.
        return _stored(BulkBookingChange.objects.get(key=key))
    return BulkResult(action=action, outcomes=outcomes)


# --- Merging a session that cannot run ------------------------------------------------------------


def movable_places(session: Session) -> list[Allocation]:
    """The live places of a session that have no outcome yet: the ones a merge could move."""
    recorded = AttendanceRecord.objects.filter(allocation__session=session).exclude(outcome="")
    return list(
        Allocation.objects.filter(session=session, status=AllocationStatus.ALLOCATED)
        .exclude(pk__in=recorded.values("allocation_id"))
        .select_related("requirement__person", "session__project__site")
        .order_by("requirement__person__last_name", "requirement__person__first_name", "pk")
    )


def _check_merge(session: Session, target: Session, *, today: dt.date) -> None:
    if target.pk == session.pk or target.date != session.date:
        raise BulkError(NOT_SAME_DAY, field="target")
    if session.date < today:
        raise BulkError(bookings.SESSION_OVER)


def _room(target: Session, ratio: int) -> int | None:
    """Places the target's rostered supervisors may still take (None: it needs no Probation supervisor)."""
    if target.project.project_type not in SUPERVISED_BY_PROBATION:
        return None
    rostered = target.supervisor_assignments.count()
    booked = Allocation.objects.filter(session=target, status=AllocationStatus.ALLOCATED).count()
    return rostered * ratio - booked


def _merge(session: Session, target: Session, *, by: User, today: dt.date) -> list[PersonOutcome]:
    room = _room(target, people_per_supervisor(target.project.project_type, target.project.supervision_ratio))
    outcomes = []
    for place in movable_places(session):
        if room is not None and room <= 0:
            outcomes.append(_outcome(place, done=False, message=TARGET_NOW_FULL.format(session=_label(target))))
            continue
        outcome = _move_one(place, to_session=target, by=by, today=today)
        if outcome.done and room is not None:
            room -= 1
        outcomes.append(outcome)
    return outcomes


def _note(session: Session, *, by: User, reason: str) -> None:
    """A line on the session's own history (saved unchanged): the merge is seen from both sessions."""
    session = Session.objects.get(pk=session.pk)
    session._history_user = by
    session._change_reason = reason[:100]
    session.save(update_fields=["status"])


def merge_preview(*, session: Session, target: Session, by: User, today: dt.date) -> list[PersonOutcome]:
    """Who a merge into `target` would move, and who would stay and why: the merge itself, run and
    then undone, so the preview applies the same hard rules as the confirm."""
    _check_merge(session, target, today=today)
    with transaction.atomic():
        outcomes = _merge(session, target, by=by, today=today)
        transaction.set_rollback(True)
    return [
        PersonOutcome(o.allocation_id, o.crn, o.name, o.done, WOULD_MOVE if o.done else o.message, o.by_the_rules)
        for o in outcomes
    ]


def merge_sessions(*, session: Session, target: Session, by: User, today: dt.date, key: str) -> BulkResult:
    """Moves everyone on `session` who can go to `target` (same day), each through the move service.
    Stored under `key` like a bulk change, so a second confirm moves nobody twice."""
    _check_merge(session, target, today=today)
    payload = {"merge_from": session.pk, "session_id": target.pk}
    with transaction.atomic():
        row, created = BulkBookingChange.objects.select_for_update().get_or_create(
            key=key, defaults={"user": by, "action": "merge", "payload": payload}
        )
        if not created:
            if row.user_id != by.pk or row.payload != payload:
                raise BulkError(KEY_REUSED)
            return _stored(row)
        outcomes = _merge(session, target, by=by, today=today)
        if not outcomes:
            raise BulkError(NOTHING_TO_MERGE)
        moved = sum(1 for o in outcomes if o.done)
        _note(session, by=by, reason=f"Merged into session {target.pk}: {moved} of {len(outcomes)} moved")
        _note(target, by=by, reason=f"Merged from session {session.pk}: {moved} moved here")
        row.results = [o.stored() for o in outcomes]
        row.save(update_fields=["results"])
    return BulkResult(action="merge", outcomes=outcomes)
