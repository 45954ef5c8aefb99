from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from .requirements import Requirement
from .staff import Supervisor


# The kind of placement a project offers. Defined here, in the core, because the hours ledger (ETE
# hours), induction and attendance depend on it; partners.models uses it for its projects.
class ProjectType(models.TextChoices):
    GROUP = "group", "Group placement (supervised by the Probation Service)"
    INDIVIDUAL = "individual", "Individual placement (supervised by the partner)"
    INDUCTION = "induction", "Induction"
    ETE = "ete", "Education, training or employment"


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    STOOD_DOWN = "stood_down", "Stood down"
    COMPLETED = "completed", "Completed"


class Session(models.Model):
    """One project on one date, from start to end (an appointment group)."""

    project = models.ForeignKey("partners.Project", on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField()
    start_time = models.TimeField()
    end_time = models.TimeField()
    capacity = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED)
    supervisors_needed = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    # Sessions made from a project's schedule (partners.schedule) record the slot that made them;
    # one the schedule no longer wants but that has people or staff on it is flagged, not deleted.
    schedule_slot = models.ForeignKey(
        "partners.ScheduleSlot", on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    generated_from_schedule = models.BooleanField(default=False)
    needs_attention = models.BooleanField(default=False)
    attention_reason = models.CharField(max_length=250, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "start_time", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="session_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1, capacity__lte=50), name="session_capacity_range"),
            models.CheckConstraint(condition=Q(status__in=SessionStatus.values), name="session_status_valid"),
            models.UniqueConstraint(fields=["project", "date", "start_time"], name="session_unique_slot"),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self) -> str:
        return f"{self.project} on {self.date:%a %d %b %Y} {self.start_time:%H:%M}-{self.end_time:%H:%M}"

    @property
    def duration_minutes(self) -> int:
        return (self.end_time.hour * 60 + self.end_time.minute) - (self.start_time.hour * 60 + self.start_time.minute)


class SupervisorRole(models.TextChoices):
    LEAD = "lead", "Lead supervisor"
    SUPERVISOR = "supervisor", "Supervisor"
    DRIVER = "driver", "Van driver"


class SessionSupervisor(models.Model):
    """A supervisor rostered on a session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="supervisor_assignments")
    supervisor = models.ForeignKey(Supervisor, on_delete=models.PROTECT, related_name="assignments")
    role = models.CharField(max_length=20, choices=SupervisorRole.choices, default=SupervisorRole.SUPERVISOR)
    # Kept so that a supervisor released from a session (a stand-down) stays on the session's record.
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "supervisor"], name="sessionsupervisor_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} on {self.session}"


class AllocationStatus(models.TextChoices):
    ALLOCATED = "allocated", "Allocated"
    CANCELLED = "cancelled", "Cancelled"


class Allocation(models.Model):
    """A requirement's place on a session."""

    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="allocations")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="allocations")
    status = models.CharField(max_length=20, choices=AllocationStatus.choices, default=AllocationStatus.ALLOCATED)
    source = models.CharField(max_length=40, default="manual", help_text="manual, or the matching run that proposed it")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["session__date", "session__start_time"]
        constraints = [
            # One live place per requirement per session; cancelled ones stay as history.
            models.UniqueConstraint(
                fields=["requirement", "session"],
                condition=Q(status="allocated"),
                name="allocation_unique_live_place",
            ),
            models.CheckConstraint(condition=Q(status__in=AllocationStatus.values), name="allocation_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.requirement.person.crn} on {self.session}"
