"""Signal receivers for induction: an attended induction session completes the induction.

A receiver rather than a call in the attendance service, so that however an outcome is recorded
(the phone, the coordinator's pages, the admin) the induction follows it.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from upw.models import Allocation, AttendanceRecord, ProjectType, Session


def _known_not_induction(record: AttendanceRecord) -> bool:
    """True when the record's session, already loaded by the caller, is plainly not an induction:
    the register then saves without reading its allocation again."""
    if not AttendanceRecord._meta.get_field("allocation").is_cached(record):
        return False
    allocation = record.allocation
    if not Allocation._meta.get_field("session").is_cached(allocation):
        return False
    if not Session._meta.get_field("project").is_cached(allocation.session):
        return False
    return allocation.session.project.project_type != ProjectType.INDUCTION


@receiver(post_save, sender=AttendanceRecord, dispatch_uid="intake-induction-attended")
def induction_attended(sender, instance: AttendanceRecord, raw: bool = False, **kwargs) -> None:
    if raw or not instance.outcome:
        return
    if _known_not_induction(instance):
        return
    # Imported here, not at the top: this module loads when Django starts, the service pulls in numpy.
    from upw.induction.services import record_attendance

    # In the same transaction as the outcome: if that is rolled back, so is this.
    record_attendance(allocation_id=instance.allocation_id)
