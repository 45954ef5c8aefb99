"""Anonymising nominations once the retention period has passed since they were made.

The nomination itself (what needs doing, where, and what became of it) stays; the nominator's
name, email, phone and photo go, from the row and from its history rows, and the photo files
are deleted from storage.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction

from partners.models import Nomination
from partners.uploads import delete_files_after_commit
from upw.retention.selectors import retention_cutoff

NOMINATOR_REMOVED = "Removed after the retention period"
BATCH_SIZE = 500
SCRUBBED = {"nominator_name": NOMINATOR_REMOVED, "nominator_email": "", "nominator_phone": "", "photo": ""}


def nominations_past_retention(*, cutoff: dt.date):
    return Nomination.objects.filter(created_at__date__lte=cutoff).exclude(nominator_name=NOMINATOR_REMOVED)


@transaction.atomic
def _anonymise(ids: list[int]) -> tuple[int, int]:
    photos = set(Nomination.objects.filter(pk__in=ids).exclude(photo="").values_list("photo", flat=True))
    photos |= set(Nomination.history.filter(id__in=ids).exclude(photo="").values_list("photo", flat=True))
    nominations = Nomination.objects.filter(pk__in=ids).update(**SCRUBBED)
    Nomination.history.filter(id__in=ids).update(**SCRUBBED)
    delete_files_after_commit(Nomination._meta.get_field("photo").storage, photos)
    return nominations, len(photos)


def anonymise_nominations_past_retention(*, today: dt.date | None = None, batch_size: int = BATCH_SIZE) -> dict:
    """Idempotent: a nomination already anonymised is not touched again. Returns the counts."""
    years = settings.UPW_RETENTION_YEARS_AFTER_ORDER_END
    totals = {"nominations": 0, "photos": 0}
    if years <= 0:
        return totals
    cutoff = retention_cutoff(today=today, years=years)
    pending = nominations_past_retention(cutoff=cutoff).order_by("pk").values_list("pk", flat=True)
    while ids := list(pending[:batch_size]):
        nominations, photos = _anonymise(ids)
        totals["nominations"] += nominations
        totals["photos"] += photos
    return totals
