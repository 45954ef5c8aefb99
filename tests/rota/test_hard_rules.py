"""One test per hard rule: a small instance where the rule binds (the cheapest rota would break it),
the solver obeys it, and the independent checker flags a rota that breaks it."""

from scheduler.rota.engine import Assignment, Rules, ShiftType, check

from .helpers import demand, pairs, person, problem, solved


def rules_of(p, rota):
    return {v.rule for v in check(p, [Assignment(s, d) for s, d in rota])}


def test_it_keeps_leave_days_off():
    p = problem([person("a", days_off=frozenset({0}))], [demand("d0", 0)])
    s = solved(p)
    assert pairs(s) == set()
    assert rules_of(p, [("a", "d0")]) == {"day_off"}


def test_it_gives_one_demand_a_day():
    p = problem([person("a")], [demand("d1", 0), demand("d2", 0, start=14 * 60, length=120)])
    s = solved(p)
    assert len(pairs(s)) == 1
    assert rules_of(p, [("a", "d1"), ("a", "d2")]) == {"one_a_day"}


def test_it_caps_the_head_count():
    p = problem(
        [person("a", qualifications=frozenset({"x"})), person("b", qualifications=frozenset({"y"}))],
        [demand("d", 0, 1, quals=("x", "y"), max_staff=1)],
    )
    s = solved(p)
    assert len(pairs(s)) == 1
    assert rules_of(p, [("a", "d"), ("b", "d")]) == {"max_staff"}


def test_it_leaves_eleven_hours_rest():
    late = demand("late", 0, start=18 * 60, length=4 * 60)  # ends 22:00
    early = demand("early", 1, start=8 * 60, length=8 * 60)  # 10 hours later
    p = problem([person("a")], [late, early])
    s = solved(p)
    assert len(pairs(s)) == 1
    assert rules_of(p, [("a", "late"), ("a", "early")]) == {"rest"}
    relaxed = problem([person("a")], [late, early], rules=Rules(min_rest_minutes=10 * 60))
    assert len(pairs(solved(relaxed))) == 2


def test_it_respects_shifts_that_may_not_follow():
    types = (ShiftType("N", 0, 480, ("D",)), ShiftType("D", 0, 480))
    ds = [demand("n0", 0, shift_type="N", start=0), demand("d1", 1, shift_type="D", start=0)]
    p = problem([person("a")], ds, shift_types=types, rules=Rules(min_rest_minutes=0))
    assert len(pairs(solved(p))) == 1
    assert rules_of(p, [("a", "n0"), ("a", "d1")]) == {"forbidden_next"}


def test_it_limits_shifts_of_a_type():
    types = (ShiftType("D", 540, 480),)
    ds = [demand(f"d{i}", i, shift_type="D") for i in range(3)]
    p = problem([person("a", max_shifts={"D": 2})], ds, shift_types=types)
    assert len(pairs(solved(p))) == 2
    assert rules_of(p, [("a", f"d{i}") for i in range(3)]) == {"max_shifts"}


def test_it_limits_minutes():
    ds = [demand(f"d{i}", i) for i in range(3)]
    p = problem([person("a", max_minutes=2 * 480)], ds)
    assert len(pairs(solved(p))) == 2
    assert rules_of(p, [("a", f"d{i}") for i in range(3)]) == {"max_minutes"}


def test_it_limits_minutes_per_week():
    # Days 5 and 6 are the first week's weekend, day 7 the next Monday.
    ds = [demand(f"d{i}", i) for i in (5, 6, 7)]
    p = problem([person("a", max_minutes_per_week=480)], ds, days=14)
    s = solved(p)
    assert len(pairs(s)) == 2 and ("a", "d7") in pairs(s)
    assert rules_of(p, [("a", "d5"), ("a", "d6")]) == {"max_minutes_per_week"}
    assert rules_of(p, [("a", "d6"), ("a", "d7")]) == set()


def test_it_gives_minimum_minutes():
    # Working costs (over-cover) but the contract's minimum must be met.
    ds = [demand(f"d{i}", i, required=0, over=5) for i in range(3)]
    p = problem([person("a", min_minutes=2 * 480)], ds)
    assert len(pairs(solved(p))) == 2
    assert rules_of(p, [("a", "d0")]) == {"min_minutes"}


def test_it_limits_consecutive_days():
    ds = [demand(f"d{i}", i) for i in range(5)]
    p = problem([person("a", max_consecutive_days=3)], ds)
    s = solved(p)
    assert len(pairs(s)) == 4  # e.g. days 0,1,2 and 4
    assert rules_of(p, [("a", f"d{i}") for i in range(4)]) == {"max_consecutive_days"}


def test_it_keeps_minimum_runs_of_work():
    # Only day 2 is wanted; a single working day inside the horizon is too short a run.
    ds = [demand(f"d{i}", i, required=1 if i == 2 else 0, under=10, over=1) for i in range(5)]
    p = problem([person("a", min_consecutive_days=2)], ds, days=5)
    s = solved(p)
    worked = sorted(int(d[1:]) for _, d in pairs(s))
    assert worked in ([], [1, 2], [2, 3]) and worked
    assert rules_of(p, [("a", "d2")]) == {"min_consecutive_days"}


def test_it_keeps_minimum_runs_of_days_off():
    # Day 2 is not wanted (working it costs 5); a single day off inside the horizon is too short, so
    # the best rota works all five days rather than leave 10 of cover short.
    ds = [demand(f"d{i}", i, required=0 if i == 2 else 1, under=10, over=5 if i == 2 else 0) for i in range(5)]
    p = problem([person("a", min_consecutive_days_off=2)], ds, days=5)
    s = solved(p)
    assert pairs(s) == {("a", f"d{i}") for i in range(5)}
    assert s.objective == 5
    assert rules_of(p, [("a", f"d{i}") for i in (0, 1, 3, 4)]) == {"min_consecutive_days_off"}


def test_it_limits_weekends():
    # Day 0 is a Monday: days 5/6 and 12/13 are weekends.
    ds = [demand("sat1", 5), demand("sat2", 12)]
    p = problem([person("a", max_weekends=1)], ds, days=14)
    assert len(pairs(solved(p))) == 1
    assert rules_of(p, [("a", "sat1"), ("a", "sat2")]) == {"max_weekends"}


def test_it_limits_travel():
    near = demand("near", 0, lat=54.97, lon=-1.61)
    far = demand("far", 1, lat=51.5, lon=-0.12)
    p = problem([person("a", lat=54.97, lon=-1.6, max_travel_km=30)], [near, far])
    assert pairs(solved(p)) == {("a", "near")}
    assert rules_of(p, [("a", "far")]) == {"travel"}


def test_it_keeps_fixed_assignments():
    # b is cheaper (a has an off request) but a is fixed.
    from scheduler.rota.engine import Request

    p = problem(
        [person("a"), person("b")],
        [demand("d", 0, max_staff=1)],
        requests=(Request("a", 0, weight=50, on=False),),
        fixed=(Assignment("a", "d"),),
    )
    assert pairs(solved(p)) == {("a", "d")}
    assert rules_of(p, [("b", "d")]) == {"fixed"}


def test_it_keeps_excluded_staff_off_a_demand():
    p = problem([person("a"), person("b", label="cheaper")], [demand("d", 0, 2, excluded_staff=frozenset({"b"}))])
    s = solved(p)
    assert pairs(s) == {("a", "d")}
    assert rules_of(p, [("b", "d")]) == {"excluded"}
    assert any("excluded" in r for r in s.shortfalls[0].reasons)


def test_it_flags_unknown_ids_and_duplicates():
    p = problem([person("a")], [demand("d", 0)])
    assert rules_of(p, [("zz", "d"), ("a", "nope")]) == {"unknown_staff", "unknown_demand"}
    assert rules_of(p, [("a", "d"), ("a", "d")]) == {"duplicate"}


def test_it_counts_a_saturday_and_sunday_as_one_weekend_whatever_day_the_rota_starts():
    # Day 0 is a Sunday: day 6 is the next Saturday and day 7 the Sunday after it, one weekend.
    ds = [demand("sun0", 0), demand("sat6", 6), demand("sun7", 7)]
    p = problem([person("a", max_weekends=1)], ds, days=8, first_weekday=6)
    s = solved(p)
    assert pairs(s) == {("a", "sat6"), ("a", "sun7")}
    assert rules_of(p, [("a", "sun0"), ("a", "sat6")]) == {"max_weekends"}
