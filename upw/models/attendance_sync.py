"""Attendance to completion: phone sync actions, pace flags, notices and reminders."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .requirements import Requirement
from .sessions import Allocation


class SyncActionKind(models.TextChoices):
    CHECK_IN = "check_in", "Check in"
    CHECK_OUT = "check_out", "Check out"
    OUTCOME = "outcome", "Outcome"


class SyncActionStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    # A later action of the same kind (by the phone's clock) was already applied: kept, not applied.
    SUPERSEDED = "superseded", "Superseded by a later action"
    REJECTED = "rejected", "Rejected"


class SyncAction(models.Model):
    """One action a phone queued (check in, check out, outcome), stored once under its idempotency key.

    The key is a UUID made on the phone. Sending the same action again (a retry, a duplicated sync)
    finds the stored row and returns its first result, so nothing is counted twice.
    """

    key = models.CharField(max_length=80, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="sync_actions")
    kind = models.CharField(max_length=20, choices=SyncActionKind.choices)
    payload = models.JSONField(default=dict, blank=True)
    client_at = models.DateTimeField(help_text="When the action was taken on the phone.")
    received_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=SyncActionStatus.choices)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["client_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SyncActionKind.values), name="syncaction_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=SyncActionStatus.values), name="syncaction_status_valid"),
        ]
        indexes = [models.Index(fields=["allocation", "kind", "client_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.key} ({self.status})"


class RequirementProgress(models.Model):
    """Pace figures for one requirement, refreshed nightly (and after each credit)."""

    requirement = models.OneToOneField(Requirement, on_delete=models.CASCADE, related_name="progress")
    expected_minutes = models.IntegerField(default=0)
    credited_minutes = models.IntegerField(default=0)
    projected_completion = models.DateField(null=True, blank=True)
    at_risk = models.BooleanField(default=False)
    next_review = models.DateField(null=True, blank=True)
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "requirement progress"
        indexes = [models.Index(fields=["at_risk"])]

    def __str__(self) -> str:
        return f"Progress of {self.requirement}"


class NoticeKind(models.TextChoices):
    COMPLETED = "completed", "Hours completed"
    BREACH_REVIEW = "breach_review", "Breach review needed"


class StaffNotice(models.Model):
    """Something a coordinator or responsible officer must be told, shown on the dashboard."""

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    message = models.CharField(max_length=300)
    enforcement = models.ForeignKey(
        "upw.EnforcementAction", on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=NoticeKind.values), name="staffnotice_kind_valid"),
            # Completion is announced once, however many times the total is recomputed.
            models.UniqueConstraint(
                fields=["requirement"], condition=Q(kind="completed"), name="staffnotice_one_completion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.requirement}"


class SessionReminder(models.Model):
    """A reminder sent the day before a session: one per allocation, so a rerun sends nothing twice."""

    allocation = models.OneToOneField(Allocation, on_delete=models.CASCADE, related_name="reminder")
    channel = models.CharField(max_length=10)  # sms, email
    backend = models.CharField(max_length=20)
    reference = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Reminder for {self.allocation_id} by {self.channel}"
