"""Repair, fairness, decomposition, roles and the synthetic generator."""

from scheduler.rota.engine import VAN_DRIVER, Assignment, SolveOptions, Weights, check, evaluate, greedy, solve
from scheduler.rota.engine.synthetic import generate

from .helpers import demand, pairs, person, problem, solved


def test_it_repairs_a_rota_with_as_few_changes_as_possible():
    staff = [person(x) for x in "abcd"]
    ds = [demand(f"d{i}", i % 5, max_staff=1) for i in range(5)]
    previous = tuple(Assignment("abcd"[i % 4], f"d{i}") for i in range(5))
    # a falls sick on day 0 and day 4.
    sick = [person("a", days_off=frozenset({0, 4})), *staff[1:]]
    p = problem(sick, ds, previous=previous, weights=Weights(change=10))
    s = solved(p)
    assert s.changes == 4  # two removals, two replacements
    assert pairs(s) - {("a", "d0"), ("a", "d4")} >= {(a.staff, a.demand) for a in previous} - {("a", "d0"), ("a", "d4")}


def test_it_shares_weekends_fairly():
    # Four Saturdays (a Monday start), four people, each Saturday needs one person.
    ds = [demand(f"sat{w}", 7 * w + 5) for w in range(4)]
    staff = [person(x) for x in "abcd"]
    unfair = problem(staff, ds, days=28)
    fair = problem(staff, ds, days=28, weights=Weights(weekend_fairness=10))
    assert solved(fair).penalties["weekend_fairness"] == 0
    worked = {}
    for st, _ in pairs(solved(fair)):
        worked[st] = worked.get(st, 0) + 1
    assert sorted(worked.values()) == [1, 1, 1, 1]
    assert evaluate(fair, [Assignment("a", d.id) for d in ds])[1]["weekend_fairness"] == 30
    assert solved(unfair).objective == 0


def test_it_shares_hours_towards_targets():
    ds = [demand(f"d{i}", i) for i in range(4)]
    p = problem(
        [person("a", target_minutes=960), person("b", target_minutes=960)], ds, weights=Weights(hours_fairness=1)
    )
    s = solved(p)
    assert s.penalties["hours_fairness"] == 0
    assert sorted(sum(1 for st, _ in pairs(s) if st == x) for x in "ab") == [2, 2]


def test_it_names_the_driver_and_the_lead():
    p = problem(
        [person("a", qualifications=frozenset({VAN_DRIVER})), person("b")], [demand("d", 0, 2, quals=(VAN_DRIVER,))]
    )
    s = solved(p)
    assert {a.staff: a.role for a in s.assignments} == {"a": "driver", "b": "lead"}


def test_it_decomposes_independent_areas_and_beats_greedy():
    p = generate(40, 1, seed=2)
    s = solve(p, SolveOptions(time_limit_s=8))
    assert s.parts >= 1 and len(s.part_stats) == s.parts
    assert check(p, s.assignments) == []
    assert s.objective <= evaluate(p, greedy(p))[0]
    assert s.bound is not None and s.bound <= s.objective


def test_it_generates_deterministic_realistic_regions():
    a, b = generate(30, 2, seed=5), generate(30, 2, seed=5)
    assert a == b
    assert len(a.staff) == 30 and a.days == 14 and len(a.demands) > 30
    assert any(s.days_off for s in a.staff) and any(VAN_DRIVER in s.qualifications for s in a.staff)
    assert check(a, greedy(a)) == []


def test_it_lets_a_woman_lead_a_women_only_group():
    from scheduler.rota.engine import FEMALE

    p = problem(
        [person("a", gender="male"), person("b", gender=FEMALE), person("c", gender=FEMALE)],
        [demand("d", 0, 2, quals=(FEMALE,), max_staff=2)],
    )
    s = solved(p)
    lead = next(a.staff for a in s.assignments if a.role == "lead")
    assert lead in ("b", "c")


def test_it_covers_first_when_the_hint_leaves_sessions_short():
    ds = [demand(f"d{i}", i, under=1000) for i in range(4)]
    p = problem([person("a"), person("b")], ds, weights=Weights(hours_fairness=1))
    s = solve(p, SolveOptions(time_limit_s=5, hint=()))
    assert s.part_stats[0]["cover_phase"] is True
    assert s.penalties["cover_under"] == 0 and check(p, s.assignments) == []


def test_it_falls_back_on_the_hint_when_the_solver_has_no_time():
    p = generate(40, 2, seed=4)
    s = solve(p, SolveOptions(time_limit_s=0.01))
    assert s.feasible and check(p, s.assignments) == []
    assert s.objective <= evaluate(p, greedy(p))[0]


def test_it_stays_pure_python_without_django():
    from pathlib import Path

    import scheduler.rota.engine

    for path in Path(scheduler.rota.engine.__file__).parent.glob("*.py"):
        text = path.read_text()
        assert "from django" not in text and "import django" not in text, path.name
