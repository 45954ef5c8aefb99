from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .attendance import AttendanceRecord
from .ledger import HoursLedgerEntry
from .requirements import Requirement


class TravelClaimStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class TravelClaim(models.Model):
    """Time in the van or travelling to and from a session, claimed by the supervisor who recorded the
    pick-up and return, and credited only when a coordinator approves it (at most the per-session cap)."""

    attendance = models.OneToOneField(AttendanceRecord, on_delete=models.PROTECT, related_name="travel_claim")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="travel_claims")
    minutes_claimed = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=TravelClaimStatus.choices, default=TravelClaimStatus.PENDING)
    minutes_approved = models.PositiveSmallIntegerField(null=True, blank=True)
    decision_reason = models.CharField(max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    ledger_entry = models.OneToOneField(
        HoursLedgerEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="travel_claim"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=TravelClaimStatus.values), name="travel_claim_status_valid"),
            models.CheckConstraint(condition=Q(minutes_claimed__gt=0), name="travel_claim_minutes_positive"),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.minutes_claimed} min travel for {self.requirement}: {self.get_status_display()}"
