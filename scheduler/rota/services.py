"""Rota runs: start, execute (the Celery task's body), edit by hand, publish, notify; and the link to
matching ("plan the fortnight").

Writes are keyword-only functions wrapped in `transaction.atomic`; refusals are module constants
that the views show and the tests assert against.

The figures a finished run records (`RotaRun.figures`):

* `sessions`, `supervisors`: the size of the problem; `supervisors_needed`: the head count asked
  for in total;
* `assignments`: supervisors placed; `unstaffed`: sessions with no supervisor at all or missing a
  van driver or female supervisor (they cannot run); `short`: the other sessions with fewer supervisors
  than their attendees need;
* `objective` (every soft cost, lower is better), `bound` (no rota can cost less), `gap`
  ((objective - bound) / objective), `solver_status` (OPTIMAL, FEASIBLE, GREEDY...), `penalties`
  (the objective by term), `changes` (assignments added or removed against the rota as it was
  rostered), `hint_objective` (the greedy rota's cost), `build_s`, `solve_s`, `wall_s`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import time
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from scheduler import periods
from scheduler.models import (
    RotaAssignment,
    RotaAssignmentSource,
    RotaNotification,
    RotaNotificationKind,
    RotaPublication,
    RotaRun,
    RotaRunStatus,
    RotaShortfall,
)
from scheduler.rota import adapter, engine
from upw.core.access import planning_regions
from upw.core.background import enqueue
from upw.core.hours import format_minutes
from upw.models import Session, SessionSupervisor, Supervisor
from upw.models.sessions import SupervisorRole

# The Celery tasks that run this work (tasks.py registers them under these names).
RUN_ROTA_TASK = "scheduler.rota_tasks.run_rota"
SEND_NOTIFICATIONS_TASK = "scheduler.rota_tasks.send_rota_notifications"

log = logging.getLogger(__name__)

TOO_LONG = "A rota can cover at most {days} days: choose a shorter period."
IN_THE_PAST = "The end date must be in the future: sessions that have started cannot be rostered."
REGION_NOT_YOURS = "You can only build rotas for the regions you coordinate."
RUN_NOT_EDITABLE = "Only a rota that is ready for review or published can be changed."
RUN_NOT_PUBLISHABLE = "Only a rota that has finished and is ready for review can be published."
RUN_NOT_CANCELLABLE = "Only a rota that is queued, running or waiting for review can be cancelled."
RUN_NOT_REPLANNABLE = "Only a finished rota can be re-planned."
ALREADY_ON = "{name} is already on this session."
NOT_IN_RUN = "That supervisor is not on this session in this rota."
SESSION_NOT_IN_ROTA = (
    "This session is not part of this rota: only scheduled sessions of supervised projects in the "
    "region, from tomorrow to the end of the period, are rostered."
)
SUPERVISOR_NOT_IN_REGION = "{name} is not an active supervisor based in {region}."
# Hard rules a hand edit may not break.
REFUSED_DAY_OFF = "{name} cannot work on {date}: {why}."
REFUSED_ONE_A_DAY = "{name} already supervises {other} on {date}: a supervisor works one session a day."
REFUSED_REST = (
    "{name} would have only {rest} of rest between {first} and {second}: at least {minimum} are needed between shifts."
)
REFUSED_CONTRACT = (
    "{name} would work {total} in this rota, more than their contract allows for the period ({allowed}): "
    "take them off another session first, or agree overtime and change their contract."
)
REFUSED_TRAVEL = "{site} is too far from {name}'s office for this region's travel limit."
REFUSED_QUALIFICATION = (
    "{name} is not {needed}, and this session still needs one: with {name} on it there would be no place "
    "left for one (it takes at most {max_staff} supervisors)."
)
REFUSED_SESSION = "{name} cannot supervise this session: {why}."
PUBLISH_NO_LONGER_FITS = (
    "The rota no longer fits the rules (leave or sessions changed since), so nothing was published:"
)
PUBLISH_CONFLICT = "Someone published a rota for this region at the same time: nothing was published. Try again."

QUALIFICATION_WORDS = {engine.VAN_DRIVER: "a van driver", engine.FEMALE: "a female supervisor"}


class EditRefused(Exception):
    """A hand edit the hard rules do not allow; `reasons` are sentences for the coordinator."""

    def __init__(self, reasons: list[str]):
        self.reasons = list(reasons)
        super().__init__(" ".join(self.reasons))


class PublishRefused(Exception):
    def __init__(self, message: str, reasons: list[str] | None = None):
        self.reasons = list(reasons or [])
        super().__init__(message)


@dataclass(frozen=True)
class PublishResult:
    run: RotaRun
    publication: RotaPublication | None
    added: int
    removed: int
    kept: int
    notified: int
    already_published: bool = False


def _name(user) -> str:
    return user.get_full_name() or user.username


# --- Starting and running --------------------------------------------------------------------------


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
        "time_limit_s": float(time_limit_s or adapter.rota_settings()["TIME_LIMIT_S"]),
        "then_match": bool(then_match),
    }
    with transaction.atomic():
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
    solution = engine.solve(problem, engine.SolveOptions(time_limit_s=limit, workers=2))
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


# --- Hand edits ------------------------------------------------------------------------------------


def _pairs(run: RotaRun) -> list[tuple[int, int]]:
    return list(RotaAssignment.objects.filter(run=run).values_list("session_id", "supervisor_id"))


def _build(run: RotaRun) -> adapter.BuiltRota:
    return adapter.build_problem(region=run.region, start=run.start_date, end=run.end_date, previous=[])


def _label(need: adapter.SessionNeed) -> str:
    return f"{need.label} ({need.start:%H:%M}-{need.end:%H:%M})"


def addition_refusals(
    built: adapter.BuiltRota, pairs: list[tuple[int, int]], session_id: int, supervisor_id: int
) -> list[str]:
    """Why `supervisor_id` may not be added to `session_id` on top of `pairs` (empty: allowed)."""
    need = built.needs.get(session_id)
    if need is None:
        return [SESSION_NOT_IN_ROTA]
    info = built.supervisors.get(supervisor_id)
    if info is None:
        sup = Supervisor.objects.filter(pk=supervisor_id).select_related("user").first()
        who = _name(sup.user) if sup else "That supervisor"
        return [SUPERVISOR_NOT_IN_REGION.format(name=who, region=built.region_name or "this region")]
    name = info["name"]
    if (session_id, supervisor_id) in set(pairs):
        return [ALREADY_ON.format(name=name)]
    reasons: list[str] = []
    why = built.forbidden.get((session_id, supervisor_id))
    if why:
        reasons.append(REFUSED_SESSION.format(name=name, why=why))
    # Qualifications: a van driver / female supervisor the session needs must still fit.
    on = [sup for ses, sup in pairs if ses == session_id] + [supervisor_id]

    def holds(sup: int, q: str) -> bool:
        other = built.supervisors.get(sup)
        if other is None:
            return False
        return other["gender"] == "female" if q == engine.FEMALE else q in other["qualifications"]

    missing = [q for q in need.qualifications if not any(holds(sup, q) for sup in on)]
    if missing and len(missing) > need.max_staff - len(on):
        q = missing[0]
        reasons.append(
            REFUSED_QUALIFICATION.format(name=name, needed=QUALIFICATION_WORDS.get(q, q), max_staff=need.max_staff)
        )
    # Leave, one session a day, rest, contract: the engine's independent checker, before and after.
    problem = built.problem
    me = adapter.staff_id(supervisor_id)
    mine = [(ses, sup) for ses, sup in pairs if sup == supervisor_id]
    before = {(v.rule, v.message) for v in engine.check(problem, adapter.engine_assignments(mine))}
    after = engine.check(problem, adapter.engine_assignments([*mine, (session_id, supervisor_id)]))
    day = built.day(need.date)
    date = f"{need.date:%a %d %b}"
    for v in after:
        if v.staff != me or (v.rule, v.message) in before:
            continue
        if v.rule == "day_off":
            why = built.day_off_reasons.get((supervisor_id, day), "a day off")
            reasons.append(REFUSED_DAY_OFF.format(name=name, date=date, why=why))
        elif v.rule == "one_a_day":
            others = [built.needs[s] for s, _ in mine if s in built.needs and built.needs[s].date == need.date]
            other = _label(others[0]) if others else "another session"
            reasons.append(REFUSED_ONE_A_DAY.format(name=name, other=other, date=date))
        elif v.rule == "rest":
            reasons.append(_rest_message(built, mine, need, name))
        elif v.rule == "max_minutes":
            total = sum(built.needs[s].minutes for s, _ in mine if s in built.needs) + need.minutes
            reasons.append(
                REFUSED_CONTRACT.format(
                    name=name, total=format_minutes(total), allowed=format_minutes(info["max_minutes"])
                )
            )
        elif v.rule == "travel":
            reasons.append(REFUSED_TRAVEL.format(site=need.site, name=name))
        else:
            reasons.append(_humanise(v.message, built))
    return list(dict.fromkeys(reasons))


def _rest_message(built, mine, need, name) -> str:
    minimum = built.problem.rules.min_rest_minutes
    start = need.start.hour * 60 + need.start.minute
    end = need.end.hour * 60 + need.end.minute
    for ses, _ in mine:
        other = built.needs.get(ses)
        if other is None:
            continue
        o_start = other.start.hour * 60 + other.start.minute
        o_end = other.end.hour * 60 + other.end.minute
        gap = (other.date - need.date).days
        if gap == 1 and 24 * 60 + o_start - end < minimum:
            first, second, rest = need, other, 24 * 60 + o_start - end
        elif gap == -1 and 24 * 60 + start - o_end < minimum:
            first, second, rest = other, need, 24 * 60 + start - o_end
        else:
            continue
        return REFUSED_REST.format(
            name=name,
            rest=format_minutes(rest),
            first=f"{_label(first)} on {first.date:%a %d %b}",
            second=f"{_label(second)} on {second.date:%a %d %b}",
            minimum=format_minutes(minimum),
        )
    return REFUSED_REST.format(
        name=name, rest="less", first="one shift", second="the next", minimum=format_minutes(minimum)
    )


def _require_editable(run: RotaRun) -> None:
    if not run.is_editable:
        raise EditRefused([RUN_NOT_EDITABLE])


def _after_edit(run: RotaRun, built: adapter.BuiltRota) -> None:
    pairs = _pairs(run)
    shortfalls = _store_shortfalls(run, built, pairs)
    run.figures = {
        **run.figures,
        "assignments": len(pairs),
        **_shortfall_counts(shortfalls),
        "edits": int(run.figures.get("edits", 0)) + 1,
    }
    if run.status == RotaRunStatus.PUBLISHED:
        run.changed_since_publish = True
    run.save()


def _role_for(built, run, session_id: int, supervisor_id: int) -> str:
    need = built.needs[session_id]
    info = built.supervisors[supervisor_id]
    roles = set(RotaAssignment.objects.filter(run=run, session_id=session_id).values_list("role", flat=True))
    if need.needs_driver and engine.VAN_DRIVER in info["qualifications"] and SupervisorRole.DRIVER not in roles:
        return SupervisorRole.DRIVER
    if SupervisorRole.LEAD not in roles:
        return SupervisorRole.LEAD
    return SupervisorRole.SUPERVISOR


def assignment_add(*, run: RotaRun, user, session_id: int, supervisor_id: int) -> RotaAssignment:
    with transaction.atomic():
        run = RotaRun.objects.select_for_update().get(pk=run.pk)
        _require_editable(run)
        built = _build(run)
        reasons = addition_refusals(built, _pairs(run), session_id, supervisor_id)
        if reasons:
            raise EditRefused(reasons)
        assignment = RotaAssignment.objects.create(
            run=run,
            session_id=session_id,
            supervisor_id=supervisor_id,
            role=_role_for(built, run, session_id, supervisor_id),
            source=RotaAssignmentSource.MANUAL,
            created_by=user,
        )
        _after_edit(run, built)
        return assignment


def assignment_remove(*, run: RotaRun, user, assignment_id: int) -> None:
    """Takes a supervisor off a session. Always allowed; the session may then show as unstaffed."""
    with transaction.atomic():
        run = RotaRun.objects.select_for_update().get(pk=run.pk)
        _require_editable(run)
        assignment = RotaAssignment.objects.filter(run=run, pk=assignment_id).first()
        if assignment is None:
            raise EditRefused([NOT_IN_RUN])
        assignment._change_reason = f"Removed by {_name(user)}"
        assignment.delete()
        _after_edit(run, _build(run))


# --- Publication -----------------------------------------------------------------------------------


def run_publish(*, run_id: int, user) -> PublishResult:
    """Makes the run's rota the real one: `upw.SessionSupervisor` rows of the period's sessions are
    replaced, all or nothing, and the region's next version number recorded.

    Idempotent: the run row is locked and a run published with no change since is returned as it
    is (a second click or a retried request publishes nothing twice); the replacement itself works
    from the difference, so it never duplicates a row. Before writing, the rota is checked again
    against today's leave and sessions; if a hard rule would be broken, nothing is published.
    """
    try:
        with transaction.atomic():
            result = _publish(run_id, user)
    except IntegrityError as error:
        raise PublishRefused(PUBLISH_CONFLICT) from error
    if result.publication is not None and not result.already_published and result.notified:
        publication_id = result.publication.pk
        transaction.on_commit(lambda: _enqueue_notifications(publication_id))
    return result


def _publish(run_id: int, user) -> PublishResult:
    run = RotaRun.objects.select_for_update().select_related("region").get(pk=run_id)
    if run.status == RotaRunStatus.PUBLISHED and not run.changed_since_publish:
        last = run.publications.order_by("-version").first()
        return PublishResult(run, last, 0, 0, 0, 0, already_published=True)
    if run.status not in (RotaRunStatus.READY, RotaRunStatus.PUBLISHED):
        raise PublishRefused(RUN_NOT_PUBLISHABLE)
    built = _build(run)
    session_ids = list(built.needs)
    proposed = {
        (ses, sup): role for ses, sup, role in run.assignments.values_list("session_id", "supervisor_id", "role")
    }
    pairs = [p for p in proposed if p[0] in built.needs]  # sessions that started or were stood down drop out
    reasons = _publish_refusals(built, pairs)
    if reasons:
        raise PublishRefused(PUBLISH_NO_LONGER_FITS, reasons)

    current = {
        (ses, sup): (pk, role)
        for pk, ses, sup, role in SessionSupervisor.objects.select_for_update()
        .filter(session_id__in=session_ids)
        .values_list("pk", "session_id", "supervisor_id", "role")
    }
    new, old = set(pairs), set(current)
    added, removed, kept = new - old, old - new, new & old
    SessionSupervisor.objects.filter(pk__in=[current[p][0] for p in removed]).delete()
    SessionSupervisor.objects.bulk_create(
        [SessionSupervisor(session_id=ses, supervisor_id=sup, role=proposed[(ses, sup)]) for ses, sup in added]
    )
    for p in kept:
        if current[p][1] != proposed[p]:
            SessionSupervisor.objects.filter(pk=current[p][0]).update(role=proposed[p])

    # The sessions record the need the rota was built for (their pages show it).
    stale = [
        Session(pk=sid, supervisors_needed=need.supervisors)
        for sid, needed in Session.objects.filter(pk__in=session_ids).values_list("pk", "supervisors_needed")
        if needed != (need := built.needs[sid]).supervisors
    ]
    Session.objects.bulk_update(stale, ["supervisors_needed"], batch_size=500)

    version = (RotaPublication.objects.filter(region=run.region).aggregate(v=Max("version"))["v"] or 0) + 1
    earlier = RotaPublication.objects.filter(
        region=run.region, start_date__lte=run.end_date, end_date__gte=run.start_date
    ).exists()
    publication = RotaPublication.objects.create(
        run=run,
        region=run.region,
        start_date=run.start_date,
        end_date=run.end_date,
        version=version,
        published_by=user,
        added=len(added),
        removed=len(removed),
        kept=len(kept),
    )
    notified = _record_notifications(publication, built, added, removed, old, earlier)
    run.status = RotaRunStatus.PUBLISHED
    run.published_version = version
    run.published_by = user
    run.published_at = publication.published_at
    run.changed_since_publish = False
    run.progress_message = f"Published as version {version}."
    run.figures = {**run.figures, "published_added": len(added), "published_removed": len(removed)}
    run.save()
    # Another run of the region published earlier over the same days is replaced by this one.
    RotaRun.objects.filter(
        region=run.region,
        status=RotaRunStatus.PUBLISHED,
        start_date__lte=run.end_date,
        end_date__gte=run.start_date,
    ).exclude(pk=run.pk).update(status=RotaRunStatus.SUPERSEDED, progress_message=f"Replaced by rota run {run.pk}.")
    return PublishResult(run, publication, len(added), len(removed), len(kept), notified)


def _publish_refusals(built: adapter.BuiltRota, pairs: list[tuple[int, int]]) -> list[str]:
    out = []
    gone = {sup for _, sup in pairs if sup not in built.supervisors}
    if gone:
        out.append(
            f"{len(gone)} supervisor{'s on this rota are' if len(gone) != 1 else ' on this rota is'} "
            "no longer active in the region."
        )
    pairs = [p for p in pairs if p[1] in built.supervisors]
    for v in engine.check(built.problem, adapter.engine_assignments(pairs)):
        if v.rule in ("max_staff", "travel"):
            continue  # over-staffing by hand and distance are the coordinator's call
        out.append(_humanise(v.message, built))
    for ses, sup in pairs:
        why = built.forbidden.get((ses, sup))
        if why:
            out.append(REFUSED_SESSION.format(name=built.supervisors[sup]["name"], why=why))
    return out


def _session_line(session: Session) -> str:
    site = session.project.site
    where = session.project.name
    if site.name and site.name.strip().casefold() != where.strip().casefold():
        where += f" at {site.name}"
    when = f"{session.date:%a %d %b %Y}, {session.start_time:%H:%M} to {session.end_time:%H:%M}"
    return f"{when}: {where}, {site.postcode}"


def _record_notifications(publication, built, added, removed, old, earlier: bool) -> int:
    by_sup: dict[int, dict[str, list[int]]] = defaultdict(lambda: {"added": [], "removed": []})
    for ses, sup in added:
        by_sup[sup]["added"].append(ses)
    for ses, sup in removed:
        by_sup[sup]["removed"].append(ses)
    if not by_sup:
        return 0
    had_rota = {sup for _, sup in old}
    sessions = Session.objects.select_related("project__site").in_bulk(
        {s for change in by_sup.values() for s in change["added"] + change["removed"]}
    )
    sups = Supervisor.objects.select_related("user").in_bulk(list(by_sup))
    period = f"{publication.start_date:%d %b} to {publication.end_date:%d %b %Y}"
    rows = []
    for sup_id, change in sorted(by_sup.items()):
        sup = sups[sup_id]
        changed = earlier or sup_id in had_rota
        kind = RotaNotificationKind.CHANGED if changed else RotaNotificationKind.PUBLISHED
        subject = f"Your rota has changed: {period}" if changed else f"Your rota for {period}"
        lines = [f"Hello {sup.user.first_name or sup.user.username},", ""]
        lines.append(
            f"The {publication.region} rota (version {publication.version}) "
            + ("changes your sessions:" if changed else "is out. Your sessions:")
        )
        for label, ids in (("Added", change["added"]), ("Removed", change["removed"])):
            ordered = sorted((sessions[i] for i in ids if i in sessions), key=lambda s: (s.date, s.start_time))
            if ordered:
                lines += ["", f"{label}:"] + [f"- {_session_line(s)}" for s in ordered]
        site = getattr(settings, "PUBLIC_URL", "").rstrip("/")
        lines += ["", f"See your rota at {site}/my/rota/ (your calendar feed updates by itself)."]
        rows.append(
            RotaNotification(
                publication=publication,
                supervisor=sup,
                kind=kind,
                subject=subject[:200],
                body="\n".join(lines),
                added=sorted(change["added"]),
                removed=sorted(change["removed"]),
                email=sup.user.email or "",
            )
        )
    RotaNotification.objects.bulk_create(rows)
    return len(rows)


def _enqueue_notifications(publication_id: int) -> None:
    enqueue(SEND_NOTIFICATIONS_TASK, publication_id)


def send_notifications(*, publication_id: int) -> int:
    """Emails the publication's unsent notifications (Django's email backend; console by default)."""
    sent = 0
    for note in RotaNotification.objects.filter(publication_id=publication_id, sent_at__isnull=True):
        if not note.email:
            RotaNotification.objects.filter(pk=note.pk).update(error="No email address: shown in the service only.")
            continue
        try:
            send_mail(note.subject, note.body, settings.DEFAULT_FROM_EMAIL, [note.email], fail_silently=False)
        except Exception as error:  # recorded on the row; the rota itself is published already
            log.exception("Rota notification %s failed", note.pk)
            RotaNotification.objects.filter(pk=note.pk).update(error=str(error)[:300])
            continue
        RotaNotification.objects.filter(pk=note.pk).update(sent_at=timezone.now(), error="")
        sent += 1
    return sent


# --- Rota and matching together -------------------------------------------------------------------


def _latest_runs(region, start: dt.date, end: dt.date) -> list[RotaRun]:
    return list(
        RotaRun.objects.filter(
            region=region,
            status__in=(RotaRunStatus.READY, RotaRunStatus.PUBLISHED),
            start_date__lte=end,
            end_date__gte=start,
        ).order_by("-created_at", "-id")
    )


def _run_covering(runs: list[RotaRun], date: dt.date) -> RotaRun | None:
    # A published run is the rota; a newer run still in review only a proposal, but it is what
    # "plan the fortnight" has just built, so the newest run covering the date counts.
    for run in runs:
        if run.start_date <= date <= run.end_date:
            return run
    return None


def unstaffable_session_ids(region, start: dt.date, end: dt.date) -> set[int]:
    """Sessions of `region` from `start` to `end` that the latest rota (ready or published) covering
    their date cannot staff: nobody on them, or no van driver or female supervisor they need.
    Matching should give these no attendees. Sessions no rota covers yet are not reported."""
    runs = _latest_runs(region, start, end)
    if not runs:
        return set()
    dates = dict(adapter.rota_sessions(region, start, end).values_list("id", "date"))
    blocked: dict[int, set[int]] = defaultdict(set)
    for run_id, session_id, qualification, assigned in RotaShortfall.objects.filter(
        run__in=runs, session_id__in=list(dates)
    ).values_list("run_id", "session_id", "qualification", "assigned"):
        if assigned == 0 or qualification:
            blocked[run_id].add(session_id)
    out = set()
    for session_id, date in dates.items():
        run = _run_covering(runs, date)
        if run is not None and session_id in blocked[run.pk]:
            out.add(session_id)
    return out


def staffed_places(region, start: dt.date, end: dt.date) -> dict[int, int]:
    """Places matching may fill on each session a rota covers: capacity, capped at supervisors x
    ratio; 0 for a session that cannot be staffed."""
    runs = _latest_runs(region, start, end)
    if not runs:
        return {}
    sessions = adapter.rota_sessions(region, start, end)
    needs = adapter.session_needs(sessions)
    capacity = dict(sessions.values_list("id", "capacity"))
    blocked = unstaffable_session_ids(region, start, end)
    heads: dict[tuple[int, int], int] = defaultdict(int)
    for run_id, session_id in RotaAssignment.objects.filter(run__in=runs, session_id__in=list(needs)).values_list(
        "run_id", "session_id"
    ):
        heads[(run_id, session_id)] += 1
    out = {}
    for session_id, need in needs.items():
        run = _run_covering(runs, need.date)
        if run is None:
            continue
        if session_id in blocked:
            out[session_id] = 0
        else:
            out[session_id] = min(capacity[session_id], heads[(run.pk, session_id)] * need.ratio)
    return out


def start_matching(*, run: RotaRun):
    """The second half of "plan the fortnight": a matching run over the rota's period that leaves out
    the sessions this rota cannot staff and fills the others no further than their supervisors allow.

    The matching run's `parameters` carry `rota_run`, `excluded_sessions` and `session_places`
    (session id -> places); `scheduler.matching.adapter.build_problem` drops the excluded sessions
    and caps capacities with them, for the solve, every hand edit and the check at approval (so
    places booked meanwhile cannot push a session past what its supervisors allow).
    """
    from scheduler.matching import services as matching_services

    excluded = sorted(unstaffable_session_ids(run.region, run.start_date, run.end_date))
    places = staffed_places(run.region, run.start_date, run.end_date)
    start = max(run.start_date, timezone.localdate() + dt.timedelta(days=1))
    with transaction.atomic():
        matching_run = matching_services.run_create(
            user=run.created_by, region=run.region, start_date=start, end_date=run.end_date
        )
        matching_run.parameters = {
            **matching_run.parameters,
            "rota_run": run.pk,
            "excluded_sessions": excluded,
            "session_places": {str(k): v for k, v in places.items()},
        }
        matching_run.save(update_fields=["parameters"])
        RotaRun.objects.filter(pk=run.pk).update(
            parameters={**run.parameters, "matching_run": matching_run.pk},
            progress_message=f"Ready for review. Matching run {matching_run.pk} started without "
            f"{len(excluded)} session{'' if len(excluded) == 1 else 's'} the rota cannot staff.",
        )
    # Run the matching here, in this task (the enqueued copy then finds it claimed and does nothing),
    # so the fortnight is planned when the rota's task ends.
    return matching_services.run_execute(run_id=matching_run.pk)
