from django.conf import settings
from django.db import models
from django.db.models import Q

from .attendance import AttendanceRecord
from .requirements import Requirement


class LedgerEntryKind(models.TextChoices):
    CREDIT = "credit", "Hours credited for attendance"
    ADJUSTMENT = "adjustment", "Adjustment"
    TRAVEL = "travel", "Travel time"
    EARNED_REDUCTION = "earned_reduction", "Earned reduction"
    CORRECTION = "correction", "Correction (reverses an entry)"


class AppendOnlyError(Exception):
    pass


class LedgerQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Ledger entries are never changed: add a correction instead.")

    def delete(self):
        raise AppendOnlyError("Ledger entries are never deleted: add a correction instead.")


class HoursLedgerEntry(models.Model):
    """An append-only record of minutes credited or adjusted, with who, when and why.

    A mistake is put right by a correction that reverses the entry, never by an edit. A positive
    entry credits time (it lowers the hours owed): the opposite of the sign of an adjustment in the
    MoJ Community Payback API, where a positive adjustment raises the minutes required.
    """

    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="ledger_entries")
    kind = models.CharField(max_length=20, choices=LedgerEntryKind.choices)
    minutes = models.IntegerField()
    attendance = models.ForeignKey(
        AttendanceRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    reverses = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by")
    reason = models.CharField(max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    idempotency_key = models.CharField(max_length=80, unique=True, null=True, blank=True)
    # Adjustments by hand: one of settings.UPW["ADJUSTMENT_MAX_MINUTES"], and the day it applies from.
    reason_code = models.CharField(max_length=40, blank=True)
    effective_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "hours ledger entries"
        constraints = [
            models.CheckConstraint(condition=~Q(minutes=0), name="ledger_minutes_nonzero"),
            models.CheckConstraint(condition=Q(kind__in=LedgerEntryKind.values), name="ledger_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind="correction", reverses__isnull=False)
                | (~Q(kind="correction") & Q(reverses__isnull=True)),
                name="ledger_correction_reverses_an_entry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.minutes:+d} min"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Ledger entries are never changed: add a correction instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Ledger entries are never deleted: add a correction instead.")
