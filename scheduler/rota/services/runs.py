"""Starting a rota run, running it (the Celery task's body), cancelling and re-planning it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from scheduler import periods, run_limits
from scheduler.models import (
    RotaAssignment,
    RotaAssignmentSource,
    RotaRun,
    RotaRunStatus,
    RotaShortfall,
)
from scheduler.rota import adapter, engine
from scheduler.rota.services.messages import (
    IN_THE_PAST,
    REGION_NOT_YOURS,
    RUN_NOT_CANCELLABLE,
    RUN_NOT_REPLANNABLE,
    RUN_ROTA_TASK,
    TOO_LONG,
    _name,
)
from scheduler.rota.services.planning import start_matching
from upw.core.access import planning_regions
from upw.core.background import enqueue

log = logging.getLogger(__name__)


def validate_rota_period(*, start_date: dt.date, end_date: dt.date) -> None:
    max_days = int(adapter.rota_settings()["MAX_RUN_DAYS"])
    periods.validate_period(
        start_date=start_date,
        end_date=end_date,
        max_days=max_days,
        too_long=TOO_LONG.format(days=max_days),
        in_the_past=IN_THE_PAST,
    )


def run_create(
    *,
    user,
    region,
    start_date: dt.date,
    end_date: dt.date,
    time_limit_s: float | None = None,
    previous_run: RotaRun | None = None,
    then_match: bool = False,
) -> RotaRun:
    """A queued run; its task starts once the transaction commits. `then_match` ("plan the
    fortnight") starts a matching run over the same period when the rota is ready, with the
    sessions the rota cannot staff left out."""
    if not planning_regions(user).filter(pk=region.pk).exists():
        raise PermissionDenied(REGION_NOT_YOURS)
    validate_rota_period(start_date=start_date, end_date=end_date)
    parameters = {
        "time_limit_s": run_limits.time_limit_for(time_limit_s, default=adapter.rota_settings()["TIME_LIMIT_S"]),
        "then_match": bool(then_match),
    }
    with transaction.atomic():
        run_limits.refuse_second_run(RotaRun, region, kind="Rota")
        run = RotaRun.objects.create(
            region=region,
            start_date=start_date,
            end_date=end_date,
            parameters=parameters,
            created_by=user,
            previous_run=previous_run,
            progress_message="Waiting to start.",
        )
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def plan_fortnight(*, user, region, start_date: dt.date | None = None, end_date: dt.date | None = None) -> RotaRun:
    """One action for a consistent fortnight: the rota first, then matching without the sessions the
    rota cannot staff (see docs/rota.md). Returns the rota run; its `parameters["matching_run"]`
    names the matching run once the rota is ready."""
    start_date = start_date or periods.next_fortnight()[0]
    end_date = end_date or start_date + dt.timedelta(days=periods.DEFAULT_RUN_DAYS - 1)
    return run_create(user=user, region=region, start_date=start_date, end_date=end_date, then_match=True)


def _enqueue(run_id: int) -> None:
    enqueue(RUN_ROTA_TASK, run_id)


def _progress(run_id: int, percent: int, message: str) -> None:
    RotaRun.objects.filter(pk=run_id).update(progress=percent, progress_message=message[:200])


def run_execute(*, run_id: int) -> RotaRun:
    """Builds the problem, solves it and stores the proposed rota. Called by the Celery task.

    Claims the run atomically (queued -> running), so a task delivered twice does the work once."""
    claimed = RotaRun.objects.filter(pk=run_id, status=RotaRunStatus.QUEUED).update(
        status=RotaRunStatus.RUNNING, started_at=timezone.now(), progress=5, progress_message="Reading the region."
    )
    run = RotaRun.objects.get(pk=run_id)
    if not claimed:
        return run
    try:
        _execute(run)
    except Exception as error:  # any failure is recorded on the run for the coordinator
        log.exception("Rota run %s failed", run_id)
        run.refresh_from_db()
        run.status = RotaRunStatus.FAILED
        run.error = f"{type(error).__name__}: {error}"[:2000]
        run.finished_at = timezone.now()
        run.progress_message = "Failed."
        run.save()
        return run
    run.refresh_from_db()
    if run.status == RotaRunStatus.READY and run.parameters.get("then_match"):
        try:
            start_matching(run=run)
        except Exception as error:  # the rota stands; the coordinator can start matching by hand
            log.exception("Matching after rota run %s failed", run_id)
            message = " ".join(getattr(error, "messages", None) or [str(error)])
            RotaRun.objects.filter(pk=run.pk).update(
                progress_message=f"Ready for review. Matching could not start: {message}"[:200]
            )
        run.refresh_from_db()
    return run


def _previous_pairs(run: RotaRun) -> list[tuple[int, int]] | None:
    if run.previous_run_id:
        return list(
            RotaAssignment.objects.filter(run_id=run.previous_run_id).values_list("session_id", "supervisor_id")
        )
    return None  # the rota as rostered now


def _execute(run: RotaRun) -> None:
    started = time.perf_counter()
    built = adapter.build_problem(
        region=run.region, start=run.start_date, end=run.end_date, previous=_previous_pairs(run), name=str(run)
    )
    pins = _pins(run, built)
    if pins:
        built.problem = dataclasses.replace(built.problem, fixed=tuple(adapter.engine_assignments(pins)))
    problem = built.problem
    limit = float(run.parameters.get("time_limit_s") or adapter.rota_settings()["TIME_LIMIT_S"])
    _progress(
        run.pk,
        20,
        f"Rostering {len(problem.staff):,} supervisors onto {len(problem.demands):,} sessions "
        f"(at most {limit:.0f} seconds).",
    )
    rota_settings = adapter.rota_settings()
    options = engine.SolveOptions(
        time_limit_s=limit,
        workers=rota_settings["WORKERS"],
        relative_gap=rota_settings["GAP_PERCENT"] / 100,
    )
    solution = engine.solve(problem, options)
    _progress(run.pk, 85, "Checking the rota against the hard rules.")
    rows = adapter.assignment_rows(built, solution.assignments)
    # Forbidden pairs are a heavy cost in the engine, not a constraint: drop any that slipped through.
    rows = [r for r in rows if (r.session_id, r.supervisor_id) not in built.forbidden]
    violations = engine.check(problem, adapter.engine_assignments((r.session_id, r.supervisor_id) for r in rows))
    if violations:  # never expected: the engine checks its own rota; refuse to store a breach
        raise RuntimeError(f"The rota breaks {len(violations)} rules, first: {violations[0].message}")
    _progress(run.pk, 92, "Saving the rota.")
    pinned = set(pins)
    with transaction.atomic():
        run.refresh_from_db()
        if run.status != RotaRunStatus.RUNNING:  # cancelled while solving: keep it cancelled
            return
        RotaAssignment.objects.filter(run=run).delete()
        RotaAssignment.objects.bulk_create(
            [
                RotaAssignment(
                    run=run,
                    session_id=r.session_id,
                    supervisor_id=r.supervisor_id,
                    role=r.role,
                    source=(
                        RotaAssignmentSource.MANUAL
                        if (r.session_id, r.supervisor_id) in pinned
                        else RotaAssignmentSource.ENGINE
                    ),
                )
                for r in rows
            ],
            batch_size=2000,
        )
        shortfalls = _store_shortfalls(run, built, [(r.session_id, r.supervisor_id) for r in rows])
        needed = sum(n.supervisors for n in built.needs.values())
        run.figures = {
            "sessions": len(problem.demands),
            "supervisors": len(problem.staff),
            "supervisors_needed": needed,
            "assignments": len(rows),
            **_shortfall_counts(shortfalls),
            "objective": solution.objective,
            "bound": solution.bound,
            "gap": round(solution.gap, 4) if solution.gap is not None else None,
            "solver_status": solution.status,
            "penalties": dict(solution.penalties),
            "changes": solution.changes,
            "previous": len(built.previous),
            "pinned": len(pins),
            "hint_objective": solution.hint_objective,
            "parts": solution.parts,
            "build_s": round(built.seconds, 2),
            "solve_s": round(solution.wall_s, 2),
            "wall_s": round(time.perf_counter() - started, 2),
            "violations": 0,
        }
        run.status = RotaRunStatus.READY
        run.progress = 100
        run.progress_message = "Ready for review."
        run.finished_at = timezone.now()
        run.save()
        if run.previous_run_id:
            RotaRun.objects.filter(pk=run.previous_run_id, status=RotaRunStatus.READY).update(
                status=RotaRunStatus.SUPERSEDED, progress_message=f"Replaced by rota run {run.pk}."
            )


def _pins(run: RotaRun, built: adapter.BuiltRota) -> list[tuple[int, int]]:
    """Supervisors added by hand to the run being re-planned stay (hard), unless a hard rule now
    refuses them (new leave, say): each is kept only if it adds no violation to those kept before."""
    if not run.previous_run_id:
        return []
    kept: list[tuple[int, int]] = []
    manual = RotaAssignment.objects.filter(run_id=run.previous_run_id, source=RotaAssignmentSource.MANUAL)
    for pair in manual.order_by("id").values_list("session_id", "supervisor_id"):
        if pair[0] not in built.needs or pair[1] not in built.supervisors:
            continue
        if pair in built.forbidden:
            continue
        if not engine.check(built.problem, adapter.engine_assignments([*kept, pair])):
            kept.append(pair)
    return kept


_STAFF_ID = re.compile(r"\bsup(\d+)\b")


def _humanise(text: str, built: adapter.BuiltRota) -> str:
    text = text.replace(f"supervisor with {engine.VAN_DRIVER}", "van driver")
    text = text.replace(f"supervisors with {engine.VAN_DRIVER}", "van drivers")

    def name(match: re.Match) -> str:
        info = built.supervisors.get(int(match.group(1)))
        return info["name"] if info else match.group(0)

    text = _STAFF_ID.sub(name, text)
    for session_id, need in built.needs.items():
        text = text.replace(adapter.demand_id(session_id), need.label)
    return text


def _store_shortfalls(run: RotaRun, built: adapter.BuiltRota, pairs: list[tuple[int, int]]) -> list[RotaShortfall]:
    """Replaces the run's shortfalls with the engine's explanation of the rota as it stands."""
    RotaShortfall.objects.filter(run=run).delete()
    found = engine.explain(built.problem, adapter.engine_assignments(pairs))
    rows = [
        RotaShortfall(
            run=run,
            session_id=adapter.session_of(s.demand),
            qualification=s.qualification or "",
            required=s.required,
            assigned=s.assigned,
            reasons=[_humanise(r, built) for r in s.reasons] + _restriction_reasons(built, s.demand),
            suggestions=[_humanise(r, built) for r in s.suggestions],
        )
        for s in found
    ]
    return RotaShortfall.objects.bulk_create(rows)


def _shortfall_counts(shortfalls: list[RotaShortfall]) -> dict[str, int]:
    """Sessions that cannot run (nobody, or no driver or female supervisor), and the others short."""
    blocked = {s.session_id for s in shortfalls if s.blocks_session}
    return {"unstaffed": len(blocked), "short": len({s.session_id for s in shortfalls} - blocked)}


def _restriction_reasons(built: adapter.BuiltRota, demand: str) -> list[str]:
    need = built.needs.get(adapter.session_of(demand))
    if need is None:
        return []
    out = []
    if "not_male" in need.gender_restrictions:
        out.append("someone on it must not be supervised by a man, so only women can take it")
    if "not_female" in need.gender_restrictions:
        out.append("someone on it must not be supervised by a woman, so only men can take it")
    return out


def run_cancel(*, run: RotaRun, user) -> RotaRun:
    with transaction.atomic():
        run = RotaRun.objects.select_for_update().get(pk=run.pk)
        if not run.is_open:
            raise ValidationError(RUN_NOT_CANCELLABLE)
        run.status = RotaRunStatus.CANCELLED
        run.progress_message = f"Cancelled by {_name(user)}."
        run.finished_at = run.finished_at or timezone.now()
        run.save()
    return run


def run_replan(*, run: RotaRun, user) -> RotaRun:
    """A new run over what is left of the period, repairing this run's rota (as few changes as
    possible: after sickness or new leave)."""
    if not run.is_finished:
        raise ValidationError(RUN_NOT_REPLANNABLE)
    start = max(run.start_date, timezone.localdate() + dt.timedelta(days=1))
    return run_create(
        user=user,
        region=run.region,
        start_date=start,
        end_date=run.end_date,
        time_limit_s=run.parameters.get("time_limit_s"),
        previous_run=run,
    )
