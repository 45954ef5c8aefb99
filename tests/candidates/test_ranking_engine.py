"""The engine's ranking of one place at a time: the solver's own points, and the checker's refusals."""

import datetime as dt
from dataclasses import replace

import numpy as np
import pytest

from scheduler.matching.engine import Problem, check_placement, rank_placements
from scheduler.matching.engine.candidates import build_arcs, build_context
from scheduler.matching.engine.solver import plan_objective
from scheduler.matching.engine.urgency import urgency_array
from tests.matching.helpers import TODAY, person, session


def _problem():
    people = [
        person(1),
        person(2, lat=54.90, skills=frozenset({"painting"})),
        person(3, minutes_left=4 * 60, deadline=TODAY + dt.timedelta(days=20)),
        person(4, availability_mask=0),
        person(5, gender="male"),
        person(6, lat=56.0),
    ]
    people += [person(10 + k, lat=54.97 - k * 0.01) for k in range(8)]
    place = session(1, skills=frozenset({"painting"}))
    return Problem(people=people, sessions=[place], today=TODAY)


def test_the_points_are_the_plan_objective_of_that_one_placement():
    problem = _problem()
    ranking = rank_placements(problem)
    ctx = build_context(problem, urgency_array(problem.people, problem.today, problem.weights))
    arcs = build_arcs(ctx)
    for a in range(len(arcs.i)):
        alone = np.zeros(len(arcs.i), dtype=bool)
        alone[a] = True
        ranked = next(r for r in ranking.fits if r.person_id == problem.people[arcs.i[a]].id)
        assert ranked.points == pytest.approx(plan_objective(ctx, arcs, alone), abs=1e-2)
    assert [r.points for r in ranking.fits] == sorted((r.points for r in ranking.fits), reverse=True)


def test_the_refused_are_exactly_those_check_placement_refuses():
    problem = _problem()
    ranking = rank_placements(problem)
    for r in ranking.refused:
        assert r.refusals == check_placement(problem, [], r.person_id, r.session_id)
    for r in ranking.fits:
        assert check_placement(problem, [], r.person_id, r.session_id) == []
    assert {r.person_id for r in ranking.refused} == {4, 6}


def test_a_limit_keeps_the_best_that_fit_and_the_nearest_that_do_not():
    problem = _problem()
    everything = rank_placements(problem)
    top = rank_placements(problem, limit=3)
    assert [r.person_id for r in top.fits] == [r.person_id for r in everything.fits[:3]]
    assert [r.person_id for r in top.refused] == [r.person_id for r in everything.refused[:3]]


def test_a_women_only_session_refuses_men_with_the_checkers_words():
    problem = _problem()
    problem.sessions[0] = replace(problem.sessions[0], women_only=True)
    refused = {r.person_id: r.refusals for r in rank_placements(problem).refused}
    assert "The session is for women only." in refused[1]
