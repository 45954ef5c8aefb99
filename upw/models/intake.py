"""Intake, the unpaid work assessment and reviews."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .people import Person
from .requirements import Requirement


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class Assessment(models.Model):
    """One version of a person's unpaid work assessment.

    The answers are kept per section (upw.assessment.forms validates each one). A re-assessment is a
    new version, so earlier ones stay as they were; submitting a version copies its answers onto the
    Person fields that matching reads, so matching always uses the latest submitted assessment.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="assessments")
    version = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    answers = models.JSONField(default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["person", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["person", "version"], name="assessment_unique_version"),
            # At most one draft per person: a second "start" continues the first.
            models.UniqueConstraint(
                fields=["person"], condition=Q(status="draft"), name="assessment_one_draft_per_person"
            ),
            models.CheckConstraint(condition=Q(status__in=AssessmentStatus.values), name="assessment_status_valid"),
            models.CheckConstraint(condition=Q(version__gte=1), name="assessment_version_positive"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False), name="assessment_submitted_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment {self.version} of {self.person.crn} ({self.get_status_display()})"

    @property
    def is_draft(self) -> bool:
        return self.status == AssessmentStatus.DRAFT


class Review(models.Model):
    """A coordinator's review of an active requirement: progress, decisions and the next date."""

    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    progress = models.TextField()
    decisions = models.TextField(blank=True)
    next_review_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(next_review_on__gt=models.F("held_on")), name="review_next_after_held"),
        ]

    def __str__(self) -> str:
        return f"Review of {self.requirement} on {self.held_on}"


class ImportBatch(models.Model):
    """One accepted CSV import of new orders. A file already imported (same SHA-256) is not imported again."""

    file_sha256 = models.CharField(max_length=64, unique=True)
    file_name = models.CharField(max_length=200)
    rows = models.PositiveIntegerField()
    people_created = models.PositiveIntegerField(default=0)
    requirements_created = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0, help_text="Orders already recorded (same CRN and order).")
    created = models.JSONField(default=list, blank=True, help_text="[line, CRN, order reference] of each order added.")
    skipped = models.JSONField(default=list, blank=True, help_text="[line, reason] of each row skipped.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows} rows)"


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    DONE = "done", "Imported"
    REJECTED = "rejected", "Nothing imported"
    FAILED = "failed", "Failed"


# A job in one of these wrote nothing, so the same file uploaded again runs it again.
IMPORT_JOB_RERUNNABLE = (ImportJobStatus.REJECTED, ImportJobStatus.FAILED)
IMPORT_JOB_FINISHED = (ImportJobStatus.DONE, ImportJobStatus.REJECTED, ImportJobStatus.FAILED)


class ImportJob(models.Model):
    """A CSV file of new orders uploaded to be imported in the background (upw.intake.services).

    One job per user and file content: the same file uploaded again by the same user is this job, so
    a retried upload never imports twice. The file is kept only until the job has run.
    """

    file_sha256 = models.CharField(max_length=64)
    file_name = models.CharField(max_length=200)
    content = models.BinaryField(blank=True, default=b"", editable=False)
    status = models.CharField(max_length=20, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED)
    progress_message = models.CharField(max_length=200, blank=True)
    rows_total = models.PositiveIntegerField(null=True, blank=True, help_text="Unknown until the file is read.")
    rows_done = models.PositiveIntegerField(default=0, help_text="Rows checked so far.")
    errors = models.JSONField(default=list, blank=True, help_text="[line, reason] of each rejected row.")
    failure = models.TextField(blank=True, help_text="Why the job stopped, when it failed unexpectedly.")
    already_imported = models.BooleanField(default=False)
    # Where the upload came from (path, view name, client address): the log of refused reads of
    # cases held by another region records it, as it did when the import ran in the request.
    upload_request = models.JSONField(default=dict, blank=True)
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The regions whose delivery units the file may add people to: the uploader's when they uploaded it
    # (none for an administrator: every region). Only the uploader sees the job, while still in one.
    regions = models.ManyToManyField("upw.Region", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["created_by", "file_sha256"], name="importjob_one_per_user_and_file"),
            models.CheckConstraint(condition=Q(status__in=ImportJobStatus.values), name="importjob_status_valid"),
        ]

    def __str__(self) -> str:
        return f"Import job {self.pk}: {self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in IMPORT_JOB_FINISHED

    @property
    def percent_done(self) -> int:
        if self.status == ImportJobStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        # Writing comes after every row is checked: the last tenth is kept for it.
        return min(90, self.rows_done * 90 // self.rows_total)
