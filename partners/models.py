import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from upw import domain as upw_domain
from upw.models.accounts import InvitationLink
from upw.models.geo import ProbationDeliveryUnit, Region, coordinates_constraints
from upw.models.people import Skill
from upw.models.sessions import ProjectType


class OrganisationKind(models.TextChoices):
    LOCAL = "local", "Local partner"
    NATIONAL = "national", "National partner"


class PartnerOrganisation(models.Model):
    """A charity, council or national organisation that offers work for the community."""

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.LOCAL)
    # A local partner belongs to one region; a national partner has sites in many under one agreement.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, related_name="local_partners")
    contact_name = models.CharField(max_length=100, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="national") | Q(region__isnull=False), name="partner_local_has_region"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PartnerMembership(models.Model):
    """Ties a partner user to the one organisation whose projects they may see."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_membership")
    organisation = models.ForeignKey(PartnerOrganisation, on_delete=models.CASCADE, related_name="memberships")
    is_organisation_admin = models.BooleanField(default=False)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.user} at {self.organisation}"


class Site(models.Model):
    """Where the work happens."""

    organisation = models.ForeignKey(PartnerOrganisation, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(max_length=150)
    address = models.CharField(max_length=250, blank=True)
    postcode = models.CharField(max_length=8)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    pdu = models.ForeignKey(ProbationDeliveryUnit, on_delete=models.PROTECT, related_name="sites")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="site_unique_name_per_organisation"),
            *coordinates_constraints("site"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.postcode}"


def risk_assessment_path(instance: "Project", filename: str) -> str:
    # A random name: the uploaded file name is kept in risk_assessment_name for display only.
    return f"risk-assessments/{instance.organisation_id}/{secrets.token_hex(16)}{PurePath(filename).suffix.lower()}"


class WorkType(models.TextChoices):
    GARDENING = "gardening", "Gardening and grounds"
    CONSERVATION = "conservation", "Conservation and woodland"
    LITTER = "litter", "Litter picking and clean-up"
    PAINTING = "painting", "Painting and decorating"
    CONSTRUCTION = "construction", "Construction and repairs"
    WORKSHOP = "workshop", "Workshop"
    CHARITY_SHOP = "charity_shop", "Charity shop"
    CATERING = "catering", "Kitchen and catering"
    CANAL = "canal", "Waterways"
    BEACH = "beach", "Beach and coast"
    LEARNING = "learning", "Learning and training"


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"


class Project(models.Model):
    """Community work offered by a partner at one site."""

    organisation = models.ForeignKey(PartnerOrganisation, on_delete=models.PROTECT, related_name="projects")
    # A draft may be saved with only its name; the rest is required to submit it
    # (partners.projects.services.missing_for_review).
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="projects", null=True, blank=True)
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    beneficiary = models.CharField(max_length=200, blank=True)
    project_type = models.CharField(max_length=20, choices=ProjectType.choices, default=ProjectType.GROUP)
    work_type = models.CharField(max_length=20, choices=WorkType.choices, blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="projects")
    status = models.CharField(max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT)

    # Suitability.
    involves_children = models.BooleanField(default=False)
    involves_vulnerable_adults = models.BooleanField(default=False)
    public_facing = models.BooleanField(default=False)
    accessible_site = models.BooleanField(default=False)
    heavy_work = models.BooleanField(default=False)
    women_only = models.BooleanField(default=False)

    # What is provided.
    hi_vis_required = models.BooleanField(default=True)
    tools_provided = models.BooleanField(default=True)
    ppe_provided = models.BooleanField(default=True)
    toilets = models.BooleanField(default=True)
    shelter = models.BooleanField(default=False)

    capacity = models.PositiveSmallIntegerField(default=8)
    supervision_ratio = models.PositiveSmallIntegerField(default=8, help_text="People per supervisor.")
    unpaid_break_minutes = models.PositiveSmallIntegerField(default=30)
    pick_up_point = models.CharField(max_length=150, blank=True)
    pick_up_postcode = models.CharField(max_length=8, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The site's health and safety risk assessment (partners.uploads checks type and size). Served
    # only through a permission-checked view, never from MEDIA_URL.
    risk_assessment = models.FileField(upload_to=risk_assessment_path, blank=True, max_length=250)
    risk_assessment_name = models.CharField(max_length=150, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1, capacity__lte=50), name="project_capacity_range"),
            models.CheckConstraint(condition=Q(supervision_ratio__gte=1), name="project_supervision_ratio_positive"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name="project_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(status__in=ProjectStatus.values), name="project_status_valid"),
            models.CheckConstraint(condition=Q(project_type__in=ProjectType.values), name="project_type_valid"),
            models.CheckConstraint(condition=Q(unpaid_break_minutes__lte=120), name="project_break_at_most_two_hours"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def region(self) -> Region | None:
        return self.site.pdu.region if self.site else None

    @property
    def supervised_by_probation(self) -> bool:
        return self.project_type in (ProjectType.GROUP, ProjectType.INDUCTION)


class Frequency(models.TextChoices):
    ONCE = "once", "Once"
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"


class ScheduleSlot(models.Model):
    """When a project runs: a weekday with times, weekly or fortnightly."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="schedule")
    weekday = models.PositiveSmallIntegerField(help_text="0 = Monday")
    start_time = models.TimeField()
    end_time = models.TimeField()
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.WEEKLY)

    class Meta:
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="scheduleslot_weekday_range"),
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="scheduleslot_ends_after_start"),
            models.UniqueConstraint(fields=["project", "weekday", "start_time"], name="scheduleslot_unique"),
        ]

    def __str__(self) -> str:
        day = upw_domain.WEEKDAYS[self.weekday]
        return f"{self.get_frequency_display()} on {day}, {self.start_time:%H:%M}-{self.end_time:%H:%M}"


# --- The partner portal -----------------------------------------------------------------


class ProjectEventKind(models.TextChoices):
    CREATED = "created", "Created"
    TRANSITION = "transition", "Status changed"
    EDITED = "edited", "Edited"
    MESSAGE = "message", "Message"
    SESSIONS = "sessions", "Sessions generated"


class ProjectEvent(models.Model):
    """The audit trail of a project: every status change, edit and message, with who and when."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=ProjectEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    from_status = models.CharField(max_length=20, choices=ProjectStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ProjectStatus.choices, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["project", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.project} at {self.created_at:%Y-%m-%d %H:%M}"


class Invitation(InvitationLink, models.Model):
    """A single-use, expiring link that lets someone create a partner account.

    Only a SHA-256 hash of the token is stored (as for API tokens), so the database alone cannot be
    used to accept an invitation.
    """

    organisation = models.ForeignKey(PartnerOrganisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    is_organisation_admin = models.BooleanField(default=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"


def nomination_photo_path(instance: "Nomination", filename: str) -> str:
    return f"nomination-photos/{secrets.token_hex(16)}{PurePath(filename).suffix.lower()}"


class NominationStatus(models.TextChoices):
    NEW = "new", "New"
    UNDER_CONSIDERATION = "under_consideration", "Under consideration"
    DECLINED = "declined", "Declined"
    CONVERTED = "converted", "Made into a project"


class Nomination(models.Model):
    """A project suggested by a member of the public, without an account."""

    reference = models.CharField(max_length=20, unique=True, editable=False)
    name = models.CharField("What needs doing", max_length=150)
    description = models.TextField()
    location = models.CharField(max_length=250)
    postcode = models.CharField(max_length=8)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    region = models.ForeignKey(Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="nominations")
    toilets = models.CharField(max_length=10, choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Not sure")])
    accessible = models.CharField(max_length=10, choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Not sure")])
    nominator_name = models.CharField(max_length=100)
    nominator_email = models.EmailField()
    nominator_phone = models.CharField(max_length=30, blank=True)
    organisation_name = models.CharField(max_length=150, blank=True)
    # An optional photo of the place (checked like every upload; served only to coordinators).
    photo = models.FileField(upload_to=nomination_photo_path, blank=True, max_length=250)
    status = models.CharField(max_length=30, choices=NominationStatus.choices, default=NominationStatus.NEW)
    triage_note = models.TextField(blank=True)
    triaged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    project = models.ForeignKey(Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="nominations")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=NominationStatus.values), name="nomination_status_valid"),
            *coordinates_constraints("nomination"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.name}"


def photo_path(instance: "ProjectPhoto", filename: str) -> str:
    return f"project-photos/{instance.project_id}/{secrets.token_hex(16)}{PurePath(filename).suffix.lower()}"


class ProjectPhoto(models.Model):
    """A photo of the work, shown to the partner as part of the project's impact."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=photo_path, max_length=250)
    caption = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.caption
