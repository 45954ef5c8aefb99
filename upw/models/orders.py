"""The life of an order after sentence: court extensions, pauses and the ways an order ends.

Each change is one append-only `OrderEvent`, written by `upw.orders.services`: what happened, the
status and deadline before and after, the reason and who recorded it. The requirement's own history
(simple_history) shows the same change from the requirement's side.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .requirements import Requirement, RequirementStatus


class OrderEventKind(models.TextChoices):
    EXTENSION = "extension", "Extended by the court"
    PAUSE = "pause", "Paused"
    RESUME = "resume", "Resumed"
    REVOKE = "revoke", "Revoked"
    BREACH = "breach", "Breached"
    TRANSFER = "transfer", "Transferred out"


class PauseReason(models.TextChoices):
    CUSTODY = "custody", "In custody"
    ILLNESS = "illness", "Illness"
    OTHER = "other", "Other reason"


class OrderEvent(models.Model):
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="order_events")
    kind = models.CharField(max_length=20, choices=OrderEventKind.choices)
    # The day it took effect: the court's decision for an extension, the first day of a pause, the
    # day work could start again for a resumption, the day an order ended.
    effective_on = models.DateField()
    status_before = models.CharField(max_length=20, choices=RequirementStatus.choices)
    status_after = models.CharField(max_length=20, choices=RequirementStatus.choices)
    deadline_before = models.DateField()
    deadline_after = models.DateField()
    pause_reason = models.CharField(max_length=20, choices=PauseReason.choices, blank=True)
    days_paused = models.PositiveIntegerField(null=True, blank=True)
    court = models.CharField(max_length=120, blank=True)
    court_reference = models.CharField(max_length=60, blank=True)
    transferred_to = models.CharField(max_length=120, blank=True)
    reason = models.TextField()
    bookings_cancelled = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=OrderEventKind.values), name="orderevent_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind="extension") | Q(deadline_after__gt=models.F("deadline_before")),
                name="orderevent_extension_moves_deadline_on",
            ),
        ]
        indexes = [models.Index(fields=["requirement", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.effective_on} ({self.requirement})"
