"""Rota runs, rota assignments, publication and notifications.

A rota run staffs one region's sessions over a period (usually a fortnight): the engine's answer is
stored as proposed `RotaAssignment` rows and the sessions it could not staff as `RotaShortfall`
rows (with reasons and suggestions). A coordinator edits the proposal on a grid, then publishes it:
the `upw.SessionSupervisor` rows of the period's sessions are replaced in one transaction and a
`RotaPublication` with the region's next version number is recorded. Supervisors whose sessions
changed get a `RotaNotification` (and an email). Each supervisor can subscribe to their own rota as
an iCalendar feed at a secret URL (`RotaFeedToken`).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

__all__ = [
    "RotaAssignment",
    "RotaAssignmentSource",
    "RotaFeedToken",
    "RotaNotification",
    "RotaNotificationKind",
    "RotaPublication",
    "RotaRun",
    "RotaRunStatus",
    "RotaShortfall",
]


class RotaRunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    READY = "ready", "Ready for review"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Replaced by a later rota"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


# Runs whose assignments may be edited by hand (a published run stays editable: its changes are
# published again as the next version).
EDITABLE_STATUSES = (RotaRunStatus.READY, RotaRunStatus.PUBLISHED)
OPEN_STATUSES = (RotaRunStatus.QUEUED, RotaRunStatus.RUNNING, RotaRunStatus.READY)


class RotaRun(models.Model):
    region = models.ForeignKey("upw.Region", on_delete=models.PROTECT, related_name="rota_runs")
    start_date = models.DateField()
    end_date = models.DateField()
    parameters = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=RotaRunStatus.choices, default=RotaRunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True)
    # objective, bound, gap, solver_status, sessions, supervisors, assignments, unstaffed, changes,
    # penalties, wall_s ... (the docstring of scheduler.rota.services documents them).
    figures = models.JSONField(default=dict, blank=True)
    previous_run = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replans",
        help_text="The run this one re-plans.",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    published_version = models.PositiveIntegerField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # Hand edits made after the last publication, not yet published.
    changed_since_publish = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    history = HistoricalRecords(excluded_fields=["progress", "progress_message"])

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="rotarun_ends_after_start"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="rotarun_progress_percent"),
            models.CheckConstraint(condition=Q(status__in=RotaRunStatus.values), name="rotarun_status_valid"),
        ]
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self) -> str:
        return f"Rota run {self.pk}: {self.region} {self.start_date:%d %b} to {self.end_date:%d %b %Y}"

    @property
    def is_finished(self) -> bool:
        return self.status not in (RotaRunStatus.QUEUED, RotaRunStatus.RUNNING)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class RotaAssignmentSource(models.TextChoices):
    ENGINE = "engine", "Rota engine"
    MANUAL = "manual", "Added by hand"


class RotaAssignment(models.Model):
    """A supervisor proposed on a session by a run (rostered only once the run is published)."""

    run = models.ForeignKey(RotaRun, on_delete=models.CASCADE, related_name="assignments")
    session = models.ForeignKey("upw.Session", on_delete=models.CASCADE, related_name="+")
    supervisor = models.ForeignKey("upw.Supervisor", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=20, default="supervisor", help_text="upw.SupervisorRole")
    source = models.CharField(max_length=20, choices=RotaAssignmentSource.choices, default=RotaAssignmentSource.ENGINE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session__date", "session__start_time", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "session", "supervisor"], name="rotaassignment_unique"),
        ]

    def __str__(self) -> str:
        return f"Supervisor {self.supervisor_id} on session {self.session_id} (rota run {self.run_id})"


class RotaShortfall(models.Model):
    """A session the run leaves short of supervisors (or of a driver or a female supervisor)."""

    run = models.ForeignKey(RotaRun, on_delete=models.CASCADE, related_name="shortfalls")
    session = models.ForeignKey("upw.Session", on_delete=models.CASCADE, related_name="+")
    qualification = models.CharField(max_length=40, blank=True, help_text="Blank: the head count.")
    required = models.PositiveSmallIntegerField()
    assigned = models.PositiveSmallIntegerField()
    reasons = models.JSONField(default=list, blank=True)
    suggestions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["session__date", "session__start_time", "id"]

    def __str__(self) -> str:
        return f"Session {self.session_id}: {self.assigned} of {self.required} {self.qualification or 'supervisors'}"

    @property
    def blocks_session(self) -> bool:
        """Nobody at all, or a missing driver or female supervisor: the session cannot run as planned."""
        return self.assigned == 0 or bool(self.qualification)


class RotaPublication(models.Model):
    """One publication of a run: the region's rota version number and what it changed."""

    run = models.ForeignKey(RotaRun, on_delete=models.CASCADE, related_name="publications")
    region = models.ForeignKey("upw.Region", on_delete=models.PROTECT, related_name="rota_publications")
    start_date = models.DateField()
    end_date = models.DateField()
    version = models.PositiveIntegerField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)
    added = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    kept = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "version"], name="rotapublication_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.region} rota version {self.version}"


class RotaNotificationKind(models.TextChoices):
    PUBLISHED = "published", "Rota published"
    CHANGED = "changed", "Rota changed"


class RotaNotification(models.Model):
    """What a supervisor was told about a publication that changed their sessions."""

    publication = models.ForeignKey(RotaPublication, on_delete=models.CASCADE, related_name="notifications")
    supervisor = models.ForeignKey("upw.Supervisor", on_delete=models.CASCADE, related_name="rota_notifications")
    kind = models.CharField(max_length=20, choices=RotaNotificationKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    added = models.JSONField(default=list, blank=True, help_text="Session ids added.")
    removed = models.JSONField(default=list, blank=True, help_text="Session ids removed.")
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "supervisor"], name="rotanotification_unique"),
        ]

    def __str__(self) -> str:
        return self.subject


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class RotaFeedToken(models.Model):
    """The secret in a supervisor's calendar feed URL.

    Kept in clear (like a calendar service's "secret address"), so the supervisor can copy the URL
    again; the feed holds only their own sessions' dates, times and sites, never people. Resetting
    it makes the old URL stop working at once.
    """

    supervisor = models.OneToOneField("upw.Supervisor", on_delete=models.CASCADE, related_name="rota_feed")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Calendar feed of supervisor {self.supervisor_id}"
