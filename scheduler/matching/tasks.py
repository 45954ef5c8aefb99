"""Celery tasks of matching runs: thin, take ids, call a service."""

from celery import shared_task
from django.conf import settings

from scheduler import run_limits
from scheduler.matching import services

# Past the soft limit the task raises inside the run, which records the run as failed; the hard
# limit ends a task that does not stop. Both lie beyond any engine time limit a run may ask for.
SOFT_TIME_LIMIT_S = int(run_limits.stale_after_seconds(settings.UPW_MAX_RUN_SECONDS))
HARD_TIME_LIMIT_S = SOFT_TIME_LIMIT_S + 60


@shared_task(
    bind=True,
    name=services.RUN_MATCHING_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SOFT_TIME_LIMIT_S,
    time_limit=HARD_TIME_LIMIT_S,
)
def run_matching(self, run_id: int) -> dict:
    # Handed back by the broker: the worker that had it stopped (restarted, killed, out of memory).
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    run = services.run_execute(run_id=run_id, restart=redelivered)
    return {"run": run.pk, "status": run.status}
