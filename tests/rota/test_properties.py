"""Property tests on random small instances: the solver's rota always passes the independent
checker, and it is never worse than the greedy hint when that hint is legal."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduler.rota.engine import (
    FEMALE,
    VAN_DRIVER,
    Assignment,
    Cover,
    Demand,
    Problem,
    Request,
    SolveOptions,
    Staff,
    Weights,
    check,
    evaluate,
    greedy,
    solve,
)


@st.composite
def problems(draw):
    days = draw(st.integers(3, 8))
    n_staff = draw(st.integers(1, 4))
    staff = []
    for i in range(n_staff):
        staff.append(
            Staff(
                id=f"s{i}",
                gender=draw(st.sampled_from([FEMALE, "male"])),
                qualifications=frozenset(draw(st.sets(st.sampled_from([VAN_DRIVER, "first-aid"])))),
                max_minutes=draw(st.one_of(st.none(), st.integers(1, 6).map(lambda k: 240 * k))),
                max_minutes_per_week=draw(st.one_of(st.none(), st.integers(1, 4).map(lambda k: 240 * k))),
                target_minutes=draw(st.one_of(st.none(), st.integers(0, 2000))),
                max_consecutive_days=draw(st.one_of(st.none(), st.integers(1, 4))),
                min_consecutive_days=draw(st.integers(1, 2)),
                min_consecutive_days_off=draw(st.integers(1, 2)),
                max_weekends=draw(st.one_of(st.none(), st.integers(0, 1))),
                days_off=frozenset(draw(st.sets(st.integers(0, days - 1), max_size=2))),
            )
        )
    demands = []
    for j in range(draw(st.integers(1, 8))):
        start = draw(st.sampled_from([8 * 60, 9 * 60, 17 * 60]))
        cover = [Cover(draw(st.integers(0, 2)), None, draw(st.integers(0, 100)), draw(st.integers(0, 5)))]
        if draw(st.booleans()):
            cover.append(Cover(1, draw(st.sampled_from([VAN_DRIVER, FEMALE])), draw(st.integers(0, 50)), 0))
        demands.append(
            Demand(
                id=f"d{j}",
                day=draw(st.integers(0, days - 1)),
                start=start,
                length=draw(st.sampled_from([240, 480])),
                cover=tuple(cover),
                max_staff=draw(st.one_of(st.none(), st.integers(1, 3))),
                excluded_staff=frozenset(draw(st.sets(st.sampled_from([x.id for x in staff]), max_size=1))),
            )
        )
    requests = [
        Request(f"s{draw(st.integers(0, n_staff - 1))}", draw(st.integers(0, days - 1)), draw(st.integers(1, 9)), on)
        for on in draw(st.lists(st.booleans(), max_size=4))
    ]
    previous = [Assignment(f"s{draw(st.integers(0, n_staff - 1))}", d.id) for d in demands if draw(st.booleans())]
    fixed = [Assignment(f"s{draw(st.integers(0, n_staff - 1))}", demands[0].id)] if draw(st.booleans()) else []
    weights = Weights(
        weekend_fairness=draw(st.integers(0, 10)),
        hours_fairness=draw(st.integers(0, 3)),
        change=draw(st.integers(0, 5)),
    )
    return Problem(
        days=days,
        staff=tuple(staff),
        demands=tuple(demands),
        requests=tuple(requests),
        previous=tuple(previous),
        fixed=tuple(fixed),
        weights=weights,
        first_weekday=draw(st.integers(0, 6)),
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_it_never_breaks_a_hard_rule_and_never_loses_to_greedy(p):
    s = solve(p, SolveOptions(time_limit_s=3))
    hint = greedy(p)
    hint_legal = not check(p, hint)
    if s.feasible:
        assert check(p, s.assignments) == []
        assert evaluate(p, s.assignments)[0] == s.objective
        if hint_legal:
            assert s.objective <= evaluate(p, hint)[0]
        if s.status == "OPTIMAL":
            assert s.bound == s.objective
        if s.bound is not None:
            assert s.bound <= s.objective
    else:
        # Only hard minimums (minutes, run lengths) or a fixed assignment can make a problem infeasible;
        # then the greedy rota is not legal either, and the diagnosis says something.
        assert not hint_legal
        assert s.status == "INFEASIBLE" and s.diagnosis
