"""Celery tasks of the rota: thin, take ids, call a service."""

from celery import shared_task

from scheduler.rota import services


@shared_task(name=services.RUN_ROTA_TASK)
def run_rota(run_id: int) -> dict:
    run = services.run_execute(run_id=run_id)
    return {"run": run.pk, "status": run.status}


@shared_task(name=services.SEND_NOTIFICATIONS_TASK)
def send_rota_notifications(publication_id: int) -> int:
    return services.send_notifications(publication_id=publication_id)
