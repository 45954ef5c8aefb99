"""Celery tasks of the scheduler: thin, take ids, call a service."""

from celery import shared_task


@shared_task
def run_matching(run_id: int) -> dict:
    from scheduler.services.matching import run_execute

    run = run_execute(run_id=run_id)
    return {"run": run.pk, "status": run.status}


# Rota tasks (issue 4) live in scheduler.rota_tasks; imported here so the worker's autodiscovery
# (which reads tasks.py) registers them.
from scheduler.rota_tasks import run_rota, send_rota_notifications  # noqa: E402, F401
