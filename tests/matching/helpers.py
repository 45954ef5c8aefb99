"""Tiny hand-made instances: one person, one or two sessions, everything else neutral."""

import datetime as dt
from dataclasses import replace

from scheduler.matching.engine import Person, Problem, Session, SolverOptions, solve

TODAY = dt.date(2026, 3, 6)  # a Friday
MONDAY = dt.date(2026, 3, 9)
HOME = (54.97, -1.61)


def person(pid=1, **kw) -> Person:
    base = Person(
        id=pid,
        lat=HOME[0],
        lon=HOME[1],
        minutes_left=60 * 60,
        deadline=TODAY + dt.timedelta(days=200),
        label=f"X{pid:06d}",
        ordered_minutes=100 * 60,
        sentence_date=TODAY - dt.timedelta(days=100),
    )
    return replace(base, **kw)


def session(sid=1, **kw) -> Session:
    base = Session(
        id=sid,
        project_id=100 + sid,
        lat=HOME[0] + 0.01,
        lon=HOME[1],
        date=MONDAY,
        start=dt.time(9, 0),
        end=dt.time(16, 30),
        break_minutes=30,
        capacity=8,
        label=f"S{sid}",
    )
    return replace(base, **kw)


def run(people, sessions, **kw):
    problem = Problem(people=list(people), sessions=list(sessions), today=TODAY, **kw)
    return problem, solve(problem, SolverOptions(time_limit_s=10))


def placed(result) -> set[tuple[int, int]]:
    return {(a.person_id, a.session_id) for a in result.allocations}
