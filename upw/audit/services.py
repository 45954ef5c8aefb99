"""The one deletion the log of reads of personal data allows: rows past their retention period."""

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone

from upw.models import PersonalDataAccess

logger = logging.getLogger(__name__)


def purge_expired_reads(*, now: dt.datetime | None = None) -> int:
    """Deletes the reads logged more than UPW_ACCESS_LOG_RETENTION_DAYS ago. Returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.UPW_ACCESS_LOG_RETENTION_DAYS)
    deleted = PersonalDataAccess.objects.purge_older_than(cutoff)
    logger.info("Purged %d reads of personal data logged before %s", deleted, cutoff.isoformat())
    return deleted
