"""JSON (de)serialisation of problems and solutions. Schemas: `schema/problem.schema.json`,
`schema/solution.schema.json` (JSON Schema draft 2020-12).

Problem: {"format": "upw-rota-problem/1", "days", "first_weekday", "start_date", "name", "rules",
"weights", "shift_types": [...], "staff": [...], "demands": [...], "requests": [...], "previous": [...],
"fixed": [...]}; every field of the dataclasses by the same name, sets as sorted lists, missing
optional fields take the dataclass defaults.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from .model import (
    Assignment,
    Cover,
    Demand,
    Problem,
    Request,
    Rules,
    ShiftType,
    Shortfall,
    Solution,
    Staff,
    Weights,
)

PROBLEM_FORMAT = "upw-rota-problem/1"
SOLUTION_FORMAT = "upw-rota-solution/1"
SCHEMA_DIR = Path(__file__).parent / "schema"


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None}


def _assignment(a: Assignment) -> dict[str, Any]:
    out = {"staff": a.staff, "demand": a.demand}
    if a.role:
        out["role"] = a.role
    return out


def problem_to_dict(p: Problem) -> dict[str, Any]:
    return _drop_none(
        {
            "format": PROBLEM_FORMAT,
            "name": p.name,
            "days": p.days,
            "first_weekday": p.first_weekday,
            "start_date": p.start_date.isoformat() if p.start_date else None,
            "rules": {"min_rest_minutes": p.rules.min_rest_minutes},
            "weights": {
                "weekend_fairness": p.weights.weekend_fairness,
                "hours_fairness": p.weights.hours_fairness,
                "hours_tolerance_minutes": p.weights.hours_tolerance_minutes,
                "change": p.weights.change,
                "travel_per_10km": p.weights.travel_per_10km,
            },
            "shift_types": [
                {"id": t.id, "start": t.start, "length": t.length, "forbidden_next": list(t.forbidden_next)}
                for t in p.shift_types
            ],
            "staff": [
                _drop_none(
                    {
                        "id": s.id,
                        "label": s.label,
                        "gender": s.gender,
                        "qualifications": sorted(s.qualifications),
                        "min_minutes": s.min_minutes,
                        "max_minutes": s.max_minutes,
                        "max_minutes_per_week": s.max_minutes_per_week,
                        "target_minutes": s.target_minutes,
                        "max_shifts": dict(s.max_shifts),
                        "max_consecutive_days": s.max_consecutive_days,
                        "min_consecutive_days": s.min_consecutive_days,
                        "min_consecutive_days_off": s.min_consecutive_days_off,
                        "max_weekends": s.max_weekends,
                        "days_off": sorted(s.days_off),
                        "lat": s.lat,
                        "lon": s.lon,
                        "max_travel_km": s.max_travel_km,
                    }
                )
                for s in p.staff
            ],
            "demands": [
                _drop_none(
                    {
                        "id": d.id,
                        "day": d.day,
                        "start": d.start,
                        "length": d.length,
                        "shift_type": d.shift_type,
                        "max_staff": d.max_staff,
                        "lat": d.lat,
                        "lon": d.lon,
                        "label": d.label,
                        "excluded_staff": sorted(d.excluded_staff) or None,
                        "cover": [
                            _drop_none(
                                {
                                    "required": c.required,
                                    "qualification": c.qualification,
                                    "under_weight": c.under_weight,
                                    "over_weight": c.over_weight,
                                }
                            )
                            for c in d.cover
                        ],
                    }
                )
                for d in p.demands
            ],
            "requests": [
                _drop_none(
                    {
                        "staff": r.staff,
                        "day": r.day,
                        "weight": r.weight,
                        "on": r.on,
                        "shift_type": r.shift_type,
                        "demand": r.demand,
                    }
                )
                for r in p.requests
            ],
            "previous": [_assignment(a) for a in p.previous],
            "fixed": [_assignment(a) for a in p.fixed],
        }
    )


def _a(d: dict[str, Any]) -> Assignment:
    return Assignment(str(d["staff"]), str(d["demand"]), d.get("role", ""))


def problem_from_dict(data: dict[str, Any]) -> Problem:
    fmt = data.get("format", PROBLEM_FORMAT)
    if fmt != PROBLEM_FORMAT:
        raise ValueError(f"unknown problem format {fmt!r}")
    staff = tuple(
        Staff(
            id=str(s["id"]),
            label=s.get("label", ""),
            gender=s.get("gender", ""),
            qualifications=frozenset(s.get("qualifications", ())),
            min_minutes=s.get("min_minutes", 0),
            max_minutes=s.get("max_minutes"),
            max_minutes_per_week=s.get("max_minutes_per_week"),
            target_minutes=s.get("target_minutes"),
            max_shifts=dict(s.get("max_shifts", {})),
            max_consecutive_days=s.get("max_consecutive_days"),
            min_consecutive_days=s.get("min_consecutive_days", 1),
            min_consecutive_days_off=s.get("min_consecutive_days_off", 1),
            max_weekends=s.get("max_weekends"),
            days_off=frozenset(s.get("days_off", ())),
            lat=s.get("lat"),
            lon=s.get("lon"),
            max_travel_km=s.get("max_travel_km"),
        )
        for s in data["staff"]
    )
    demands = tuple(
        Demand(
            id=str(d["id"]),
            day=d["day"],
            start=d["start"],
            length=d["length"],
            cover=tuple(
                Cover(c["required"], c.get("qualification"), c.get("under_weight", 100), c.get("over_weight", 0))
                for c in d["cover"]
            ),
            shift_type=d.get("shift_type"),
            max_staff=d.get("max_staff"),
            lat=d.get("lat"),
            lon=d.get("lon"),
            label=d.get("label", ""),
            excluded_staff=frozenset(str(x) for x in d.get("excluded_staff", ())),
        )
        for d in data["demands"]
    )
    rules = data.get("rules", {})
    weights = data.get("weights", {})
    return Problem(
        days=data["days"],
        staff=staff,
        demands=demands,
        shift_types=tuple(
            ShiftType(t["id"], t.get("start", 9 * 60), t.get("length", 480), tuple(t.get("forbidden_next", ())))
            for t in data.get("shift_types", ())
        ),
        requests=tuple(
            Request(
                staff=str(r["staff"]),
                day=r["day"],
                weight=r.get("weight", 1),
                on=r.get("on", True),
                shift_type=r.get("shift_type"),
                demand=r.get("demand"),
            )
            for r in data.get("requests", ())
        ),
        previous=tuple(_a(a) for a in data.get("previous", ())),
        fixed=tuple(_a(a) for a in data.get("fixed", ())),
        rules=Rules(**rules),
        weights=Weights(**weights),
        first_weekday=data.get("first_weekday", 0),
        start_date=dt.date.fromisoformat(data["start_date"]) if data.get("start_date") else None,
        name=data.get("name", ""),
    )


def solution_to_dict(s: Solution) -> dict[str, Any]:
    return {
        "format": SOLUTION_FORMAT,
        "status": s.status,
        "objective": s.objective,
        "bound": s.bound,
        "gap": s.gap,
        "wall_s": round(s.wall_s, 3),
        "penalties": dict(s.penalties),
        "changes": s.changes,
        "hint_objective": s.hint_objective,
        "parts": s.parts,
        "diagnosis": list(s.diagnosis),
        "assignments": [_assignment(a) for a in s.assignments],
        "shortfalls": [
            {
                "demand": f.demand,
                "day": f.day,
                "qualification": f.qualification,
                "required": f.required,
                "assigned": f.assigned,
                "reasons": list(f.reasons),
                "suggestions": list(f.suggestions),
            }
            for f in s.shortfalls
        ],
    }


def solution_from_dict(data: dict[str, Any]) -> Solution:
    return Solution(
        assignments=tuple(_a(a) for a in data["assignments"]),
        status=data["status"],
        objective=data.get("objective"),
        bound=data.get("bound"),
        wall_s=data.get("wall_s", 0.0),
        penalties=dict(data.get("penalties", {})),
        shortfalls=tuple(
            Shortfall(
                f["demand"],
                f["day"],
                f.get("qualification"),
                f["required"],
                f["assigned"],
                tuple(f.get("reasons", ())),
                tuple(f.get("suggestions", ())),
            )
            for f in data.get("shortfalls", ())
        ),
        changes=data.get("changes", 0),
        hint_objective=data.get("hint_objective"),
        parts=data.get("parts", 1),
        diagnosis=tuple(data.get("diagnosis", ())),
    )


def load_problem(path: str | Path) -> Problem:
    return problem_from_dict(json.loads(Path(path).read_text()))


def dump_problem(problem: Problem, path: str | Path) -> None:
    Path(path).write_text(json.dumps(problem_to_dict(problem), indent=1))


def load_schema(name: str = "problem") -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text())
