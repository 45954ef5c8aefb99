"""Celery tasks of intake: thin, take ids, call a service."""

from celery import shared_task

from upw.intake import services

# Past the soft limit the import stops inside its transaction, so nothing is written and the job is
# recorded as failed; 5,000 rows take seconds, so this is only a guard against a stuck database.
SOFT_TIME_LIMIT_S = 15 * 60
HARD_TIME_LIMIT_S = SOFT_TIME_LIMIT_S + 60


@shared_task(
    bind=True,
    name=services.RUN_IMPORT_JOB_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=SOFT_TIME_LIMIT_S,
    time_limit=HARD_TIME_LIMIT_S,
)
def run_import_job(self, job_id: int) -> dict:
    # Handed back by the broker: the worker that had it stopped (restarted, killed, out of memory).
    redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
    job = services.import_job_run(job_id=job_id, restart=redelivered)
    return {"job": job.pk, "status": job.status}
