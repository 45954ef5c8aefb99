"""Matching runs and their proposed allocations.

A run plans one region over a date range: the engine's answer is stored as proposed allocations
(nothing is booked) and an explanation per person; a coordinator reviews and adjusts them, then
approves the run, which creates the real `upw.Allocation` rows in one transaction.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

__all__ = ["MatchingRun", "PersonExplanation", "ProposalSource", "ProposedAllocation", "RunStatus"]


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    READY = "ready", "Ready for review"
    APPROVED = "approved", "Approved"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


# A run that may still change: hand edits and approval need READY.
OPEN_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING, RunStatus.READY)


class MatchingRun(models.Model):
    region = models.ForeignKey("upw.Region", on_delete=models.PROTECT, related_name="matching_runs")
    start_date = models.DateField()
    end_date = models.DateField()
    # The weights and options the run used (scheduler.matching.engine.Weights field names), as given.
    parameters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    # hours_placed, upper_bound_hours, greedy_hours, people, sessions, people_placed, people_left_out,
    # wall_s, method, ... (the docstring of scheduler.matching.services documents them).
    figures = models.JSONField(default=dict, blank=True)
    previous_run = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replans",
        help_text="The run this one re-plans: its proposals are kept where possible.",
    )  # fmt: skip
    # The national plan that started this run with every other region's, if any.
    national_plan = models.ForeignKey(
        "scheduler.NationalPlan", on_delete=models.SET_NULL, null=True, blank=True, related_name="runs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    history = HistoricalRecords(excluded_fields=["progress", "progress_message"])

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="matchingrun_ends_after_start"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="matchingrun_progress_percent"),
            models.CheckConstraint(condition=Q(status__in=RunStatus.values), name="matchingrun_status_valid"),
        ]
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self) -> str:
        return f"Matching run {self.pk}: {self.region} {self.start_date:%d %b} to {self.end_date:%d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_finished(self) -> bool:
        return self.status not in (RunStatus.QUEUED, RunStatus.RUNNING)


class ProposalSource(models.TextChoices):
    ENGINE = "engine", "Matching engine"
    MANUAL = "manual", "Added by hand"


class ProposedAllocation(models.Model):
    """A place the run proposes: the requirement's person on the session. Not booked until approval."""

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="proposals")
    requirement = models.ForeignKey("upw.Requirement", on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey("upw.Session", on_delete=models.CASCADE, related_name="+")
    minutes = models.PositiveIntegerField(help_text="Credited minutes this place would give.")
    distance_km = models.FloatField(null=True, blank=True)
    explanation = models.TextField(blank=True)
    source = models.CharField(max_length=20, choices=ProposalSource.choices, default=ProposalSource.ENGINE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Hand edits (add, move, remove) are the audit trail a reviewer needs: who changed what, when.
    history = HistoricalRecords()

    class Meta:
        ordering = ["session__date", "session__start_time", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "requirement", "session"], name="proposal_unique_place"),
            models.CheckConstraint(condition=Q(source__in=ProposalSource.values), name="proposal_source_valid"),
        ]

    def __str__(self) -> str:
        return f"Requirement {self.requirement_id} on session {self.session_id} (run {self.run_id})"


class PersonExplanation(models.Model):
    """Why a person was placed where they were, or the binding reasons they were left out."""

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="explanations")
    requirement = models.ForeignKey("upw.Requirement", on_delete=models.CASCADE, related_name="+")
    placed = models.BooleanField()
    summary = models.TextField()
    details = models.JSONField(default=list, blank=True)
    reason_codes = models.JSONField(default=list, blank=True)
    minutes_left = models.IntegerField(default=0, help_text="Minutes left to plan when the run started.")

    class Meta:
        ordering = ["requirement__person__last_name", "requirement__person__first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "requirement"], name="explanation_unique_per_run"),
        ]

    def __str__(self) -> str:
        return self.summary
