"""Celery tasks of the log of reads: thin, call a service."""

from celery import shared_task

from upw.audit.services import purge_expired_reads


@shared_task(name="upw.audit_tasks.purge_expired_reads")
def purge_expired_reads_task() -> int:
    return purge_expired_reads()
