"""Celery tasks of matching runs: thin, take ids, call a service."""

from celery import shared_task

from scheduler.matching import services


@shared_task(name=services.RUN_MATCHING_TASK)
def run_matching(run_id: int) -> dict:
    run = services.run_execute(run_id=run_id)
    return {"run": run.pk, "status": run.status}
