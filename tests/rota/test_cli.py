import json
import re
from pathlib import Path

import jsonschema
from django.core.management import call_command

from scheduler.rota.engine import problem_from_dict
from scheduler.rota.engine.__main__ import main
from scheduler.rota.engine.jsonio import load_schema

INSTANCE1 = Path(__file__).parent / "data" / "Instance1.txt"


def test_it_solves_a_benchmark_file_from_the_command_line(capsys):
    assert main(["solve", str(INSTANCE1), "--time-limit", "20"]) == 0
    out = capsys.readouterr().out
    # A loaded machine may stop short of proving it; the published optimum is 607.
    found = re.search(r"status (OPTIMAL|FEASIBLE); objective (\d+); bound (\d+); gap", out)
    assert found, out
    objective, bound = int(found[2]), int(found[3])
    assert bound <= 607 <= objective <= 607 * 1.01


def test_it_generates_converts_solves_and_checks_json(tmp_path, capsys):
    assert main(["generate", "--supervisors", "8", "--weeks", "1", "--seed", "3"]) == 0
    problem_json = tmp_path / "p.json"
    problem_json.write_text(capsys.readouterr().out)
    jsonschema.validate(json.loads(problem_json.read_text()), load_schema("problem"))
    assert problem_from_dict(json.loads(problem_json.read_text())).days == 7

    assert main(["solve", str(problem_json), "--json", "--time-limit", "5"]) == 0
    solution = json.loads(capsys.readouterr().out)
    jsonschema.validate(solution, load_schema("solution"))
    assert solution["objective"] is not None and solution["bound"] is not None

    solution_json = tmp_path / "s.json"
    solution_json.write_text(json.dumps(solution))
    assert main(["check", str(problem_json), str(solution_json)]) == 0
    assert "0 violation(s)" in capsys.readouterr().out

    solution["assignments"].append({"staff": "S000", "demand": "nope"})
    solution_json.write_text(json.dumps(solution))
    assert main(["check", str(problem_json), str(solution_json)]) == 1
    assert "unknown_demand" in capsys.readouterr().out

    assert main(["convert-ssb", str(INSTANCE1)]) == 0
    assert json.loads(capsys.readouterr().out)["days"] == 14


def test_it_benchmarks_from_manage_py(tmp_path, capsys):
    out = tmp_path / "bench.json"
    call_command("bench_rota", supervisors=10, weeks=1, time_limit=5, json_path=str(out))
    row = json.loads(out.read_text())
    for key in ("supervisors", "days", "wall_s", "objective", "bound", "gap", "violations"):
        assert key in row
    assert (row["supervisors"], row["days"], row["violations"]) == (10, 7, 0)
    assert "supervisors 1 weeks" in capsys.readouterr().out


def test_the_engines_answer_under_their_published_command_names(tmp_path):
    """`python -m scheduler.rota` and `python -m scheduler.matching`, run as a user would, without Django."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    problem = tmp_path / "p.json"
    generated = subprocess.run(
        [sys.executable, "-m", "scheduler.rota", "generate", "--supervisors", "6", "--weeks", "1", "--seed", "2"],
        cwd=root, capture_output=True, text=True, check=True,
    )  # fmt: skip
    problem.write_text(generated.stdout)
    solved = subprocess.run(
        [sys.executable, "-m", "scheduler.rota", "solve", str(problem), "--time-limit", "5"],
        cwd=root, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "objective" in solved.stdout and "bound" in solved.stdout
    matching = subprocess.run(
        [sys.executable, "-m", "scheduler.matching", "bench", "--help"], cwd=root, capture_output=True, text=True
    )
    assert matching.returncode == 0 and "--people" in matching.stdout
