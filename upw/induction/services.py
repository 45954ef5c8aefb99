"""Induction: offering and booking induction sessions, and recording that it is done.

Booking goes through the hard rules of every placement (upw.core.placement: the matching checker), so
exclusion zones, restrictive orders and the only woman in a mixed group are kept here too.

Induction sessions are sessions of projects of type "induction" (ProjectType.INDUCTION),
with their own dates and capacity. A booking is an Allocation of the person's requirement to one;
attending it (an attended outcome recorded by the attendance service) or a coordinator
marking it done sets `Requirement.induction_completed_on` on every active requirement of the person
that lacks it. Matching places nobody before that (upw.core.selectors.placeable_requirements).
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from upw.core import placement, selectors
from upw.core.distances import distance_km
from upw.models import Allocation, AllocationStatus, Person, ProjectType, Requirement, Session, SessionStatus, User
from upw.models.attendance import ATTENDED_OUTCOMES
from upw.models.requirements import ACTIVE_REQUIREMENT_STATUSES

NOT_ASSESSED = "Complete the assessment before booking an induction."
ALREADY_INDUCTED = "The induction is already done."
NO_ACTIVE_REQUIREMENT = "There is no active requirement to book an induction for."
NOT_INDUCTION = "That session is not an induction session."
SESSION_FULL = "That induction session is full. Choose another one."
SESSION_PAST = "That induction session has already happened or was stood down."
BEFORE_SENTENCE = "The induction cannot be done before the sentence date ({date:%d %B %Y})."
IN_FUTURE = "The induction cannot be marked done on a date in the future."
BREAKS_RULES = "This induction session is not allowed for this person: {reasons}"

OFFERED = 5


class InductionError(ValueError):
    def __init__(self, message: str, reasons: list[str] | None = None):
        super().__init__(message)
        # The hard rules' own sentences, when the refusal comes from them.
        self.reasons = list(reasons or [])


def induction_sessions(sessions: QuerySet) -> QuerySet:
    return sessions.filter(project__project_type=ProjectType.INDUCTION)


@dataclass(frozen=True)
class Offer:
    session: Session
    places_left: int
    km: float | None


def sessions_offered(*, person: Person, sessions: QuerySet, today: dt.date, limit: int = OFFERED) -> list[Offer]:
    """Induction sessions with space from today, in the person's region, nearest first, then soonest,
    leaving out those the hard rules refuse for this person (booking one would be refused).

    `sessions` is what the user may see. Only the next 60 days are looked at.
    """
    upcoming = selectors.with_places_taken(
        induction_sessions(sessions).filter(
            status=SessionStatus.SCHEDULED,
            date__gte=today,
            date__lte=today + dt.timedelta(days=60),
            project__site__pdu__region=person.pdu.region_id,
        )
    ).select_related("project__site")
    offers = []
    for session in upcoming:
        left = session.capacity - session.places_taken
        if left <= 0:
            continue
        site = session.project.site
        km = None
        if None not in (person.latitude, person.longitude, site.latitude, site.longitude):
            km = distance_km((person.latitude, person.longitude), (site.latitude, site.longitude))
        offers.append(Offer(session=session, places_left=left, km=km))
    # Nearest site first (rounded to the kilometre, so sessions at one site sort by date).
    offers.sort(key=lambda o: (round(o.km) if o.km is not None else 10**6, o.session.date, o.session.start_time))
    requirement = needing_induction(person).order_by("deadline", "id").first()
    if requirement is None:
        return offers[:limit]
    allowed = []
    for offer in offers:
        if not placement.placement_refusals(requirement_id=requirement.pk, session_id=offer.session.pk, induction=True):
            allowed.append(offer)
            if len(allowed) == limit:
                break
    return allowed


def needing_induction(person: Person) -> QuerySet:
    return person.requirements.filter(status__in=ACTIVE_REQUIREMENT_STATUSES, induction_completed_on__isnull=True)


def current_booking(person: Person) -> Allocation | None:
    """The person's live booking on an induction session, if any."""
    return (
        Allocation.objects.filter(
            requirement__person=person,
            status=AllocationStatus.ALLOCATED,
            session__project__project_type=ProjectType.INDUCTION,
        )
        .select_related("session__project__site")
        .order_by("-session__date")
        .first()
    )


@transaction.atomic
def induction_book(*, person: Person, session: Session, by: User, today: dt.date) -> Allocation:
    """Books the person on an induction session. Booking the session already booked changes
    nothing; booking another one moves the booking."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    session = Session.objects.select_for_update().select_related("project").get(pk=session.pk)
    if session.project.project_type != ProjectType.INDUCTION:
        raise InductionError(NOT_INDUCTION)
    booking = current_booking(person)
    if booking is not None and booking.session_id == session.id:
        return booking
    if person.assessed_on is None:
        raise InductionError(NOT_ASSESSED)
    requirement = needing_induction(person).order_by("deadline", "id").first()
    if requirement is None:
        active = person.requirements.filter(status__in=ACTIVE_REQUIREMENT_STATUSES).exists()
        raise InductionError(ALREADY_INDUCTED if active else NO_ACTIVE_REQUIREMENT)
    if session.status != SessionStatus.SCHEDULED or session.date < today:
        raise InductionError(SESSION_PAST)
    if selectors.places_taken(session) >= session.capacity:
        raise InductionError(SESSION_FULL)
    reasons = placement.placement_refusals(requirement_id=requirement.pk, session_id=session.pk, induction=True)
    if reasons:
        raise InductionError(BREAKS_RULES.format(reasons=" ".join(reasons)), reasons)
    if booking is not None:
        booking.status = AllocationStatus.CANCELLED
        booking.save(update_fields=["status"])
    return Allocation.objects.create(requirement=requirement, session=session, source="induction", created_by=by)


@transaction.atomic
def induction_complete(*, person: Person, on: dt.date, today: dt.date) -> int:
    """Marks the induction done on `on` for every active requirement still waiting. Returns how many."""
    waiting = needing_induction(person)
    first_sentence = waiting.order_by("sentence_date").values_list("sentence_date", flat=True).first()
    if on > today:
        raise InductionError(IN_FUTURE)
    if first_sentence is not None and on < first_sentence:
        raise InductionError(BEFORE_SENTENCE.format(date=first_sentence))
    done = waiting.update(induction_completed_on=on)
    # A booking on a later induction session would hold a place someone else needs.
    Allocation.objects.filter(
        requirement__person=person,
        status=AllocationStatus.ALLOCATED,
        session__project__project_type=ProjectType.INDUCTION,
        session__date__gt=on,
    ).update(status=AllocationStatus.CANCELLED)
    return done


def record_attendance(*, allocation_id: int) -> None:
    """Called when an attendance record is saved: an attended induction completes the induction."""
    allocation = (
        Allocation.objects.select_related("session__project", "requirement__person", "attendance")
        .filter(pk=allocation_id)
        .first()
    )
    if allocation is None or allocation.session.project.project_type != ProjectType.INDUCTION:
        return
    if allocation.attendance.outcome not in ATTENDED_OUTCOMES:
        return
    Requirement.objects.filter(
        person=allocation.requirement.person,
        status__in=ACTIVE_REQUIREMENT_STATUSES,
        induction_completed_on__isnull=True,
    ).update(induction_completed_on=allocation.session.date)
