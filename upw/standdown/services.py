"""Standing sessions down: bad weather, no supervisor, the site closed.

Everyone booked gets the acceptable outcome AASD (never enforceable, no hours credited), recorded
through the attendance service's idempotent sync actions so the ledger and the register see it like
any other outcome; they are told by email, or by SMS when they have only a phone number, unless they
opted out of messages. The supervisors are released: their rota rows are removed, and kept on the history. The
session's status becomes stood down, with the reason on its history.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch, QuerySet

from upw.attendance import services as attendance
from upw.core.email import send_email
from upw.models import Allocation, AllocationStatus, AttendanceRecord, Session, SessionStatus, User
from upw.models.attendance import STOOD_DOWN_OUTCOME
from upw.models.sessions import SessionSupervisor
from upw.reminders import services as reminders

REASONS = {
    "weather": "Bad weather",
    "no_supervisor": "No supervisor",
    "site_closed": "Site closed",
    "other": "Other reason",
}
UNKNOWN_REASON = "Choose why the session is stood down."
NOTHING_TO_STAND_DOWN = "There is no scheduled session from today to stand down."
RANGE_BACKWARDS = "The last date must be the same as or after the first date."
RANGE_TOO_LONG = "Stand down at most {days} days at once."
MAX_RANGE_DAYS = 62


class StandDownError(ValueError):
    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.field = field


@dataclass
class Affected:
    """One session to stand down, with the places that will get AASD and the staff released."""

    session: Session
    places: list[Allocation]
    supervisors: list[SessionSupervisor]


@dataclass
class StandDownResult:
    sessions: int = 0
    outcomes: int = 0
    told: int = 0
    not_told: list[str] = field(default_factory=list)  # CRNs of people to tell another way
    released: int = 0


def standable(sessions: QuerySet, *, today: dt.date) -> QuerySet:
    """Of these sessions, the ones that can still be stood down: scheduled, from today."""
    return sessions.filter(status=SessionStatus.SCHEDULED, date__gte=today)


def project_range(sessions: QuerySet, *, project_id: int, date_from: dt.date, date_to: dt.date, today: dt.date):
    if date_to < date_from:
        raise StandDownError(RANGE_BACKWARDS, field="date_to")
    if (date_to - date_from).days >= MAX_RANGE_DAYS:
        raise StandDownError(RANGE_TOO_LONG.format(days=MAX_RANGE_DAYS), field="date_to")
    return standable(sessions, today=today).filter(project_id=project_id, date__gte=date_from, date__lte=date_to)


def _without_outcome(places):
    return [p for p in places if not getattr(getattr(p, "attendance", None), "outcome", "")]


def preview(sessions: QuerySet) -> list[Affected]:
    """Who a stand-down of these sessions reaches, before anything changes."""
    live = Allocation.objects.filter(status=AllocationStatus.ALLOCATED).select_related(
        "requirement__person", "attendance"
    )
    rows = sessions.select_related("project").prefetch_related(
        Prefetch("allocations", queryset=live, to_attr="live_places"),
        Prefetch("supervisor_assignments", queryset=SessionSupervisor.objects.select_related("supervisor__user")),
    )
    return [
        Affected(session=s, places=_without_outcome(s.live_places), supervisors=list(s.supervisor_assignments.all()))
        for s in rows.order_by("date", "start_time", "id")
    ]


def _tell(place: Allocation, *, reason: str) -> bool:
    """Emails the person, or texts them when they have a phone number but no email address (as their
    reminders go); False when they opted out of messages or have neither."""
    person = place.requirement.person
    if person.reminders_opt_out or not (person.email or person.phone):
        return False
    session = place.session
    if not person.email:
        text = (
            f"Community Payback: your session on {session.date:%A %d %B} at {session.project.site.name} will "
            f"not go ahead ({reason.lower()}). Do not go to the site. This is an acceptable absence. We will "
            "contact you with your next session."
        )
        return reminders.tell_after_commit(person, text)
    send_email(
        to=[person.email],
        subject=f"Community Payback: your session on {session.date:%A %d %B} is cancelled",
        body=(
            f"Hello {person.first_name},\n\n"
            f"Your Community Payback session on {session.date:%A %d %B} from {session.start_time:%H:%M} at "
            f"{session.project.site.name} will not go ahead ({reason.lower()}). Do not go to the site. "
            "This counts as an acceptable absence: you have done nothing wrong. We will contact you with "
            "your next session.\n"
        ),
    )
    return True


def _release_supervisors(session: Session, *, reason: str, by: User) -> int:
    released = 0
    for assignment in SessionSupervisor.objects.filter(session=session).select_related("supervisor__user"):
        assignment._change_reason = reason[:100]
        assignment._history_user = by
        user = assignment.supervisor.user
        if user.email:
            send_email(
                to=[user.email],
                subject=f"Session stood down: {session.project.name} on {session.date:%d %B}",
                body=f"{session} is stood down ({reason.lower()}). You are released from it.\n",
            )
        assignment.delete()
        released += 1
    return released


@transaction.atomic
def stand_down(*, sessions: QuerySet, reason: str, by: User, today: dt.date, note: str = "") -> StandDownResult:
    """Stands down every scheduled session from today among `sessions`. Safe to repeat: a session
    already stood down is left alone, and each outcome is a sync action keyed on the place."""
    if reason not in REASONS:
        raise StandDownError(UNKNOWN_REASON, field="reason")
    ids = list(standable(sessions, today=today).values_list("pk", flat=True))
    if not ids:
        raise StandDownError(NOTHING_TO_STAND_DOWN)
    why = f"{REASONS[reason]}. {note}".strip()
    result = StandDownResult()
    for session in Session.objects.select_for_update(of=("self",)).select_related("project__site").filter(pk__in=ids):
        places = Allocation.objects.filter(session=session, status=AllocationStatus.ALLOCATED).select_related(
            "requirement__person"
        )
        recorded = set(
            AttendanceRecord.objects.filter(allocation__in=places)
            .exclude(outcome="")
            .values_list("allocation_id", flat=True)
        )
        for place in places:
            if place.pk in recorded:
                continue
            done = attendance.attendance_apply_action(
                user=by,
                key=f"stand-down-{place.pk}",
                allocation_id=place.pk,
                kind="outcome",
                payload={"outcome": STOOD_DOWN_OUTCOME, "notes": f"Session stood down: {why}"},
                client_at=dt.datetime.now(dt.UTC),
            )
            error = done.action.result.get("error")
            if error:
                raise StandDownError(f"{place.requirement.person.crn}: {error}")
            result.outcomes += 1
            if _tell(place, reason=REASONS[reason]):
                result.told += 1
            else:
                result.not_told.append(place.requirement.person.crn)
        result.released += _release_supervisors(session, reason=f"Released: session stood down ({why})", by=by)
        session.status = SessionStatus.STOOD_DOWN
        session._change_reason = f"Stood down: {why}"[:100]
        session._history_user = by
        session.save(update_fields=["status"])
        result.sessions += 1
    return result
