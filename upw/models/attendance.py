from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from .sessions import Allocation


class OutcomeCode(models.TextChoices):
    """Outcome codes of the MoJ service and nDelius (domain.md)."""

    ATTC = "ATTC", "Attended - complied"
    AFTC = "AFTC", "Attended - failed to comply"
    ATSH = "ATSH", "Attended - sent home (behaviour)"
    ATSS = "ATSS", "Attended - sent home (service issues)"
    ATCH = "ATCH", "Attended - concurrent hours"
    AFDA = "AFDA", "Failure deemed acceptable"
    ATFI = "ATFI", "Failed to follow another instruction"
    UACP = "UACP", "Unacceptable absence"
    AAME = "AAME", "Acceptable absence - medical"
    AAEM = "AAEM", "Acceptable absence - employment"
    AAFC = "AAFC", "Acceptable absence - family or childcare"
    AACL = "AACL", "Acceptable absence - court or legal"
    AASD = "AASD", "Acceptable absence - stood down"
    CO05 = "CO05", "Acceptable absence - professional judgement"
    RSSR = "RSSR", "Rescheduled - service request"
    RSOF = "RSOF", "Rescheduled - person's request"


ATTENDED_OUTCOMES = frozenset({"ATTC", "AFTC", "ATSH", "ATSS", "ATCH", "AFDA"})
# A supervisor grades the work and the behaviour of everyone who attended.
GRADED_OUTCOMES = frozenset({"ATTC", "AFTC", "ATSH", "ATSS"})
# What a coordinator may record before the session: absences agreed, appointments rescheduled, and
# a session stood down (AASD, recorded for everyone on it by the stand-down, never one by one).
ADVANCE_OUTCOMES = ("AAME", "AAEM", "AAFC", "AACL", "CO05", "RSSR", "RSOF", "AASD")
STOOD_DOWN_OUTCOME = "AASD"
ENFORCEABLE_OUTCOMES = frozenset({"AFTC", "ATSH", "ATFI", "UACP"})
SUPERVISOR_OUTCOMES = ("ATTC", "AFTC", "ATSH", "ATSS", "UACP")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", "Excellent"
    GOOD = "good", "Good"
    SATISFACTORY = "satisfactory", "Satisfactory"
    UNSATISFACTORY = "unsatisfactory", "Unsatisfactory"
    POOR = "poor", "Poor"


class AbsenceDecision(models.TextChoices):
    ACCEPTABLE = "acceptable", "Acceptable"
    UNACCEPTABLE = "unacceptable", "Unacceptable"


class AttendanceRecord(models.Model):
    """What happened to one allocation: arrival, departure and outcome."""

    allocation = models.OneToOneField(Allocation, on_delete=models.PROTECT, related_name="attendance")
    outcome = models.CharField(max_length=4, choices=OutcomeCode.choices, blank=True)
    arrived_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    penalty_minutes = models.PositiveSmallIntegerField(default=0)
    work_quality = models.CharField(max_length=20, choices=Grade.choices, blank=True)
    behaviour = models.CharField(max_length=20, choices=Grade.choices, blank=True)
    sent_home_reason = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # checked in at the pick-up point (time counts from there), and the coordinator's
    # decision on an enforceable outcome or absence.
    from_pick_up = models.BooleanField(default=False)
    # Time in the van is not time on site: it is claimed as travel time (upw.models.travel).
    picked_up_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    decision = models.CharField(max_length=20, choices=AbsenceDecision.choices, blank=True)
    decision_reason = models.CharField(max_length=300, blank=True)
    evidence_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(arrived_at__isnull=True) | Q(left_at__gt=F("arrived_at")),
                name="attendance_leaves_after_arriving",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=OutcomeCode.values), name="attendance_outcome_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.allocation}: {self.outcome or 'no outcome yet'}"

    @property
    def is_enforceable(self) -> bool:
        return self.outcome in ENFORCEABLE_OUTCOMES
