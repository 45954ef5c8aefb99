"""Signal receivers for induction: an attended induction session completes the induction.

A receiver rather than a call in the attendance service, so that however an outcome is recorded
(the phone, the coordinator's pages, the admin) the induction follows it.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from upw.models import AttendanceRecord


@receiver(post_save, sender=AttendanceRecord, dispatch_uid="intake-induction-attended")
def induction_attended(sender, instance: AttendanceRecord, raw: bool = False, **kwargs) -> None:
    if raw or not instance.outcome:
        return
    # Imported here, not at the top: this module loads when Django starts, the service pulls in numpy.
    from upw.induction.services import record_attendance

    # In the same transaction as the outcome: if that is rolled back, so is this.
    record_attendance(allocation_id=instance.allocation_id)
