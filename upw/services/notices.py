"""Notices to coordinators (hours completed, breach review needed): acknowledged once read."""

from django.utils import timezone

from upw.models import User
from upw.models.attendance_sync import StaffNotice


def notice_acknowledge(*, notice: StaffNotice, user: User) -> StaffNotice:
    # Acknowledging twice keeps the first acknowledgement.
    updated = StaffNotice.objects.filter(pk=notice.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledged_by=user
    )
    if updated:
        notice.refresh_from_db()
    return notice
