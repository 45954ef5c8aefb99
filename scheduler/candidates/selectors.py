"""Who could fill a session's free place, and which sessions a person could do: one place at a time.

The people (or sessions) within reach are found in SQL first: a box around the site (or the home)
as wide as each person's own maximum travel and a margin, so a region of 20,000 people reads a few
hundred. The adapter then builds the matching problem of just those, and the engine checks every
pair with `check_placement` and ranks the ones allowed by its own points (`engine.rank_placements`).
The margin brings in people just beyond their travel limit, so that the coordinator sees them among
those who do not fit, with the distance as the reason.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import F, QuerySet

from scheduler.matching import adapter, engine
from scheduler.matching.engine.candidates import needed_availability_bits
from upw.core.selectors import placeable_requirements
from upw.models import Allocation, AllocationStatus, Person, Requirement, Session, SessionStatus

# People this much beyond their own maximum travel are listed among those who do not fit.
MARGIN_KM = 5.0
# The furthest anyone may travel (upw.models.Person.max_travel_km), for the coarse part of the box.
LONGEST_TRAVEL_KM = 200
KM_PER_DEGREE_LATITUDE = 111.0
# How far ahead a person's page looks for sessions.
PERSON_DAYS_AHEAD = 28
# The most people or sessions shown in each list: a coordinator books one at a time.
LIST_LIMIT = 50

NOT_OPEN = (
    "This session cannot be filled here: it is today or past, stood down, not a group or individual "
    "placement, on a bank holiday, or its site has no known location."
)
NO_HOME = "The person's home postcode has no known location, so travel cannot be worked out."
NOT_PLACEABLE = "This person is not ready to be placed (no active requirement, not assessed, or induction not done)."


@dataclass(frozen=True)
class Candidate:
    """One placement of a ranked list, with the person and session it is about."""

    person: Person
    requirement_id: int
    session: Session
    points: float
    km: float
    minutes: int
    reasons: list[str] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)


@dataclass(frozen=True)
class Candidates:
    fits: list[Candidate]
    refused: list[Candidate]
    # Why nothing could be ranked at all (the session is not open, the person has no home location).
    unavailable: str = ""
    considered: int = 0


def _degrees_of_longitude(km, latitude: float):
    # The box is widened at its poleward edge, where a degree of longitude is shortest.
    edge = min(abs(latitude) + LONGEST_TRAVEL_KM / KM_PER_DEGREE_LATITUDE, 89.0)
    return km / (KM_PER_DEGREE_LATITUDE * math.cos(math.radians(edge)))


def people_in_reach(people: QuerySet, *, latitude: float, longitude: float, margin_km: float = MARGIN_KM) -> QuerySet:
    """People whose home is inside a box around the point as wide as their own maximum travel plus
    `margin_km`: a prefilter in SQL, the exact distance is the engine's."""
    reach = F("max_travel_km") + margin_km
    return people.filter(
        latitude__isnull=False,
        longitude__isnull=False,
        latitude__gte=latitude - reach / KM_PER_DEGREE_LATITUDE,
        latitude__lte=latitude + reach / KM_PER_DEGREE_LATITUDE,
        longitude__gte=longitude - _degrees_of_longitude(reach, latitude),
        longitude__lte=longitude + _degrees_of_longitude(reach, latitude),
    )


def _nearest_first(people: QuerySet, *, latitude: float, longitude: float) -> QuerySet:
    # Flat-earth distance squared: enough to order neighbours within a few tens of km.
    east = KM_PER_DEGREE_LATITUDE * math.cos(math.radians(latitude))
    north_km = (F("latitude") - latitude) * KM_PER_DEGREE_LATITUDE
    east_km = (F("longitude") - longitude) * east
    return people.alias(away=north_km * north_km + east_km * east_km).order_by("away", "id")


def sessions_in_reach(sessions: QuerySet, *, person: Person) -> QuerySet:
    reach = float(person.max_travel_km) + MARGIN_KM
    lat, lon = person.latitude, person.longitude
    return sessions.filter(
        project__site__latitude__gte=lat - reach / KM_PER_DEGREE_LATITUDE,
        project__site__latitude__lte=lat + reach / KM_PER_DEGREE_LATITUDE,
        project__site__longitude__gte=lon - _degrees_of_longitude(reach, lat),
        project__site__longitude__lte=lon + _degrees_of_longitude(reach, lat),
    )


def _candidates(built: adapter.BuiltProblem, ranking: engine.Ranking, sessions: dict[int, Session]):
    people = Person.objects.in_bulk([built.people[r.person_id][0] for r in ranking.fits + ranking.refused])

    def one(r: engine.RankedPlacement) -> Candidate:
        return Candidate(
            person=people[built.people[r.person_id][0]],
            requirement_id=r.person_id,
            session=sessions[r.session_id],
            points=r.points,
            km=r.km,
            minutes=r.minutes,
            reasons=r.reasons,
            refusals=r.refusals,
        )

    return [one(r) for r in ranking.fits], [one(r) for r in ranking.refused]


def who_could_fill(*, session: Session, people: QuerySet, today: dt.date, limit: int = LIST_LIMIT) -> Candidates:
    """The people of `people` (the user's scope) within reach of the session: the best `limit` that
    the hard rules allow, by the engine's points, and the nearest `limit` that they refuse, with why.

    The people likely to fit are found in SQL (within their own travel, free that part of that
    weekday, not booked elsewhere that day, placeable) and all of them are scored; of the rest within
    reach, only the nearest are read, to say why they do not fit."""
    site = session.project.site
    region = site.pdu.region
    if site.latitude is None or site.longitude is None:
        return Candidates([], [], unavailable=NOT_OPEN)
    here = {"latitude": site.latitude, "longitude": site.longitude}
    # One read of the people in the box (the widest reach), then plain Python: subqueries over the
    # region's requirements and places cost more than the whole box.
    rows = people_in_reach(people.filter(pdu__region=region), **here).values_list(
        "id", "latitude", "longitude", "max_travel_km", "availability_mask"
    )
    that_day = Session.objects.filter(date=session.date).exclude(status=SessionStatus.STOOD_DOWN)
    booked_that_day = set(
        Allocation.objects.filter(
            status=AllocationStatus.ALLOCATED, session_id__in=list(that_day.values_list("id", flat=True))
        ).values_list("requirement__person_id", flat=True)
    )
    # The people already on the session are on its page, not among the candidates.
    holders = set(
        Allocation.objects.filter(session=session, status=AllocationStatus.ALLOCATED).values_list(
            "requirement__person_id", flat=True
        )
    )
    bits = needed_availability_bits(session.date, session.start_time, session.end_time)
    east = KM_PER_DEGREE_LATITUDE * math.cos(math.radians(site.latitude))
    likely_ids, others = [], []
    for person_id, lat, lon, travel, mask in rows:
        if person_id in holders:
            continue
        away = math.hypot((lat - site.latitude) * KM_PER_DEGREE_LATITUDE, (lon - site.longitude) * east)
        if away <= travel and mask & bits == bits and person_id not in booked_that_day:
            likely_ids.append(person_id)
        else:
            others.append((away, person_id))
    # Some of the nearest may not be ready to be placed: read a few more than are shown.
    other_ids = [person_id for _, person_id in sorted(others)[: 2 * limit]]
    built = adapter.build_problem(
        region=region,
        start=session.date,
        end=session.date,
        today=today,
        person_ids=likely_ids + other_ids,
        session_ids=[session.pk],
    )
    if session.pk not in built.sessions:
        return Candidates([], [], unavailable=NOT_OPEN)
    ranking = engine.rank_placements(built.problem, limit=limit)
    fits, refused = _candidates(built, ranking, {session.pk: session})
    return Candidates(fits, refused, considered=len(built.problem.people))


def sessions_for(
    *, person: Person, sessions: QuerySet, today: dt.date, days: int = PERSON_DAYS_AHEAD, limit: int = LIST_LIMIT
) -> Candidates:
    """The sessions of `sessions` (the user's scope) from tomorrow within reach of the person's home:
    those the hard rules allow, best first by the engine's points, and those they refuse, with why."""
    if person.latitude is None or person.longitude is None:
        return Candidates([], [], unavailable=NO_HOME)
    region = person.pdu.region
    end = today + dt.timedelta(days=days)
    nearby = sessions_in_reach(
        sessions.filter(project__site__pdu__region=region, date__gt=today, date__lte=end), person=person
    )
    session_ids = list(nearby.values_list("id", flat=True))
    built = adapter.build_problem(
        region=region, start=today, end=end, today=today, person_ids=[person.pk], session_ids=session_ids
    )
    if not built.people:
        return Candidates([], [], unavailable=(built.skipped and next(iter(built.skipped.values()))) or NOT_PLACEABLE)
    by_id = Session.objects.select_related("project__site").in_bulk(list(built.sessions))
    ranking = engine.rank_placements(built.problem, limit=limit)
    fits, refused = _candidates(built, ranking, by_id)
    return Candidates(fits, refused, considered=len(built.problem.sessions))


def requirement_to_book(*, person: Person) -> Requirement | None:
    """The requirement a direct booking is for: the placeable one due first, as matching chooses it."""
    return placeable_requirements(Requirement.objects.filter(person=person)).order_by("deadline", "id").first()
