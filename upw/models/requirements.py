from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from .people import Person


class RequirementStatus(models.TextChoices):
    UNALLOCATED = "unallocated", "Unallocated"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Hours completed"
    PAUSED = "paused", "Paused"
    BREACHED = "breached", "Breached"
    REVOKED = "revoked", "Revoked"
    TRANSFERRED = "transferred", "Transferred out"


ACTIVE_REQUIREMENT_STATUSES = (RequirementStatus.UNALLOCATED, RequirementStatus.IN_PROGRESS)
# A requirement in one of these has ended: `ended_at` says when.
ENDED_REQUIREMENT_STATUSES = (
    RequirementStatus.COMPLETED,
    RequirementStatus.BREACHED,
    RequirementStatus.REVOKED,
    RequirementStatus.TRANSFERRED,
)


class OrderType(models.TextChoices):
    COMMUNITY_ORDER = "community_order", "Community order"
    SUSPENDED_SENTENCE = "suspended_sentence", "Suspended sentence order"


class Concurrency(models.TextChoices):
    SINGLE = "single", "Single order"
    CONCURRENT = "concurrent", "Concurrent with another order"
    ADDITIONAL = "additional", "Additional to another order"


class Requirement(models.Model):
    """An unpaid work requirement of a court order: 40 to 300 hours, due within the window."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="requirements")
    order_reference = models.CharField(max_length=40)
    court = models.CharField(max_length=120)
    order_type = models.CharField(max_length=30, choices=OrderType.choices, default=OrderType.COMMUNITY_ORDER)
    concurrency = models.CharField(max_length=20, choices=Concurrency.choices, default=Concurrency.SINGLE)
    sentence_date = models.DateField()
    hours_ordered = models.PositiveSmallIntegerField()
    deadline = models.DateField(help_text="Sentence date plus the completion window, unless extended by the court.")
    # With the completion window switched off (UPW_COMPLETION_WINDOW_MONTHS=0) there is no statutory
    # deadline: `deadline` then holds the target date that pace, at-risk and matching work towards.
    deadline_is_statutory = models.BooleanField(default=True)
    # Concurrent orders are worked together (the same minutes count towards each); additional ones in
    # turn. Both point at the order they run alongside or after.
    concurrent_with = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="linked_requirements"
    )
    status = models.CharField(max_length=20, choices=RequirementStatus.choices, default=RequirementStatus.UNALLOCATED)
    intensive = models.BooleanField(default=False, help_text="Up to 28 hours a week (unemployed people).")
    ete_cap_percent = models.PositiveSmallIntegerField(default=30)
    # Denormalised totals, kept in step with the ledger by its services and checked by tests.
    minutes_credited = models.IntegerField(default=0)
    last_project = models.ForeignKey(
        "partners.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(
        null=True, blank=True, help_text="When the requirement ended: completed, breached, revoked or transferred."
    )
    # Intake: matching places nobody before their induction is done (upw.core.selectors), and
    # every active requirement has a review date (upw.reviews.services).
    induction_completed_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_ordered__gte=40, hours_ordered__lte=300), name="requirement_hours_40_to_300"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gt=F("sentence_date")), name="requirement_deadline_after_sentence"
            ),
            models.CheckConstraint(condition=Q(status__in=RequirementStatus.values), name="requirement_status_valid"),
            models.CheckConstraint(condition=Q(ete_cap_percent__lte=100), name="requirement_ete_cap_percent_range"),
            models.CheckConstraint(
                condition=Q(minutes_credited__gte=0), name="requirement_minutes_credited_nonnegative"
            ),
            models.UniqueConstraint(fields=["person", "order_reference"], name="requirement_unique_order_per_person"),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.hours_ordered} hours, {self.order_reference}"

    @property
    def minutes_ordered(self) -> int:
        return self.hours_ordered * 60

    @property
    def minutes_left(self) -> int:
        return max(self.minutes_ordered - self.minutes_credited, 0)

    @property
    def percent_complete(self) -> int:
        return min(100, self.minutes_credited * 100 // self.minutes_ordered) if self.hours_ordered else 0

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_REQUIREMENT_STATUSES
