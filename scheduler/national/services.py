"""National plans: matching for every region at once, each region's run a task of one Celery group.

Regions are independent, so their runs go in parallel on as many workers as there are. Each run
is an ordinary matching run: restartable if its worker stops, failed (not hanging) if it runs past
its time limit or its worker never comes back (scheduler.run_limits).
"""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from scheduler import run_limits
from scheduler.matching import services as matching
from scheduler.models import MatchingRun, NationalPlan
from upw.core.access import planning_regions, require_role
from upw.core.background import enqueue_group
from upw.models import Role

log = logging.getLogger(__name__)

ADMINISTRATORS = frozenset({Role.ADMIN})
ADMINISTRATORS_ONLY = "Only administrators can plan every region at once."
NOTHING_TO_PLAN = "No region could be planned: each has a run queued or running already."


def national_plan_start(*, user, start_date, end_date, time_limit_s: float | None = None) -> NationalPlan:
    """A run for every region, queued together; regions with a run already active are skipped."""
    require_role(user, ADMINISTRATORS, ADMINISTRATORS_ONLY)
    matching.validate_run_period(start_date=start_date, end_date=end_date)
    with transaction.atomic():
        plan = NationalPlan.objects.create(start_date=start_date, end_date=end_date, created_by=user)
        run_ids, skipped = [], {}
        for region in planning_regions(user):
            try:
                with transaction.atomic():
                    run = matching.run_create(
                        user=user,
                        region=region,
                        start_date=start_date,
                        end_date=end_date,
                        time_limit_s=time_limit_s,
                        national_plan=plan,
                    )
                run_ids.append(run.pk)
            except run_limits.RunAlreadyActive as refusal:
                skipped[region.name] = refusal.messages[0]
        if not run_ids:
            raise ValidationError(NOTHING_TO_PLAN)
        plan.skipped = skipped
        plan.save(update_fields=["skipped"])
        transaction.on_commit(lambda: _start(plan.pk, run_ids))
    return plan


def _start(plan_id: int, run_ids: list[int]) -> None:
    group_id = enqueue_group(matching.RUN_MATCHING_TASK, [(run_id,) for run_id in run_ids])
    NationalPlan.objects.filter(pk=plan_id).update(group_id=group_id or "")
    log.info("National plan %s started %d regions' runs", plan_id, len(run_ids), extra={"group_id": group_id})


def national_plan_refresh(*, plan: NationalPlan) -> NationalPlan:
    """Marks failed any run whose worker has clearly stopped, and the plan finished once all its runs
    are. Called whenever the plan's progress is read, so nothing waits for ever on a lost task."""
    if plan.is_finished:
        return plan
    now = timezone.now()
    for run in plan.runs.filter(status__in=run_limits.ACTIVE_STATUSES):
        run_limits.fail_if_stale(run, now=now)
    runs = list(MatchingRun.objects.filter(national_plan=plan).values_list("status", "finished_at"))
    if runs and all(status not in run_limits.ACTIVE_STATUSES for status, _ in runs):
        finished = [finished_at for _, finished_at in runs if finished_at]
        plan.finished_at = max(finished) if finished else now
        plan.save(update_fields=["finished_at"])
    return plan
