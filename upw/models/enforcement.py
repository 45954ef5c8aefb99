from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .attendance import AttendanceRecord
from .requirements import Requirement


class EnforcementKind(models.TextChoices):
    FIRST_WARNING = "first_warning", "First warning letter"
    SECOND_WARNING = "second_warning", "Second warning letter"
    REFER_TO_OFFICER = "refer_to_officer", "Referred to the responsible officer"
    BREACH_REQUESTED = "breach_requested", "Breach requested"


class ReferralOutcome(models.TextChoices):
    BREACH_LAID = "breach_laid", "Breach laid before the court"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    WITHDRAWN = "withdrawn", "Referral withdrawn"


class EnforcementAction(models.Model):
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="enforcement_actions")
    attendance = models.ForeignKey(
        AttendanceRecord, on_delete=models.PROTECT, null=True, blank=True, related_name="enforcement_actions"
    )
    kind = models.CharField(max_length=30, choices=EnforcementKind.choices)
    letter_text = models.TextField(blank=True)
    respond_by = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A referral's outcome, once the enforcement officer has decided (blank while it is open).
    outcome = models.CharField(max_length=30, choices=ReferralOutcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    outcome_note = models.TextField(blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EnforcementKind.values), name="enforcement_kind_valid"),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=ReferralOutcome.values, kind="refer_to_officer"),
                name="enforcement_outcome_only_on_referrals",
            ),
            # One action of each kind per failure: a retried request cannot issue a letter twice.
            models.UniqueConstraint(
                fields=["attendance", "kind"],
                condition=Q(attendance__isnull=False),
                name="enforcement_unique_per_failure",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.requirement}"
