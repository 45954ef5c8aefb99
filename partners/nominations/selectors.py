"""Reads about nominations."""

from django.db.models import Q, QuerySet

from partners.models import NominationStatus


def nominations(*, nominations: QuerySet, status: str = "", q: str = "") -> QuerySet:
    nominations = nominations.select_related("region", "project")
    if status:
        nominations = nominations.filter(status=status)
    else:
        nominations = nominations.exclude(status__in=[NominationStatus.DECLINED, NominationStatus.CONVERTED])
    if q:
        nominations = nominations.filter(Q(reference__icontains=q) | Q(name__icontains=q) | Q(postcode__icontains=q))
    return nominations.order_by("created_at", "id")
