"""The independent hard-rule checker.

It shares no eligibility code with the engine: every rule is re-derived here from the raw dataclasses
with plain Python (scalar haversine, datetime arithmetic), one allocation at a time. The engine's
benchmark counts violations with it, the tests run it on every random instance, and the coordinator's
hand edits are checked with `check_placement`, whose messages are shown as they are.

What counts as a violation of a plan (new allocations on top of what the problem says is already there):

* capacity: places already taken + new allocations > capacity;
* availability: the person is not free for every part of the day (morning < 12:00, afternoon
  12:00-17:00, evening >= 17:00) the session overlaps;
* one session a day, counting `busy_dates` and sessions the person already holds;
* hours left: new credited minutes > minutes left, unless it is a single session and some minutes are
  left (the documented "one last session" rule of model.py);
* weekly maximum per ISO week, counting minutes already planned that week;
* restrictions: children, vulnerable adults, public-facing, heavy work, accessible site, individual
  placement only, unsuitable for individual placement, women-only sessions (women only), female-only
  group preference (women-only or individual sessions only), a woman's choice of an individual placement
  (individual sessions only), supervisor gender (unknown roster: allowed), close supervision (a
  probation-supervised group session only);
* group size and people per supervisor: on a group session, places taken + new allocations > the
  rules' group size, or > supervisors x people per supervisor (when both are known);
* close supervision: a session with anyone needing close supervision (already there or new) holding
  more people than the rules' close-supervision group size;
* exclusion zones (site within the radius) and maximum travel (great-circle distance);
* non-associations: two named people in the same session, counting people already there;
* only woman: a mixed group (not women-only, not individual) that the plan adds anyone to and that ends
  with exactly one woman;
* induction not done (`eligible` false) and unknown people or sessions; the same allocation twice.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from .model import FEMALE, FEMALE_ONLY, INDIVIDUAL, NOT_FEMALE, NOT_MALE, Allocation, Person, Problem, Session

_R = 6371.0088


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * _R * math.asin(math.sqrt(min(max(a, 0.0), 1.0)))


def _minutes(session: Session) -> int:
    on_site = (session.end.hour * 60 + session.end.minute) - (session.start.hour * 60 + session.start.minute)
    return max(on_site - session.break_minutes, 0)


def _free_for(person: Person, session: Session) -> bool:
    start = session.start.hour * 60 + session.start.minute
    end = session.end.hour * 60 + session.end.minute
    weekday = session.date.weekday()
    for part, (lo, hi) in enumerate(((0, 720), (720, 1020), (1020, 1440))):
        if start < hi and end > lo and not person.availability_mask >> (weekday * 3 + part) & 1:
            return False
    return True


def _weekly_max(problem: Problem, person: Person) -> int:
    if person.weekly_max_minutes is not None:
        return person.weekly_max_minutes
    r = problem.rules
    return r.intensive_weekly_max_minutes if person.intensive else r.standard_weekly_max_minutes


def pair_refusals(problem: Problem, person: Person, session: Session) -> list[str]:
    """Rules that forbid this person on this session whatever else is planned."""
    out = []
    name = person.label or f"person {person.id}"
    if not person.eligible:
        out.append(f"{name} has not done the induction yet.")
    if person.minutes_left <= 0:
        out.append(f"All of {name}'s remaining hours are already booked on sessions.")
    if not _free_for(person, session):
        out.append(f"{name} is not available on {session.date:%A} at {session.start:%H:%M}-{session.end:%H:%M}.")
    km = great_circle_km(person.lat, person.lon, session.lat, session.lon)
    if km > person.max_travel_km:
        out.append(f"The site is {km:.1f} km away, beyond {name}'s maximum travel of {person.max_travel_km:g} km.")
    for zone in person.exclusion_zones:
        if great_circle_km(zone.lat, zone.lon, session.lat, session.lon) <= zone.radius_km:
            where = f" ({zone.label})" if zone.label else ""
            out.append(f"The site is inside one of {name}'s exclusion zones{where}.")
    if person.no_children and session.involves_children:
        out.append(f"The session involves children and {name} must have no contact with children.")
    if person.no_vulnerable_adults and session.involves_vulnerable_adults:
        out.append(f"The session involves vulnerable adults and {name} must have no contact with them.")
    if person.not_public_facing and session.public_facing:
        out.append(f"The session is public-facing and {name} is unsuitable for public-facing work.")
    if person.no_heavy_work and session.heavy_work:
        out.append(f"The session involves heavy work, which {name} must not do.")
    if person.needs_accessible_site and not session.accessible_site:
        out.append(f"{name} needs an accessible site and this one is not.")
    if person.individual_only and session.kind != INDIVIDUAL:
        out.append(f"{name} may only have an individual placement (risk in a group).")
    if person.unsuitable_for_individual and session.kind == INDIVIDUAL:
        out.append(f"{name} is unsuitable for an individual (partner-supervised) placement.")
    if session.women_only and person.gender != FEMALE:
        out.append("The session is for women only.")
    if person.placement_preference == FEMALE_ONLY and not (session.women_only or session.kind == INDIVIDUAL):
        out.append(f"{name} is to be offered a female-only group or an individual placement.")
    if person.gender == FEMALE and person.placement_preference == INDIVIDUAL and session.kind != INDIVIDUAL:
        out.append(f"{name} chose an individual placement and this is a group session.")
    if person.close_supervision and session.kind == INDIVIDUAL:
        out.append(f"{name} needs close supervision, and this placement has no probation supervisor.")
    genders = session.supervisor_genders
    if person.supervisor_gender_restriction == NOT_MALE and any(g != FEMALE for g in genders):
        out.append(f"{name} must not be supervised by a man, and a male supervisor is rostered.")
    if person.supervisor_gender_restriction == NOT_FEMALE and FEMALE in genders:
        out.append(f"{name} must not be supervised by a woman, and a female supervisor is rostered.")
    if person.id in session.allocated_person_ids:
        out.append(f"{name} already has a place on this session.")
    return out


def check_plan(problem: Problem, plan: Iterable[Allocation]) -> list[str]:
    """Every hard-rule violation of the plan, as sentences; empty when the plan is legal."""
    people = {p.id: p for p in problem.people}
    sessions = {s.id: s for s in problem.sessions}
    plan = list(plan)
    out: list[str] = []
    seen: set[tuple[int, int]] = set()
    by_person: dict[int, list[Session]] = defaultdict(list)
    by_session: dict[int, list[Person]] = defaultdict(list)
    for a in plan:
        person, session = people.get(a.person_id), sessions.get(a.session_id)
        if person is None or session is None:
            out.append(f"Allocation of person {a.person_id} to session {a.session_id}: unknown person or session.")
            continue
        if (a.person_id, a.session_id) in seen:
            out.append(f"{person.label or person.id} is allocated to the same session twice.")
            continue
        seen.add((a.person_id, a.session_id))
        out += pair_refusals(problem, person, session)
        by_person[person.id].append(session)
        by_session[session.id].append(person)
    for pid, mine in by_person.items():
        out += _person_totals(problem, people[pid], mine)
    enemies = defaultdict(set)
    for a, b in problem.non_associations:
        enemies[a].add(b)
        enemies[b].add(a)
    for sid, newcomers in by_session.items():
        out += _session_totals(problem, sessions[sid], newcomers, enemies)
    return out


def _person_totals(problem: Problem, person: Person, mine: list[Session]) -> list[str]:
    out = []
    name = person.label or f"person {person.id}"
    dates = [s.date for s in mine]
    for d in sorted(set(dates)):
        if dates.count(d) > 1 or d in person.busy_dates:
            out.append(f"{name} would have more than one session on {d:%A %d %B}.")
    total = sum(_minutes(s) for s in mine)
    if total > person.minutes_left and not (len(mine) == 1 and person.minutes_left > 0):
        out.append(f"{name} would be given {total} minutes with only {person.minutes_left} left.")
    weeks: dict[tuple[int, int], int] = defaultdict(int)
    for s in mine:
        year, week, _ = s.date.isocalendar()
        weeks[(year, week)] += _minutes(s)
    cap = _weekly_max(problem, person)
    for wk, minutes in weeks.items():
        already = person.planned_minutes_by_week.get(wk, 0)
        if already + minutes > cap:
            out.append(
                f"{name} would work {(already + minutes) / 60:g} hours in week {wk[1]}, over the weekly "
                f"maximum of {cap / 60:g}."
            )
    return out


def _session_totals(problem: Problem, session: Session, newcomers: list[Person], enemies) -> list[str]:
    out = []
    if session.taken + len(newcomers) > session.capacity:
        out.append(
            f"{session.label or session.id} would have {session.taken + len(newcomers)} people for "
            f"{session.capacity} place{'' if session.capacity == 1 else 's'}."
        )
    total = session.taken + len(newcomers)
    label = session.label or session.id
    if session.kind != INDIVIDUAL:
        if total > problem.rules.group_size:
            out.append(f"{label} would have {total} people, over the group size of {problem.rules.group_size}.")
        if session.supervisors > 0 and session.people_per_supervisor > 0:
            most = session.supervisors * session.people_per_supervisor
            if total > most:
                sups = f"{session.supervisors} supervisor{'' if session.supervisors == 1 else 's'}"
                out.append(
                    f"{label} would have {total} people for {sups} ({session.people_per_supervisor} people "
                    f"per supervisor)."
                )
    close = session.close_supervision_already + sum(1 for p in newcomers if p.close_supervision)
    if close and total > problem.rules.close_supervision_group_size:
        out.append(
            f"{label} would have {total} people with someone needing close supervision (at most "
            f"{problem.rules.close_supervision_group_size})."
        )
    everyone = [p.id for p in newcomers] + sorted(session.allocated_person_ids)
    present = set(everyone)
    for p in newcomers:
        clash = enemies.get(p.id, set()) & (present - {p.id})
        if clash:
            out.append(f"{p.label or p.id} must not be placed with someone already on {session.label or session.id}.")
    if problem.rules.women_never_only_woman and not session.women_only and session.kind != INDIVIDUAL:
        women = session.women_already + sum(1 for p in newcomers if p.gender == FEMALE)
        if women == 1:
            out.append(f"A woman would be the only woman in the mixed group on {session.label or session.id}.")
    return out


def check_placement(problem: Problem, plan: Iterable[Allocation], person_id: int, session_id: int) -> list[str]:
    """Why adding person to session on top of plan is refused, in plain sentences; empty = allowed.

    Only the rules that this addition breaks are reported (not problems the plan already had).
    """
    plan = list(plan)
    people = {p.id: p for p in problem.people}
    sessions = {s.id: s for s in problem.sessions}
    if person_id not in people:
        return ["That person is not in this plan."]
    if session_id not in sessions:
        return ["That session is not in this plan."]
    if any(a.person_id == person_id and a.session_id == session_id for a in plan):
        return ["Already placed on this session."]
    before = set(check_plan(problem, plan))
    after = check_plan(problem, [*plan, Allocation(person_id, session_id)])
    return [m for m in after if m not in before]
