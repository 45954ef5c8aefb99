"""Standing allocations: a person on a project on one weekday, weekly or fortnightly.

The scheduler turns each active standing allocation into ordinary bookings (`upw.Allocation`) as
sessions are generated ahead (scheduler.standing.services), so matching, registers and the ledger see
them as any other place. Each date it looked at is remembered: a `StandingBooking` when it booked the
place (never booked twice, even once the place is cancelled), a `StandingShortfall` with the reason
when it could not.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

__all__ = ["Frequency", "StandingAllocation", "StandingBooking", "StandingShortfall", "StandingStatus"]

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every other week"


class StandingStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    ENDED = "ended", "Ended"


class StandingAllocation(models.Model):
    # The person's region, kept here so that the one scoping mechanism can scope by region.
    region = models.ForeignKey("upw.Region", on_delete=models.PROTECT, related_name="standing_allocations")
    requirement = models.ForeignKey("upw.Requirement", on_delete=models.PROTECT, related_name="standing_allocations")
    project = models.ForeignKey("partners.Project", on_delete=models.PROTECT, related_name="standing_allocations")
    weekday = models.PositiveSmallIntegerField(help_text="0 is Monday, 6 is Sunday.")
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.WEEKLY)
    # The first day; a fortnightly allocation books the weeks an even number of weeks after it.
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=StandingStatus.choices, default=StandingStatus.ACTIVE)
    # Sent again by a client retrying its create, which then answers with the first one made.
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True)
    notes = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    last_generated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_generated_at"])

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="standing_weekday_valid"),
            models.CheckConstraint(condition=Q(frequency__in=Frequency.values), name="standing_frequency_valid"),
            models.CheckConstraint(condition=Q(status__in=StandingStatus.values), name="standing_status_valid"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name="standing_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self) -> str:
        return f"Standing allocation {self.pk}: {self.weekday_name}s, {self.get_frequency_display().lower()}"

    @property
    def weekday_name(self) -> str:
        return WEEKDAYS[self.weekday]

    @property
    def is_active(self) -> bool:
        return self.status == StandingStatus.ACTIVE


class StandingBooking(models.Model):
    """A date the standing allocation booked: the place it made on that date."""

    standing = models.ForeignKey(StandingAllocation, on_delete=models.CASCADE, related_name="bookings")
    date = models.DateField()
    allocation = models.OneToOneField("upw.Allocation", on_delete=models.PROTECT, related_name="standing_booking")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["standing", "date"], name="standingbooking_one_per_date")]

    def __str__(self) -> str:
        return f"Standing allocation {self.standing_id} booked {self.date}"


class StandingShortfall(models.Model):
    """A date the standing allocation should have booked and could not, with the reason."""

    standing = models.ForeignKey(StandingAllocation, on_delete=models.CASCADE, related_name="shortfalls")
    date = models.DateField()
    reason = models.TextField()
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["standing", "date"], name="standingshortfall_one_per_date")]

    def __str__(self) -> str:
        return f"Standing allocation {self.standing_id} could not book {self.date}"
