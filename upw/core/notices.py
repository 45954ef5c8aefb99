"""Notices to coordinators (hours completed, breach review needed): acknowledged once read."""

from django.utils import timezone

from upw.models import Person, User
from upw.models.attendance_sync import StaffNotice


def person_reference(person: Person) -> str:
    """How a notice names a person: "Alex Jones (A123456)", so nobody has to look the CRN up.

    A notice's text is stored once and shown to everyone who sees the requirement (and emailed),
    so a limited-access case is named by CRN only, as it is to staff without case access.
    """
    if person.limited_access:
        return person.crn
    return f"{person.full_name} ({person.crn})"


def notice_acknowledge(*, notice: StaffNotice, user: User) -> StaffNotice:
    # Acknowledging twice keeps the first acknowledgement.
    updated = StaffNotice.objects.filter(pk=notice.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now(), acknowledged_by=user
    )
    if updated:
        notice.refresh_from_db()
    return notice
