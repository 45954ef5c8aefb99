"""The search when CPU is short: one worker thread, the greedy rota as CP-SAT's first rota, and runs that
are not cut off before their LP has led them to a near-optimal rota."""

from hypothesis import HealthCheck, given, settings

from scheduler.rota.engine import SolveOptions, check, evaluate, greedy, solve
from scheduler.rota.engine.evaluate import fair_weekends
from scheduler.rota.engine.solver import _Model, _Part, _parts, _run, _solver, allowed
from scheduler.rota.engine.synthetic import generate

from .test_properties import problems


def test_one_worker_means_one_thread():
    assert _solver(SolveOptions(workers=1), 1.0).parameters.num_workers == 1
    assert _solver(SolveOptions(workers=3), 1.0).parameters.num_workers == 3


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_a_one_worker_solve_never_breaks_a_hard_rule_and_never_loses_to_greedy(p):
    hint = greedy(p)
    s = solve(p, SolveOptions(time_limit_s=2, workers=1))
    if s.feasible:
        assert check(p, s.assignments) == []
        assert evaluate(p, s.assignments)[0] == s.objective
        if not check(p, hint):
            assert s.objective <= evaluate(p, hint)[0]
        if s.bound is not None:
            assert s.bound <= s.objective


def test_a_region_solved_with_one_worker_keeps_every_rule_and_ends_near_its_bound():
    p = generate(20, 2, seed=1)
    hint_objective = evaluate(p, greedy(p))[0]
    s = solve(p, SolveOptions(time_limit_s=30, workers=1, relative_gap=0.01))
    assert check(p, s.assignments) == []
    assert s.hint_objective == hint_objective
    assert s.objective <= hint_objective
    assert s.objective <= 1.05 * s.bound


def test_a_run_given_too_small_a_share_runs_on_until_it_is_near_its_bound():
    # A busy machine buys a part little CPU in its share of the time. Cut there, the run would keep the
    # greedy rota (about twice the optimum); it runs on, up to its limit, until it is within 5%.
    p = generate(20, 4, seed=1)
    pairs = {(s.id, d.id) for s in p.staff for d in p.demands if allowed(p, s, d)}
    ((staff, demands),) = _parts(p, pairs)
    model = _Model(p, staff, demands, pairs, fair_weekends(p))
    model.build()
    hint = greedy(p)
    part = _Part(model, len(pairs), rota=hint, legal=not check(p, hint))
    _run(part, SolveOptions(workers=1), seconds=0.01, most_s=60)
    rota_objective = evaluate(p, part.rota)[0]
    assert check(p, part.rota) == []
    assert rota_objective <= evaluate(p, hint)[0]
    assert part.bound is not None and rota_objective <= 1.05 * part.bound + 1


def test_parts_the_first_round_never_reached_are_solved_in_the_second(monkeypatch):
    # On a busy machine the first round can run out of time before CP-SAT has even loaded a part.
    from scheduler.rota.engine import solver

    original = solver._run
    calls = []

    def first_round_reaches_only_the_first_part(part, options, seconds, most_s=None):
        if calls and "runs" not in part.stats:
            part.stats["runs"] = 0  # its first-round run ended before CP-SAT had loaded the model
        else:
            original(part, options, seconds, most_s)
        calls.append(part)

    monkeypatch.setattr(solver, "_run", first_round_reaches_only_the_first_part)
    p = generate(60, 2, seed=1)
    s = solve(p, SolveOptions(time_limit_s=30, workers=1, relative_gap=0.01))
    assert s.parts == 2
    assert all(stats["objective"] is not None for stats in s.part_stats)
    assert check(p, s.assignments) == []
    assert s.objective <= 1.05 * s.bound


def test_the_greedy_rota_picks_one_person_who_fills_several_lines():
    from scheduler.rota.engine import FEMALE, VAN_DRIVER

    from .helpers import demand, person, problem

    staff = [
        person("a", gender="male", qualifications=frozenset({VAN_DRIVER})),
        person("b", gender=FEMALE),
        person("c", gender=FEMALE, qualifications=frozenset({VAN_DRIVER})),
    ]
    p = problem(staff, [demand("d", 0, quals=(VAN_DRIVER, FEMALE), over=5)])
    assert {(a.staff, a.demand) for a in greedy(p)} == {("c", "d")}


def test_the_greedy_rota_shares_hours_before_saving_a_little_travel():
    from scheduler.rota.engine import Weights

    from .helpers import demand, person, problem

    site = {"lat": 54.97, "lon": -1.61}
    staff = [
        person("near", target_minutes=480, **site),
        person("further", target_minutes=480, lat=54.97 + 0.135, lon=-1.61),  # 15 km away
    ]
    p = problem(
        staff, [demand("d0", 0, **site), demand("d1", 1, **site)], weights=Weights(hours_fairness=2, travel_per_10km=1)
    )
    assert sorted(a.staff for a in greedy(p)) == ["further", "near"]
