"""Matching runs: start, execute (the Celery task's body), adjust by hand, approve, re-plan.

Writes are keyword-only functions wrapped in `transaction.atomic`; the error messages are module
constants that the views show and the tests assert against.

The figures a finished run records (`MatchingRun.figures`):

* `people`, `sessions`: the size of the problem; `people_skipped`: requirements left out before
  matching (no coordinates, a second concurrent requirement);
* `hours_placed`: credited hours the plan gives (the last session of someone finishing counts only
  what is left); `upper_bound_hours`: no legal plan can place more (supply and demand bounds);
  `percent_of_bound`; `greedy_hours`: what a coordinator's first-come greedy pass places on the same
  candidates;
* `people_placed`, `people_left_out`; `method` (mip, flow or greedy), `objective`, `greedy_objective`;
* `build_s`, `solve_s`, `wall_s` (build + solve + bound), `violations` (the independent checker's
  count; always 0, or the run fails).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from scheduler import run_limits
from scheduler.matching import adapter, engine
from scheduler.models import (
    MatchingRun,
    PersonExplanation,
    ProposalSource,
    ProposedAllocation,
    RotaPublication,
    RunStatus,
)
from scheduler.periods import validate_period
from upw.core.access import planning_regions
from upw.core.background import enqueue
from upw.dayview import selectors as dayview_selectors
from upw.models import Allocation, AllocationStatus, Requirement, RequirementStatus, Session

# The Celery tasks that run this work (tasks.py registers them under these names).
RUN_MATCHING_TASK = "scheduler.tasks.run_matching"

log = logging.getLogger(__name__)

MAX_RUN_DAYS = 28
DEFAULT_TIME_LIMIT_S = 30.0

TOO_LONG = f"A run can cover at most {MAX_RUN_DAYS} days: choose a shorter range."
IN_THE_PAST = "The end date must be in the future: sessions that have started cannot be planned."
REGION_NOT_YOURS = "You can only plan the regions you coordinate."
RUN_NOT_READY = "Only a run that has finished and is waiting for review can be changed."
RUN_NOT_APPROVABLE = "Only a run that has finished and is waiting for review can be approved."
RUN_NOT_CANCELLABLE = "Only a run that is queued, running or waiting for review can be cancelled."
RUN_NOT_REPLANNABLE = "Only a run that is ready, failed or cancelled can be re-planned."
NOT_IN_RUN = "That place is not part of this run."
SAME_SESSION = "The person is already proposed for that session."
NOT_PLACEABLE = "{crn} is not waiting to be placed in this region (no active requirement, or not ready to work)."
APPROVAL_CONFLICT = "Someone booked places at the same time: nothing was approved. Try again."
PLAN_NO_LONGER_FITS = "The plan no longer fits what is booked now, so nothing was approved. Re-plan, or fix these:"
REMOVAL_LEAVES_ONLY_WOMAN = (
    "Removing this place would leave a woman as the only woman in the mixed group on {session}: "
    "remove or move her too, or add another woman first."
)


class AdjustmentRefused(Exception):
    """A hand edit the hard rules do not allow; `reasons` are the checker's sentences."""

    def __init__(self, reasons: list[str]):
        self.reasons = list(reasons)
        super().__init__(" ".join(self.reasons))


class ApprovalRefused(Exception):
    def __init__(self, message: str, reasons: list[str] | None = None):
        self.reasons = list(reasons or [])
        super().__init__(message)


@dataclass(frozen=True)
class ApprovalResult:
    run: MatchingRun
    created: int
    already_booked: int
    already_approved: bool = False
    # Sessions of the run whose rota was already published and that cannot run now that the places
    # are booked (nobody rostered, or too few supervisors for the people booked).
    cannot_run: tuple[int, ...] = ()


# --- Starting and running --------------------------------------------------------------------------


def validate_run_period(*, start_date, end_date) -> None:
    validate_period(
        start_date=start_date, end_date=end_date, max_days=MAX_RUN_DAYS, too_long=TOO_LONG, in_the_past=IN_THE_PAST
    )


def run_create(
    *,
    user,
    region,
    start_date,
    end_date,
    weights: dict | None = None,
    time_limit_s: float | None = None,
    previous_run: MatchingRun | None = None,
    national_plan=None,
) -> MatchingRun:
    """A queued run; its task starts once the transaction commits (a national plan's runs are
    started together by the plan, as one group)."""
    if not planning_regions(user).filter(pk=region.pk).exists():
        raise PermissionDenied(REGION_NOT_YOURS)
    validate_run_period(start_date=start_date, end_date=end_date)
    unknown = set(weights or {}) - adapter.WEIGHT_FIELDS
    if unknown:
        raise ValidationError({"weights": f"Unknown weights: {', '.join(sorted(unknown))}."})
    parameters = {
        "weights": {**adapter.default_weights(), **(weights or {})},
        "time_limit_s": run_limits.time_limit_for(time_limit_s, default=DEFAULT_TIME_LIMIT_S),
    }
    with transaction.atomic():
        run_limits.refuse_second_run(MatchingRun, region, kind="Matching")
        run = MatchingRun.objects.create(
            region=region,
            start_date=start_date,
            end_date=end_date,
            parameters=parameters,
            created_by=user,
            previous_run=previous_run,
            national_plan=national_plan,
            progress_message="Waiting to start.",
        )
        if national_plan is None:
            transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    enqueue(RUN_MATCHING_TASK, run_id)


def _progress(run_id: int, percent: int, message: str) -> None:
    # A queryset update: no history row per step, and visible at once to the polling page.
    MatchingRun.objects.filter(pk=run_id).update(progress=percent, progress_message=message[:200])


def run_execute(*, run_id: int, restart: bool = False) -> MatchingRun:
    """Builds the problem, solves it and stores the proposals. Called by the Celery task.

    Claims the run atomically (queued -> running), so a task delivered twice does the work once.
    `restart` (the broker handed the task back because the worker running it stopped) claims a run
    left running too and does it again from the start: a run saves its proposals in one
    transaction at the end, so a stopped run left nothing half written.
    """
    claimable = [RunStatus.QUEUED, RunStatus.RUNNING] if restart else [RunStatus.QUEUED]
    message = "Restarted after its worker stopped: reading the region." if restart else "Reading the region."
    claimed = MatchingRun.objects.filter(pk=run_id, status__in=claimable).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), progress=5, progress_message=message
    )
    run = MatchingRun.objects.get(pk=run_id)
    if not claimed:
        return run
    try:
        _execute(run)
    except Exception as error:  # any failure is recorded on the run for the coordinator
        log.exception("Matching run %s failed", run_id)
        run.refresh_from_db()
        run.status = RunStatus.FAILED
        run.error = f"{type(error).__name__}: {error}"[:2000]
        run.finished_at = timezone.now()
        run.progress_message = "Failed."
        run.save()
    return run


def _execute(run: MatchingRun) -> None:
    started = time.perf_counter()
    previous, pinned = [], []
    if run.previous_run_id:
        for req_id, session_id, source in ProposedAllocation.objects.filter(run_id=run.previous_run_id).values_list(
            "requirement_id", "session_id", "source"
        ):
            (pinned if source == ProposalSource.MANUAL else previous).append((req_id, session_id))
    built = adapter.build_problem(
        region=run.region,
        start=run.start_date,
        end=run.end_date,
        parameters=run.parameters,
        previous_plan=previous,
        pinned=pinned,
    )
    problem = built.problem
    _progress(run.pk, 25, f"Matching {len(problem.people):,} people to {len(problem.sessions):,} sessions.")
    options = engine.SolverOptions(time_limit_s=float(run.parameters.get("time_limit_s", DEFAULT_TIME_LIMIT_S)))
    result = engine.solve(problem, options)
    _progress(run.pk, 80, "Checking the plan and working out the bound.")
    violations = engine.check_plan(problem, result.allocations)
    if violations:  # never expected: the engine checks its own plan; refuse to store a breach
        raise RuntimeError(f"The plan breaks {len(violations)} rules, first: {violations[0]}")
    bound = engine.upper_bound(problem)
    _progress(run.pk, 90, "Saving the proposals.")
    proposals = adapter.proposals_from(built, result)
    minutes_left = {p.id: p.minutes_left for p in problem.people}
    stats = result.stats
    with transaction.atomic():
        ProposedAllocation.objects.filter(run=run).delete()
        PersonExplanation.objects.filter(run=run).delete()
        ProposedAllocation.objects.bulk_create(
            [
                ProposedAllocation(
                    run=run,
                    requirement_id=p.requirement_id,
                    session_id=p.session_id,
                    minutes=p.minutes,
                    distance_km=p.distance_km,
                    explanation=p.explanation,
                    source=ProposalSource.ENGINE,
                )
                for p in proposals
            ],
            batch_size=2000,
        )
        explanations = [
            PersonExplanation(
                run=run,
                requirement_id=e.person_id,
                placed=e.placed,
                summary=e.summary,
                details=e.details,
                reason_codes=e.reason_codes,
                minutes_left=minutes_left.get(e.person_id, 0),
            )
            for e in result.explanations.values()
        ]
        explanations += [
            PersonExplanation(run=run, requirement_id=req_id, placed=False, summary=text, reason_codes=["skipped"])
            for req_id, text in built.skipped.items()
        ]
        PersonExplanation.objects.bulk_create(explanations, batch_size=2000)
        placed = sum(1 for e in result.explanations.values() if e.placed)
        hours = stats.minutes_placed / 60
        bound_hours = bound.minutes / 60
        run.refresh_from_db()
        if run.status != RunStatus.RUNNING:  # cancelled while solving: keep it cancelled
            return
        run.figures = {
            "people": len(problem.people),
            "sessions": len(problem.sessions),
            "people_skipped": len(built.skipped),
            "places_free": int(
                sum(max(engine.session_places(s, problem.rules) - s.taken, 0) for s in problem.sessions)
            ),
            "hours_placed": round(hours, 2),
            "upper_bound_hours": round(bound_hours, 2),
            "percent_of_bound": round(100 * hours / bound_hours, 2) if bound_hours else 100.0,
            "greedy_hours": round(stats.greedy_minutes_placed / 60, 2),
            "people_placed": placed,
            "people_placeable": stats.people_placeable,
            "people_offered_weekly_minimum": stats.people_offered_weekly_minimum,
            "greedy_people_offered_weekly_minimum": stats.greedy_people_offered_weekly_minimum,
            "people_left_out": len(problem.people) - placed + len(built.skipped),
            "proposals": len(proposals),
            "method": stats.method,
            "objective": round(stats.objective, 1),
            "greedy_objective": round(stats.greedy_objective, 1),
            "kept_from_previous": len({(p.requirement_id, p.session_id) for p in proposals} & {*previous, *pinned}),
            "pins_refused": len(stats.refused_pins),
            "build_s": round(built.seconds, 2),
            "solve_s": round(stats.wall_s, 2),
            "wall_s": round(time.perf_counter() - started, 2),
            "violations": 0,
        }
        run.status = RunStatus.READY
        run.progress = 100
        run.progress_message = "Ready for review."
        run.finished_at = timezone.now()
        run.save()
        if run.previous_run_id:
            # The re-plan replaces the run it came from, if that was still waiting for review.
            MatchingRun.objects.filter(pk=run.previous_run_id, status=RunStatus.READY).update(
                status=RunStatus.CANCELLED, progress_message=f"Replaced by run {run.pk}."
            )


def run_cancel(*, run: MatchingRun, user) -> MatchingRun:
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().get(pk=run.pk)
        if not run.is_open:
            raise ValidationError(RUN_NOT_CANCELLABLE)
        run.status = RunStatus.CANCELLED
        run.progress_message = f"Cancelled by {user.get_full_name() or user.username}."
        run.finished_at = run.finished_at or timezone.now()
        run.save()
    return run


def run_replan(*, run: MatchingRun, user, start_date=None, end_date=None) -> MatchingRun:
    """A new run over the same region and dates that keeps what it can of this run's proposals:
    places added by hand are pinned (kept unless a hard rule now refuses them), the engine's own get
    the `keep_bonus` weight. This run is marked replaced once the new one is ready."""
    if run.status not in (RunStatus.READY, RunStatus.FAILED, RunStatus.CANCELLED):
        raise ValidationError(RUN_NOT_REPLANNABLE)
    params = run.parameters or {}
    return run_create(
        user=user,
        region=run.region,
        start_date=start_date or max(run.start_date, timezone.localdate() + dt.timedelta(days=1)),
        end_date=end_date or run.end_date,
        weights=params.get("weights"),
        time_limit_s=params.get("time_limit_s"),
        previous_run=run,
    )


# --- Hand edits ------------------------------------------------------------------------------------


def _require_ready(run: MatchingRun) -> None:
    if run.status != RunStatus.READY:
        raise AdjustmentRefused([RUN_NOT_READY])


def _check(run: MatchingRun, requirement_id: int, session_id: int, without: ProposedAllocation | None = None):
    """The checker's refusals for adding (requirement, session) on top of the run's other proposals.

    The problem is narrowed to the person and the people proposed on the session concerned: every
    rule that the addition could break involves only them."""
    proposals = ProposedAllocation.objects.filter(run=run)
    if without is not None:
        proposals = proposals.exclude(pk=without.pk)
    on_sessions = [session_id] + ([without.session_id] if without is not None else [])
    people = {requirement_id} | set(
        proposals.filter(session_id__in=on_sessions).values_list("requirement_id", flat=True)
    )
    built = adapter.build_problem(
        region=run.region,
        start=run.start_date,
        end=run.end_date,
        parameters=run.parameters,
        requirement_ids=people,
    )
    if requirement_id not in built.people:
        # Only a CRN of the run's own region is named: an id from elsewhere learns nothing.
        crn = (
            Requirement.objects.filter(pk=requirement_id, person__pdu__region=run.region)
            .values_list("person__crn", flat=True)
            .first()
            or "That person"
        )
        raise AdjustmentRefused([built.skipped.get(requirement_id) or NOT_PLACEABLE.format(crn=crn)])
    plan = [
        engine.Allocation(r, s)
        for r, s in proposals.filter(requirement_id__in=people).values_list("requirement_id", "session_id")
    ]
    reasons = engine.check_placement(built.problem, plan, requirement_id, session_id)
    if without is not None and not reasons:
        reasons = _removal_refusals(built, plan, without.session_id)
    if reasons:
        raise AdjustmentRefused(reasons)
    return built


def _removal_refusals(built, plan_without, session_id: int) -> list[str]:
    """Taking a place away is refused only if it leaves a woman alone in a mixed group."""
    problem = built.problem
    session = built.sessions.get(session_id)
    if session is None:
        return []
    only_woman = [
        v
        for v in engine.check_plan(problem, [a for a in plan_without if a.session_id == session_id])
        if "only woman" in v
    ]
    return [REMOVAL_LEAVES_ONLY_WOMAN.format(session=session.label)] if only_woman else []


def proposal_add(*, run: MatchingRun, user, requirement_id: int, session_id: int) -> ProposedAllocation:
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().get(pk=run.pk)
        _require_ready(run)
        if ProposedAllocation.objects.filter(run=run, requirement_id=requirement_id, session_id=session_id).exists():
            raise AdjustmentRefused([SAME_SESSION])
        built = _check(run, requirement_id, session_id)
        return _create_manual(run, user, built, requirement_id, session_id)


def _create_manual(run, user, built, requirement_id: int, session_id: int) -> ProposedAllocation:
    """A place added by hand, with its minutes, distance and explanation worked out for its session."""
    person = built.problem.person_by_id()[requirement_id]
    session = built.sessions[session_id]
    already = sum(
        ProposedAllocation.objects.filter(run=run, requirement_id=requirement_id).values_list("minutes", flat=True)
    )
    minutes = max(min(session.credited_minutes, person.minutes_left - already), 0)
    km = adapter.distance_km(built, requirement_id, session_id)
    reasons = adapter.place_explanation(built, requirement_id, session_id, km)
    added_by = f"Added by {user.get_full_name() or user.username}."
    proposal = ProposedAllocation.objects.create(
        run=run,
        requirement_id=requirement_id,
        session_id=session_id,
        minutes=minutes,
        distance_km=km,
        explanation=f"{reasons}. {added_by}" if reasons else added_by,
        source=ProposalSource.MANUAL,
        created_by=user,
    )
    _recount(run, requirement_id, person.minutes_left)
    proposal.refresh_from_db(fields=["minutes"])
    return proposal


def _recount(run: MatchingRun, requirement_id: int, minutes_left: int | None) -> None:
    """Credited minutes of the person's places after a hand edit, as the engine counts them: in date
    order, each session's credited minutes until the hours left run out (the last counts only what
    is left). A move to a longer session, or taking out an earlier one, changes the others."""
    if minutes_left is None:
        return
    left = max(int(minutes_left), 0)
    places = (
        ProposedAllocation.objects.filter(run=run, requirement_id=requirement_id)
        .select_related("session__project")
        .order_by("session__date", "session__start_time", "id")
    )
    for place in places:
        s = place.session
        credit = adapter.session_credit_minutes(s.start_time, s.end_time, s.project.unpaid_break_minutes)
        minutes = min(credit, left)
        left -= minutes
        if minutes != place.minutes:
            ProposedAllocation.objects.filter(pk=place.pk).update(minutes=minutes)


def proposal_move(*, run: MatchingRun, user, proposal_id: int, session_id: int) -> ProposedAllocation:
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().get(pk=run.pk)
        _require_ready(run)
        proposal = ProposedAllocation.objects.filter(run=run, pk=proposal_id).first()
        if proposal is None:
            raise AdjustmentRefused([NOT_IN_RUN])
        if proposal.session_id == session_id:
            raise AdjustmentRefused([SAME_SESSION])
        built = _check(run, proposal.requirement_id, session_id, without=proposal)
        requirement_id = proposal.requirement_id
        proposal.delete()
        return _create_manual(run, user, built, requirement_id, session_id)


def proposal_remove(*, run: MatchingRun, user, proposal_id: int) -> None:
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().get(pk=run.pk)
        _require_ready(run)
        proposal = ProposedAllocation.objects.filter(run=run, pk=proposal_id).first()
        if proposal is None:
            raise AdjustmentRefused([NOT_IN_RUN])
        others = ProposedAllocation.objects.filter(run=run, session_id=proposal.session_id).exclude(pk=proposal.pk)
        people = set(others.values_list("requirement_id", flat=True))
        if people:
            built = adapter.build_problem(
                region=run.region,
                start=run.start_date,
                end=run.end_date,
                parameters=run.parameters,
                requirement_ids=people,
            )
            plan = [engine.Allocation(r, proposal.session_id) for r in people if r in built.people]
            reasons = _removal_refusals(built, plan, proposal.session_id)
            if reasons:
                raise AdjustmentRefused(reasons)
        proposal.delete()
        left = (
            PersonExplanation.objects.filter(run=run, requirement_id=proposal.requirement_id)
            .values_list("minutes_left", flat=True)
            .first()
        )
        _recount(run, proposal.requirement_id, left)


# --- Approval --------------------------------------------------------------------------------------


def run_approve(*, run_id: int, user) -> ApprovalResult:
    """Books the run's proposals as allocations, all or nothing.

    Idempotent: the run row is locked (select_for_update) and an approved run is returned as it is,
    so a second click, a retried request or a second coordinator never books twice. Places that are
    already booked (the same requirement on the same session) are skipped explicitly, and the
    Allocation partial unique constraint stops any that slip through from another process (then
    nothing is approved and the coordinator is asked to try again). Before booking, the proposals
    are checked again against what is booked now; if anything changed so that a hard rule would be
    broken, nothing is booked.
    """
    try:
        with transaction.atomic():
            return _approve(run_id, user)
    except IntegrityError as error:
        raise ApprovalRefused(APPROVAL_CONFLICT) from error


def _approve(run_id: int, user) -> ApprovalResult:
    run = MatchingRun.objects.select_for_update().select_related("region").get(pk=run_id)
    if run.status == RunStatus.APPROVED:
        return ApprovalResult(run, created=0, already_booked=0, already_approved=True)
    if run.status != RunStatus.READY:
        raise ApprovalRefused(RUN_NOT_APPROVABLE)
    pairs = list(ProposedAllocation.objects.filter(run=run).values_list("requirement_id", "session_id"))
    booked = set(
        Allocation.objects.filter(
            status=AllocationStatus.ALLOCATED,
            session_id__in=ProposedAllocation.objects.filter(run=run).values("session_id"),
        ).values_list("requirement_id", "session_id")
    )
    new = [p for p in pairs if p not in booked]
    if new:
        reasons = _approval_refusals(run, new)
        if reasons:
            raise ApprovalRefused(PLAN_NO_LONGER_FITS, reasons)
    source = f"matching run {run.pk}"
    allocations = [
        Allocation(requirement_id=r, session_id=s, status=AllocationStatus.ALLOCATED, source=source, created_by=user)
        for r, s in new
    ]
    bulk_create_with_history(
        allocations, Allocation, batch_size=1000, default_user=user, default_change_reason=f"Approved {source}"
    )
    starting = list(Requirement.objects.filter(id__in={r for r, _ in new}, status=RequirementStatus.UNALLOCATED))
    for requirement in starting:
        requirement.status = RequirementStatus.IN_PROGRESS
    if starting:
        bulk_update_with_history(
            starting,
            Requirement,
            ["status"],
            batch_size=1000,
            default_user=user,
            default_change_reason=f"First sessions booked by {source}",
        )
    run.status = RunStatus.APPROVED
    run.approved_by = user
    run.approved_at = timezone.now()
    run.progress_message = f"Approved: {len(new)} place{'' if len(new) == 1 else 's'} booked."
    run.figures = {**run.figures, "booked": len(new), "already_booked": len(pairs) - len(new)}
    run.save()
    return ApprovalResult(
        run, created=len(new), already_booked=len(pairs) - len(new), cannot_run=_cannot_run_after_approval(run)
    )


def _cannot_run_after_approval(run: MatchingRun) -> tuple[int, ...]:
    """The run's sessions on days the region's rota was already published for that cannot run with the
    places just booked. Days with no rota yet are left out: their rota, built next, staffs them."""
    sessions = Session.objects.filter(pk__in=ProposedAllocation.objects.filter(run=run).values("session_id"))
    published = RotaPublication.objects.filter(region=run.region).values_list("start_date", "end_date")
    covered = [s for s in sessions.values_list("pk", "date") if any(a <= s[1] <= b for a, b in published)]
    if not covered:
        return ()
    flagged = dayview_selectors.cannot_run(
        Session.objects.filter(pk__in=[pk for pk, _ in covered]), today=timezone.localdate()
    )
    return tuple(flagged.values_list("pk", flat=True))


def _approval_refusals(run: MatchingRun, pairs: list[tuple[int, int]]) -> list[str]:
    built = adapter.build_problem(
        region=run.region,
        start=run.start_date,
        end=run.end_date,
        parameters=run.parameters,
        requirement_ids={r for r, _ in pairs},
    )
    sessions = built.sessions
    reasons = []
    plan = []
    gone_people, gone_sessions = set(), set()
    for r, s in pairs:
        if r not in built.people:
            gone_people.add(r)
        elif s not in sessions:
            gone_sessions.add(s)
        else:
            plan.append(engine.Allocation(r, s))
    if gone_people:
        crns = Requirement.objects.filter(id__in=gone_people).values_list("person__crn", flat=True)
        reasons.append("No longer waiting to be placed: " + ", ".join(sorted(crns)) + ".")
    if gone_sessions:
        reasons.append(
            f"{len(gone_sessions)} proposed session{'s are' if len(gone_sessions) > 1 else ' is'} no longer open "
            "(started, stood down or cancelled)."
        )
    reasons += engine.check_plan(built.problem, plan)
    return reasons


# --- Placements outside a run ----------------------------------------------------------------------


def placement_refusals(*, requirement_id: int, session_id: int, induction: bool = False) -> list[str]:
    """The checker's refusals for putting the requirement's person on the session, outside a run
    (registered with `upw.core.placement` for induction booking)."""
    problem = adapter.placement_problem(requirement_id=requirement_id, session_id=session_id, induction=induction)
    return engine.check_placement(problem, [], requirement_id, session_id)
