"""Unstaffable sessions get their reasons and suggestions."""

import datetime as dt

from scheduler.rota.engine import FEMALE, Rules, SessionSpec, demands_from_sessions, explain

from .helpers import demand, person, problem, solved

MONDAY = dt.date(2026, 1, 5)


def test_it_says_nobody_is_qualified():
    (d,) = demands_from_sessions([SessionSpec("w", MONDAY, 540, 1020, 6, women_only=True)], start_date=MONDAY)
    p = problem([person("m1", gender="male"), person("m2", gender="male")], [d])
    s = solved(p)
    (short,) = s.shortfalls
    assert (short.demand, short.qualification, short.missing) == ("w", FEMALE, 1)
    assert short.reasons == ("nobody is a female supervisor",)
    assert any(x.startswith("cancel") for x in short.suggestions)
    assert [f.demand for f in explain(p)] == ["w"]  # structural: no rota can cover it


def test_it_says_everyone_is_on_leave_and_suggests_a_merge():
    here = demand("here", 0, lat=54.97, lon=-1.61, label="Park")
    near = demand("near", 0, lat=54.98, lon=-1.62, label="Church hall")
    p = problem([person("a"), person("b", days_off=frozenset({0}))], [here, near])
    s = solved(p)
    (short,) = s.shortfalls
    assert any("on leave" in r for r in short.reasons)
    assert any("busy" in r or "another session" in r for r in short.reasons)
    assert any(x.startswith("merge with") for x in short.suggestions)


def test_it_blames_the_rest_rule_and_offers_overtime():
    late = demand("late", 0, start=18 * 60, length=4 * 60, under=500)
    early = demand("early", 1, start=8 * 60, length=8 * 60)
    extra = demand("extra", 2)
    p = problem([person("a", max_minutes=10 * 60)], [late, early, extra], rules=Rules())
    s = solved(p)
    by = {f.demand: f for f in s.shortfalls}
    assert "late" not in by
    assert any("rest rule" in r for r in by["early"].reasons)
    assert any("no hours left" in r for r in by["extra"].reasons)
    assert any("overtime" in x for x in by["extra"].suggestions)


def test_it_reports_an_infeasible_problem():
    # The minimum minutes cannot be met: no rota exists; the status says so and nothing is claimed.
    from scheduler.rota.engine import SolveOptions, solve

    p = problem([person("a", min_minutes=5000)], [demand("d", 0)])
    s = solve(p, SolveOptions(time_limit_s=5))
    assert s.status == "INFEASIBLE" and not s.feasible and s.objective is None
    assert s.diagnosis == (
        "a must work at least 5000 minutes but at most 480 can be rostered (leave, days off, travel range)",
    )


def test_it_diagnoses_a_fixed_assignment_on_leave():
    from scheduler.rota.engine import Assignment, SolveOptions, diagnose, solve

    p = problem([person("a", days_off=frozenset({0}))], [demand("d", 0)], fixed=(Assignment("a", "d"),))
    assert solve(p, SolveOptions(time_limit_s=5)).status == "INFEASIBLE"
    assert diagnose(p) == ["a is fixed to d on a day off (leave or sickness)"]


def test_it_finds_sessions_nobody_can_staff_before_solving():
    d = demand("sat", 5)
    p = problem([person("a", days_off=frozenset({5})), person("b", days_off=frozenset({5}))], [d])
    (short,) = explain(p)
    assert (short.demand, short.required, short.assigned) == ("sat", 1, 0)
    assert short.reasons == ("2 of 2 supervisors: on leave or a day off",)
