"""Celery tasks of the rota (issue 4): thin, take ids, call a service."""

from celery import shared_task


@shared_task
def run_rota(run_id: int) -> dict:
    from scheduler.services.rota import run_execute

    run = run_execute(run_id=run_id)
    return {"run": run.pk, "status": run.status}


@shared_task
def send_rota_notifications(publication_id: int) -> int:
    from scheduler.services.rota import send_notifications

    return send_notifications(publication_id=publication_id)
