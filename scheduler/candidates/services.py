"""Booking a person on a session straight from a ranked list of candidates.

The place goes through the one hard-rule check of every placement (`upw.core.placement`: the
matching checker's `check_placement`), under a lock on the session, so a person the list shows as
refused cannot be booked by a forged or stale request either. Booking is idempotent: the same
person on the same session again, or a retry under the same idempotency key, returns the place
already made. The place is saved with its history (the person's and the session's), and the person
is told by SMS (or email without a phone number) unless they opted out of messages, as a moved
booking is told (upw.bookings).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from scheduler.models import DirectBooking
from scheduler.rota import adapter as rota_adapter
from scheduler.rota import engine as rota_engine
from scheduler.rota.engine.evaluate import distance_km
from scheduler.rota.services import QUALIFICATION_WORDS, addition_refusals, assignment_add
from upw.core import placement, selectors
from upw.core.hours import format_minutes
from upw.models import Allocation, AllocationStatus, Requirement, RequirementStatus, Session, SessionStatus, User
from upw.reminders import services as reminders

NOT_PLACEABLE = "This person is not ready to be placed: no active requirement, not assessed, or induction not done."
SESSION_NOT_BOOKABLE = "This session has already happened or was stood down."
SESSION_FULL = "This session is full."
BREAKS_RULES = "{crn} cannot be booked on this session: {reasons}"
KEY_USED = "This idempotency key was used for another booking."
BAD_KEY = "An idempotency key has 8 to 80 characters."
SOURCE = "booked directly"


class BookingRefused(ValueError):
    def __init__(self, message: str, reasons: list[str] | None = None):
        super().__init__(message)
        # The hard rules' own sentences, when the refusal comes from them.
        self.reasons = list(reasons or [])


@dataclass(frozen=True)
class Booked:
    allocation: Allocation
    created: bool  # False: the place already existed (a retry or a second click)


def candidate_book(
    *, requirement: Requirement | None, session: Session, by: User, today: dt.date, key: str = ""
) -> Booked:
    """Books the requirement's person on the session if every hard rule allows it."""
    if key and not 8 <= len(key) <= 80:
        raise BookingRefused(BAD_KEY)
    if key:
        earlier = DirectBooking.objects.filter(key=key).select_related("allocation").first()
        if earlier is not None:
            return _replay(earlier, requirement=requirement, session=session, by=by)
    if requirement is None:
        raise BookingRefused(NOT_PLACEABLE)
    try:
        with transaction.atomic():
            booked = _book(requirement=requirement, session=session, by=by, today=today)
            if key:
                DirectBooking.objects.create(key=key, allocation=booked.allocation, created_by=by)
    except IntegrityError:
        # Two requests at once: the other one made the place (or used the key) first.
        if key and (earlier := DirectBooking.objects.filter(key=key).select_related("allocation").first()):
            return _replay(earlier, requirement=requirement, session=session, by=by)
        existing = _live_place(requirement, session)
        if existing is None:
            raise
        return Booked(existing, created=False)
    if booked.created:
        _tell(booked.allocation)
    return booked


def _replay(earlier: DirectBooking, *, requirement, session, by) -> Booked:
    a = earlier.allocation
    if (
        earlier.created_by_id != by.pk
        or a.session_id != session.pk
        or (requirement and a.requirement_id != requirement.pk)
    ):
        raise BookingRefused(KEY_USED)
    return Booked(a, created=False)


def _live_place(requirement: Requirement, session: Session) -> Allocation | None:
    return Allocation.objects.filter(
        requirement=requirement, session=session, status=AllocationStatus.ALLOCATED
    ).first()


def _book(*, requirement: Requirement, session: Session, by: User, today: dt.date) -> Booked:
    session = Session.objects.select_for_update(of=("self",)).select_related("project__site").get(pk=session.pk)
    existing = _live_place(requirement, session)
    if existing is not None:
        return Booked(existing, created=False)
    if session.status != SessionStatus.SCHEDULED or session.date <= today:
        raise BookingRefused(SESSION_NOT_BOOKABLE)
    if selectors.places_taken(session) >= session.capacity:
        raise BookingRefused(SESSION_FULL)
    reasons = placement.placement_refusals(requirement_id=requirement.pk, session_id=session.pk)
    if reasons:
        raise BookingRefused(BREAKS_RULES.format(crn=requirement.person.crn, reasons=" ".join(reasons)), reasons)
    allocation = Allocation(requirement=requirement, session=session, source=SOURCE, created_by=by)
    allocation._history_user = by
    allocation._change_reason = f"Booked directly by {by.get_full_name() or by.username}"[:100]
    allocation.save()
    if requirement.status == RequirementStatus.UNALLOCATED:
        requirement.status = RequirementStatus.IN_PROGRESS
        requirement._history_user = by
        requirement._change_reason = "First session booked directly"
        requirement.save(update_fields=["status"])
    return Booked(allocation, created=True)


def _tell(allocation: Allocation) -> bool:
    """Tells the person by SMS (or email without a phone number), as a changed booking is told, once
    the booking commits; nobody when they opted out of messages."""
    session = allocation.session
    site = session.project.site
    text = (
        f"Community Payback: you are booked on {session.date:%A %d %B} from {session.start_time:%H:%M} to "
        f"{session.end_time:%H:%M} at {site.name}, {site.postcode}. Contact your probation office if you cannot go."
    )
    return reminders.tell_after_commit(allocation.requirement.person, text)


# --- Staffing a session short of supervisors, from the rota ---------------------------------------

SESSION_NOT_ON_ROTA = "This session is not on this rota (it is past, stood down, or not supervised by probation)."


@dataclass(frozen=True)
class StaffCandidate:
    supervisor_id: int
    name: str
    cost: int  # what adding them changes in the rota engine's objective: lower is better
    minutes_left: int  # of the contract over the rota's period, after the sessions they already have
    km: float | None
    reasons: list[str]
    refusals: list[str]


@dataclass(frozen=True)
class Staffing:
    session_id: int
    label: str
    short_by: int
    fits: list[StaffCandidate]
    refused: list[StaffCandidate]
    unavailable: str = ""


def staffing_candidates(*, run, session_id: int) -> Staffing:
    """The region's supervisors for one session of a rota run: those the rota's own rule check
    (`addition_refusals`) allows, ranked by what each changes in the rota engine's objective
    (`engine.evaluate`: cover, requests, weekend and hours fairness, travel), then by contract hours
    left; and those it refuses, with its sentences."""

    built = rota_adapter.build_problem(region=run.region, start=run.start_date, end=run.end_date, previous=[])
    need = built.needs.get(session_id)
    if need is None:
        return Staffing(session_id, "", 0, [], [], unavailable=SESSION_NOT_ON_ROTA)
    pairs = [(int(s), int(p)) for s, p in run.assignments.values_list("session_id", "supervisor_id")]
    problem = built.problem
    base, base_terms = rota_engine.evaluate(problem, rota_adapter.engine_assignments(pairs))
    demand = next(d for d in problem.demands if d.id == rota_adapter.demand_id(session_id))
    staff = {s.id: s for s in problem.staff}
    on = [p for s, p in pairs if s == session_id]
    minutes_by = {}
    for s, p in pairs:
        if s in built.needs:
            minutes_by[p] = minutes_by.get(p, 0) + built.needs[s].minutes
    fits, refused = [], []
    for supervisor_id, info in built.supervisors.items():
        if supervisor_id in on:
            continue
        left = info["max_minutes"] - minutes_by.get(supervisor_id, 0)
        member = staff.get(rota_adapter.staff_id(supervisor_id))
        km = distance_km(member, demand) if member is not None else None
        refusals = addition_refusals(built, pairs, session_id, supervisor_id)
        if refusals:
            refused.append(StaffCandidate(supervisor_id, info["name"], 0, left, km, [], refusals))
            continue
        cost, terms = rota_engine.evaluate(
            problem, rota_adapter.engine_assignments([*pairs, (session_id, supervisor_id)])
        )
        reasons = [f"{format_minutes(max(left, 0))} of contract hours left", "available that day"]
        held = [
            q
            for q in need.qualifications
            if (info["gender"] == "female" if q == rota_engine.FEMALE else q in info["qualifications"])
        ]
        if held:
            reasons.append("brings " + ", ".join(_qualification_words(q) for q in held))
        fairness = (
            terms["hours_fairness"]
            - base_terms["hours_fairness"]
            + terms["weekend_fairness"]
            - base_terms["weekend_fairness"]
        )
        if fairness < 0:
            reasons.append("evens out the hours")
        elif fairness > 0:
            reasons.append("already has more than a fair share")
        if km is not None:
            reasons.append(f"{km:.1f} km from base")
        fits.append(StaffCandidate(supervisor_id, info["name"], cost - base, left, km, reasons, []))
    fits.sort(key=lambda c: (c.cost, -c.minutes_left, c.km if c.km is not None else 1e9, c.name, c.supervisor_id))
    refused.sort(key=lambda c: (c.name, c.supervisor_id))
    return Staffing(
        session_id=session_id,
        label=f"{need.label}, {need.date:%A %d %B} {need.start:%H:%M} to {need.end:%H:%M}",
        short_by=max(need.supervisors - len(on), 0),
        fits=fits,
        refused=refused,
    )


def _qualification_words(code: str) -> str:
    return QUALIFICATION_WORDS.get(code, code)


def staff_session(*, run, user, session_id: int, supervisor_id: int):
    """Adds the supervisor to the session through the rota's own edit (and its rule check)."""
    return assignment_add(run=run, user=user, session_id=session_id, supervisor_id=supervisor_id)
