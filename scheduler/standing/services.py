"""Standing allocations: creating, pausing and ending them, and turning them into bookings.

`generate_bookings` runs nightly after the session horizon is filled (tasks.py) and when a standing
allocation is made. For each active one it walks the dates it falls on from tomorrow to the horizon
and books the project's session on each date, unless:

* the date already has its booking (a `StandingBooking`, kept even when the place is later cancelled,
  so a cancelled place is never booked again behind the coordinator's back);
* the person's hours are all booked (it stops: nothing more is owed, and no shortfall is reported);
* it is a bank holiday, or an absence is recorded for the person that day;
* the project has no session open that day, or the person cannot be placed at all;
* the one hard-rule check, `scheduler.matching.engine.check_placement`, refuses the place.

Every date skipped for one of the last four reasons is a `StandingShortfall` with the reason, renewed
each run (a date that can be booked later loses its shortfall).

The people and sessions are read once per region with the matching adapter (a fixed number of queries,
no query per person or per date), and each placement is checked against a one-person, one-session
problem that carries what this run has already booked (places taken, the person's busy dates, minutes
left and minutes in the week), so checking stays cheap however many people there are. Writes are in
bulk: the allocations, their history, the standing bookings, the sessions' history and the shortfalls.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from partners.models import Project
from scheduler.matching import adapter, engine
from scheduler.models import Frequency, StandingAllocation, StandingBooking, StandingShortfall, StandingStatus
from upw.core.calendar import is_bank_holiday
from upw.models import (
    Allocation,
    AllocationStatus,
    AttendanceRecord,
    Requirement,
    Session,
    User,
)
from upw.models.requirements import ACTIVE_REQUIREMENT_STATUSES

BANK_HOLIDAY = "Bank holiday: no place is booked."
ABSENT = "An absence is recorded for the person that day."
NO_SESSION = "The project has no session open for booking that day."
NOT_PLACEABLE = (
    "The person cannot be placed: their requirement is not active, or their assessment or induction is not done."
)

NOT_ACTIVE_REQUIREMENT = "Choose a requirement that is still running."
PROJECT_NOT_RUNNING = "Choose a project that is approved or active."
PROJECT_KIND = "Choose a group or individual placement project: inductions and ETE are booked by other means."
PROJECT_OTHER_REGION = "Choose a project in the person's region."
START_IN_PAST = "The start date must be tomorrow or later."
END_BEFORE_START = "The end date must be on or after the start date."
START_WRONG_WEEKDAY = "The start date must be a {weekday}, the day of the week chosen."
KEY_REUSED = "This idempotency key was used for another standing allocation."
ALREADY_ENDED = "This standing allocation has already ended."
NOT_ACTIVE = "Only an active standing allocation can be paused."
NOT_PAUSED = "Only a paused standing allocation can be resumed."

# Outcomes recorded ahead that mean the person will not be there: the acceptable absences.
ABSENCE_OUTCOMES = ("AAME", "AAEM", "AAFC", "AACL", "CO05")
SOURCE = "standing"


class StandingError(Exception):
    def __init__(self, message: str, *, field: str = ""):
        super().__init__(message)
        self.field = field


# --- Creating, pausing, ending ---------------------------------------------------------------------


def _history_note(instances, *, by: User | None, reason: str) -> None:
    """A history row on each instance that says what happened to it, without changing a field."""
    if not instances:
        return
    model = type(instances[0])
    model.history.bulk_history_create(instances, update=True, default_user=by, default_change_reason=reason[:100])


def validate(
    *, requirement: Requirement, project: Project, weekday: int, start_date: dt.date, end_date: dt.date | None,
    today: dt.date,
) -> None:  # fmt: skip
    """Raises StandingError, naming the field, for the first thing wrong with a new standing allocation."""
    if requirement.status not in ACTIVE_REQUIREMENT_STATUSES:
        raise StandingError(NOT_ACTIVE_REQUIREMENT, field="requirement")
    if project.status not in adapter.RUNNING_PROJECT_STATUSES:
        raise StandingError(PROJECT_NOT_RUNNING, field="project")
    if project.project_type not in adapter.ENGINE_PROJECT_TYPES:
        raise StandingError(PROJECT_KIND, field="project")
    if project.site is None or project.site.pdu.region_id != requirement.person.pdu.region_id:
        raise StandingError(PROJECT_OTHER_REGION, field="project")
    if start_date <= today:
        raise StandingError(START_IN_PAST, field="start_date")
    if start_date.weekday() != weekday:
        raise StandingError(START_WRONG_WEEKDAY.format(weekday=engine_weekday(weekday)), field="start_date")
    if end_date is not None and end_date < start_date:
        raise StandingError(END_BEFORE_START, field="end_date")


def engine_weekday(weekday: int) -> str:
    return ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][weekday]


def standing_create(
    *,
    requirement: Requirement,
    project: Project,
    weekday: int,
    frequency: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    notes: str = "",
    by: User | None,
    idempotency_key: str = "",
    today: dt.date | None = None,
) -> tuple[StandingAllocation, bool]:
    """Makes a standing allocation and books its dates at once; (allocation, created).

    With an idempotency key already used for the same requirement, answers with the allocation that
    the first request made (created False) and books nothing new.
    """
    today = today or timezone.localdate()
    if idempotency_key:
        existing = StandingAllocation.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            if existing.requirement_id != requirement.pk:
                raise StandingError(KEY_REUSED, field="idempotency_key")
            return existing, False
    validate(
        requirement=requirement, project=project, weekday=weekday, start_date=start_date, end_date=end_date, today=today
    )
    if frequency not in Frequency.values:
        raise StandingError("Choose how often.", field="frequency")
    with transaction.atomic():
        standing = StandingAllocation(
            region_id=requirement.person.pdu.region_id,
            requirement=requirement,
            project=project,
            weekday=weekday,
            frequency=frequency,
            start_date=start_date,
            end_date=end_date,
            notes=notes,
            created_by=by,
            idempotency_key=idempotency_key or None,
        )
        standing._history_user = by
        standing.save()
        _history_note(
            [requirement.person], by=by, reason=f"Standing allocation made: {project.name}, {standing.weekday_name}s"
        )
    generate_bookings(standing_ids=[standing.pk], today=today, by=by)
    return standing, True


def _set_status(standing: StandingAllocation, status: str, *, by: User | None, reason: str) -> None:
    standing.status = status
    if status == StandingStatus.ENDED:
        standing.ended_at = timezone.now()
    standing._history_user = by
    standing._change_reason = reason[:100]
    standing.save(update_fields=["status", "ended_at"])
    _history_note([standing.requirement.person], by=by, reason=f"{reason}: {standing.project.name}")


@transaction.atomic
def standing_pause(*, standing: StandingAllocation, by: User | None) -> StandingAllocation:
    """Stops booking new dates; the places already booked are kept."""
    standing = StandingAllocation.objects.select_for_update().get(pk=standing.pk)
    if standing.status != StandingStatus.ACTIVE:
        raise StandingError(NOT_ACTIVE)
    _set_status(standing, StandingStatus.PAUSED, by=by, reason="Standing allocation paused")
    return standing


def standing_resume(*, standing: StandingAllocation, by: User | None, today: dt.date | None = None):
    with transaction.atomic():
        standing = StandingAllocation.objects.select_for_update().get(pk=standing.pk)
        if standing.status != StandingStatus.PAUSED:
            raise StandingError(NOT_PAUSED)
        _set_status(standing, StandingStatus.ACTIVE, by=by, reason="Standing allocation resumed")
    generate_bookings(standing_ids=[standing.pk], today=today, by=by)
    return standing


@transaction.atomic
def standing_end(*, standing: StandingAllocation, by: User | None, today: dt.date | None = None) -> int:
    """Ends the standing allocation and cancels its places after today that have no outcome yet;
    answers how many were cancelled. Ending an ended one is refused."""
    today = today or timezone.localdate()
    standing = StandingAllocation.objects.select_for_update().get(pk=standing.pk)
    if standing.status == StandingStatus.ENDED:
        raise StandingError(ALREADY_ENDED)
    _set_status(standing, StandingStatus.ENDED, by=by, reason="Standing allocation ended")
    ahead = list(
        Allocation.objects.filter(
            standing_booking__standing=standing,
            status=AllocationStatus.ALLOCATED,
            session__date__gt=today,
            attendance__isnull=True,
        ).select_related("session")
    )
    for place in ahead:
        place.status = AllocationStatus.CANCELLED
    Allocation.objects.bulk_update(ahead, ["status"])
    _history_note(ahead, by=by, reason="Cancelled: the standing allocation ended")
    _history_note([p.session for p in ahead], by=by, reason="A standing place was cancelled")
    StandingShortfall.objects.filter(standing=standing, date__gt=today).delete()
    return len(ahead)


# --- Generating bookings ---------------------------------------------------------------------------


@dataclass
class GenerationResult:
    standing: int = 0
    booked: int = 0
    already_booked: int = 0
    shortfalls: int = 0
    hours_done: int = 0  # standing allocations that stopped because the person's hours are all booked
    by_standing: dict[int, list[tuple[dt.date, str]]] = field(default_factory=dict)  # new shortfalls

    def shortfall_kinds(self) -> dict[str, int]:
        """How many shortfalls of each kind: the reasons above, or a hard rule's refusal."""
        kinds: dict[str, int] = defaultdict(int)
        known = {BANK_HOLIDAY, ABSENT, NO_SESSION, NOT_PLACEABLE}
        for missed in self.by_standing.values():
            for _day, reason in missed:
                kinds[reason if reason in known else "Refused by the hard rules"] += 1
        return dict(kinds)

    def add(self, other: GenerationResult) -> None:
        for name in ("standing", "booked", "already_booked", "shortfalls", "hours_done"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.by_standing.update(other.by_standing)

    def as_dict(self) -> dict[str, int]:
        return {n: getattr(self, n) for n in ("standing", "booked", "already_booked", "shortfalls", "hours_done")}


def horizon_end(today: dt.date) -> dt.date:
    """The last day booked: as far ahead as sessions are generated (UPW_SESSION_HORIZON_WEEKS)."""
    return today + dt.timedelta(weeks=settings.UPW_SESSION_HORIZON_WEEKS)


def standing_dates(standing: StandingAllocation, first: dt.date, last: dt.date) -> list[dt.date]:
    """The dates from `first` to `last` the standing allocation falls on (its weekday, every week or
    every other week counted from its start date), within its own start and end dates."""
    first = max(first, standing.start_date)
    if standing.end_date is not None:
        last = min(last, standing.end_date)
    # The first day on the weekday on or after `first`.
    day = first + dt.timedelta(days=(standing.weekday - first.weekday()) % 7)
    step = 14 if standing.frequency == Frequency.FORTNIGHTLY else 7
    if step == 14 and ((day - standing.start_date).days // 7) % 2:
        day += dt.timedelta(days=7)
    out = []
    while day <= last:
        out.append(day)
        day += dt.timedelta(days=step)
    return out


def generate_bookings(
    *, today: dt.date | None = None, standing_ids=None, by: User | None = None, last: dt.date | None = None
) -> GenerationResult:
    """Books every active standing allocation's dates up to the horizon (or `last`), region by region.
    Running it again books nothing twice."""
    today = today or timezone.localdate()
    first = today + dt.timedelta(days=1)
    last = last or horizon_end(today)
    active = StandingAllocation.objects.filter(status=StandingStatus.ACTIVE, start_date__lte=last).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=first)
    )
    if standing_ids is not None:
        active = active.filter(pk__in=list(standing_ids))
    result = GenerationResult()
    for region_id in sorted(set(active.values_list("region_id", flat=True))):
        result.add(_generate_region(region_id, active.filter(region_id=region_id), today, first, last, by))
    return result


@transaction.atomic
def _generate_region(region_id, active, today: dt.date, first: dt.date, last: dt.date, by) -> GenerationResult:
    from upw.models import Region

    # Locked, so two runs at once (the nightly task and a coordinator's new allocation) wait for each other.
    standing = list(active.select_for_update().select_related(None).order_by("created_at", "id"))
    result = GenerationResult(standing=len(standing))
    if not standing:
        return result
    region = Region.objects.get(pk=region_id)
    requirement_ids = {s.requirement_id for s in standing}
    built = adapter.build_problem(region=region, start=first, end=last, today=today, requirement_ids=requirement_ids)
    problem = built.problem
    people = problem.person_by_id()
    person_of = dict(Requirement.objects.filter(pk__in=requirement_ids).values_list("id", "person_id"))
    project_ids = {s.project_id for s in standing}
    sessions_on: dict[tuple[int, dt.date], list[engine.Session]] = defaultdict(list)
    for s in problem.sessions:
        if s.project_id in project_ids:
            sessions_on[(s.project_id, s.date)].append(s)
    for found in sessions_on.values():
        found.sort(key=lambda s: (s.start, s.id))
    enemies: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for a, b in problem.non_associations:
        enemies[a].append((a, b))
        enemies[b].append((a, b))

    ids = [s.pk for s in standing]
    done_dates = set(
        StandingBooking.objects.filter(standing_id__in=ids, date__gte=first, date__lte=last).values_list(
            "standing_id", "date"
        )
    )
    absent = set(
        AttendanceRecord.objects.filter(
            allocation__requirement_id__in=requirement_ids,
            outcome__in=ABSENCE_OUTCOMES,
            allocation__session__date__gte=first,
            allocation__session__date__lte=last,
        ).values_list("allocation__requirement__person_id", "allocation__session__date")
    )

    # What this run has booked so far, on top of what the problem says was already there.
    person_now: dict[int, engine.Person] = {}
    session_now: dict[int, engine.Session] = {s.id: s for found in sessions_on.values() for s in found}
    bookings: list[tuple[StandingAllocation, dt.date, int]] = []
    shortfalls: list[StandingShortfall] = []

    for sa in standing:
        person_id = person_of[sa.requirement_id]
        engine_person = people.get(sa.requirement_id)
        missed: list[tuple[dt.date, str]] = []
        hours_done = False
        for day in standing_dates(sa, first, last):
            if (sa.pk, day) in done_dates:
                result.already_booked += 1
                continue
            if hours_done:
                continue
            if engine_person is not None:
                engine_person = person_now.get(engine_person.id, engine_person)
                if engine_person.minutes_left <= 0:
                    # Nothing more is owed: the dates left are not shortfalls.
                    result.hours_done += 1
                    hours_done = True
                    continue
            reason = _skip_reason(day, person_id, engine_person, built, sa, sessions_on, absent)
            if reason is None:
                candidates = sessions_on[(sa.project_id, day)]
                reason, session = _first_allowed(engine_person, candidates, session_now, problem, enemies)
                if session is not None:
                    bookings.append((sa, day, session.id))
                    person_now[engine_person.id] = _after_booking(engine_person, session)
                    session_now[session.id] = _with_newcomer(session, engine_person)
                    continue
            missed.append((day, reason))
            shortfalls.append(StandingShortfall(standing=sa, date=day, reason=reason))
        if missed:
            result.by_standing[sa.pk] = missed

    _write(standing, bookings, shortfalls, first, by)
    result.booked = len(bookings)
    result.shortfalls = len(shortfalls)
    return result


def _skip_reason(day, person_id, engine_person, built, sa, sessions_on, absent) -> str | None:
    if is_bank_holiday(day):
        return BANK_HOLIDAY
    if (person_id, day) in absent:
        return ABSENT
    if engine_person is None:
        return built.skipped.get(sa.requirement_id, NOT_PLACEABLE)
    if not sessions_on.get((sa.project_id, day)):
        return NO_SESSION
    return None


def _first_allowed(person, candidates, session_now, problem, enemies) -> tuple[str, engine.Session | None]:
    """The first of the day's sessions that the hard-rule check allows, or the reasons it refused the first."""
    first_refusal = ""
    for candidate in candidates:
        session = session_now[candidate.id]
        one = engine.Problem(
            people=[person],
            sessions=[session],
            today=problem.today,
            non_associations=enemies.get(person.id, []),
            rules=problem.rules,
            weights=problem.weights,
        )
        reasons = engine.check_placement(one, [], person.id, session.id)
        if not reasons:
            return "", session
        first_refusal = first_refusal or " ".join(reasons)
    return first_refusal, None


def _after_booking(person: engine.Person, session: engine.Session) -> engine.Person:
    week = session.date.isocalendar()[:2]
    by_week = dict(person.planned_minutes_by_week)
    by_week[week] = by_week.get(week, 0) + session.credited_minutes
    return dataclasses.replace(
        person,
        minutes_left=max(person.minutes_left - session.credited_minutes, 0),
        busy_dates=person.busy_dates | {session.date},
        planned_minutes_by_week=by_week,
        awaiting_first_session=False,
    )


def _with_newcomer(session: engine.Session, person: engine.Person) -> engine.Session:
    return dataclasses.replace(
        session,
        taken=session.taken + 1,
        allocated_person_ids=session.allocated_person_ids | {person.id},
        women_already=session.women_already + (1 if person.gender == engine.model.FEMALE else 0),
        close_supervision_already=session.close_supervision_already + (1 if person.close_supervision else 0),
    )


def _write(standing, bookings, shortfalls, first: dt.date, by) -> None:
    places = [
        Allocation(requirement_id=sa.requirement_id, session_id=session_id, source=SOURCE, created_by=by)
        for sa, _day, session_id in bookings
    ]
    Allocation.objects.bulk_create(places, batch_size=2000)
    if places:
        Allocation.history.bulk_history_create(
            places, batch_size=2000, default_user=by, default_change_reason="Booked by a standing allocation"
        )
        StandingBooking.objects.bulk_create(
            [
                StandingBooking(standing=sa, date=day, allocation=place)
                for (sa, day, _s), place in zip(bookings, places, strict=True)
            ],
            batch_size=2000,
        )
        sessions = Session.objects.in_bulk({p.session_id for p in places})
        Session.history.bulk_history_create(
            [sessions[p.session_id] for p in places],
            batch_size=2000,
            update=True,
            default_user=by,
            default_change_reason="Place booked by a standing allocation",
        )
    # Shortfalls are worked out afresh each run: a date that can now be booked loses its shortfall.
    StandingShortfall.objects.filter(standing__in=standing, date__gte=first).delete()
    StandingShortfall.objects.bulk_create(shortfalls, batch_size=2000)
    StandingAllocation.objects.filter(pk__in=[s.pk for s in standing]).update(last_generated_at=timezone.now())


__all__ = [
    "GenerationResult",
    "StandingError",
    "generate_bookings",
    "standing_create",
    "standing_end",
    "standing_pause",
    "standing_resume",
]
