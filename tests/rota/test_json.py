import json

import jsonschema
import pytest

from scheduler.rota.engine import (
    Assignment,
    Request,
    SolveOptions,
    problem_from_dict,
    problem_to_dict,
    solution_from_dict,
    solution_to_dict,
    solve,
)
from scheduler.rota.engine.jsonio import load_schema
from scheduler.rota.engine.synthetic import generate

from .helpers import demand, person, problem


def small():
    return problem(
        [person("a", qualifications=frozenset({"van-driver"}), lat=54.9, lon=-1.6, max_travel_km=30.0), person("b")],
        [
            demand(
                "d",
                0,
                quals=("van-driver",),
                lat=54.91,
                lon=-1.59,
                label="Park",
                max_staff=2,
                excluded_staff=frozenset({"c"}),
            )
        ],
        requests=(Request("b", 0, 3, on=False, demand="d"),),
        previous=(Assignment("b", "d"),),
    )


@pytest.mark.parametrize("make", [small, lambda: generate(20, 2)])
def test_it_round_trips_problems_through_json(make):
    p = make()
    data = json.loads(json.dumps(problem_to_dict(p)))
    jsonschema.validate(data, load_schema("problem"))
    assert problem_from_dict(data) == p


def test_it_round_trips_solutions_and_validates_them():
    p = small()
    s = solve(p, SolveOptions(time_limit_s=5))
    data = json.loads(json.dumps(solution_to_dict(s)))
    jsonschema.validate(data, load_schema("solution"))
    back = solution_from_dict(data)
    assert back.assignments == s.assignments and back.objective == s.objective and back.shortfalls == s.shortfalls


def test_it_rejects_bad_problems():
    data = problem_to_dict(small())
    data["staff"][0]["max_minutes"] = -1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, load_schema("problem"))
    data = problem_to_dict(small())
    data["format"] = "something-else/9"
    with pytest.raises(ValueError, match="unknown problem format"):
        problem_from_dict(data)
