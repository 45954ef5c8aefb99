"""Tiny instances for the rota engine tests."""

from scheduler.rota.engine import Cover, Demand, Problem, SolveOptions, Staff, check, solve

OPTS = SolveOptions(time_limit_s=5.0, workers=2)


def demand(id, day, required=1, *, start=9 * 60, length=8 * 60, quals=(), under=100, over=0, **kw):
    cover = (Cover(required, None, under, over), *(Cover(1, q, under, 0) for q in quals))
    return Demand(id=id, day=day, start=start, length=length, cover=cover, **kw)


def person(id, **kw):
    return Staff(id=id, **kw)


def problem(staff, demands, days=7, **kw):
    return Problem(days=days, staff=tuple(staff), demands=tuple(demands), **kw)


def solved(p, **opts):
    s = solve(p, SolveOptions(**{"time_limit_s": 5.0, **opts}))
    assert s.feasible, s.status
    assert check(p, s.assignments) == []
    return s


def pairs(solution):
    return {(a.staff, a.demand) for a in solution.assignments}
