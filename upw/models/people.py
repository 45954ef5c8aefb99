from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from upw import domain

from .geo import ProbationDeliveryUnit, coordinates_constraints

# An erased person's CRN: a random token that no real CRN can equal (upw.retention).
ERASED_CRN_PATTERN = r"^~[A-Z0-9]{6}$"


class Skill(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NON_BINARY = "non_binary", "Non-binary"
    NOT_STATED = "not_stated", "Prefer not to say"


class EmploymentStatus(models.TextChoices):
    EMPLOYED = "employed", "Employed"
    UNEMPLOYED = "unemployed", "Unemployed"
    EDUCATION = "education", "In education or training"
    UNABLE = "unable", "Unable to work"


class PlacementPreference(models.TextChoices):
    MIXED_GROUP = "mixed_group", "Mixed group"
    FEMALE_ONLY = "female_only", "Female-only group"
    INDIVIDUAL = "individual", "Individual placement"


class SupervisorGenderRestriction(models.TextChoices):
    NONE = "", "No restriction"
    NOT_MALE = "not_male", "Not with a male supervisor"
    NOT_FEMALE = "not_female", "Not with a female supervisor"


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very_high", "Very high"


class Person(models.Model):
    """A person on probation, with the assessment answers that matching uses.

    Offence, risk, health and contact details are sensitive: only coordinators of the person's
    region and administrators see them (upw.core.access), never partners.
    """

    crn = models.CharField("CRN", max_length=7, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    gender = models.CharField(max_length=20, choices=Gender.choices)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=8)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    pdu = models.ForeignKey(ProbationDeliveryUnit, on_delete=models.PROTECT, related_name="people")
    employment_status = models.CharField(max_length=20, choices=EmploymentStatus.choices)
    limited_access = models.BooleanField(
        default=False, help_text="Shown by CRN only to staff without access to this case."
    )

    # Availability: 7 days x morning / afternoon / evening as bits (upw.domain).
    availability_mask = models.PositiveIntegerField(default=domain.FULL_AVAILABILITY)
    placement_preference = models.CharField(
        max_length=20, choices=PlacementPreference.choices, default=PlacementPreference.MIXED_GROUP
    )

    # Risk and restrictions.
    offence_summary = models.TextField(blank=True)
    risk_level = models.CharField(max_length=20, choices=RiskLevel.choices, default=RiskLevel.LOW)
    no_children = models.BooleanField("no contact with children", default=False)
    no_vulnerable_adults = models.BooleanField("no contact with vulnerable adults", default=False)
    not_public_facing = models.BooleanField("unsuitable for public-facing work", default=False)
    individual_only = models.BooleanField("risk in a group: individual placement only", default=False)
    unsuitable_for_individual = models.BooleanField(
        "unsuitable for an individual (partner-supervised) placement", default=False
    )
    close_supervision = models.BooleanField(default=False)
    supervisor_gender_restriction = models.CharField(
        max_length=20, choices=SupervisorGenderRestriction.choices, blank=True, default=""
    )

    # Health.
    no_heavy_work = models.BooleanField(default=False)
    needs_accessible_site = models.BooleanField(default=False)
    health_notes = models.TextField(blank=True)

    # Travel.
    max_travel_km = models.PositiveSmallIntegerField(default=15)
    has_driving_licence = models.BooleanField(default=False)
    has_vehicle = models.BooleanField(default=False)
    uses_public_transport = models.BooleanField(default=True)
    travel_time_allowed = models.BooleanField(default=False)

    # Skills and plans.
    skills = models.ManyToManyField(Skill, blank=True, related_name="people")
    future_work_plans = models.TextField(blank=True)
    reading_writing_difficulty = models.BooleanField(default=False)
    ete_need = models.BooleanField("education, training or employment need", default=False)

    # Reminders the day before a session: the person may opt out.
    reminders_opt_out = models.BooleanField("opted out of session reminders", default=False)

    # Intake: when the latest unpaid work assessment was submitted (None: not assessed yet).
    assessed_on = models.DateField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["last_name", "first_name", "crn"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=Q(crn__regex=domain.CRN_PATTERN) | Q(crn__regex=ERASED_CRN_PATTERN), name="person_crn_format"
            ),
            models.CheckConstraint(
                condition=Q(availability_mask__lte=domain.FULL_AVAILABILITY), name="person_availability_mask_range"
            ),
            models.CheckConstraint(condition=Q(gender__in=Gender.values), name="person_gender_valid"),
            models.CheckConstraint(
                condition=Q(max_travel_km__gte=1, max_travel_km__lte=200), name="person_max_travel_range"
            ),
            # A person who may only work alone cannot also be unsuitable for working alone.
            models.CheckConstraint(
                condition=~Q(individual_only=True, unsuitable_for_individual=True),
                name="person_individual_rules_consistent",
            ),
            *coordinates_constraints("person"),
        ]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.crn})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def availability(self) -> set[tuple[int, int]]:
        return domain.availability_slots(self.availability_mask)


class ExclusionZone(models.Model):
    """A victim exclusion zone: no placement within radius_km of this place."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="exclusion_zones")
    label = models.CharField(max_length=100)
    postcode = models.CharField(max_length=8)
    latitude = models.FloatField()
    longitude = models.FloatField()
    radius_km = models.FloatField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(radius_km__gt=0, radius_km__lte=50), name="exclusion_radius_range"),
            *coordinates_constraints("exclusionzone"),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.radius_km} km of {self.postcode})"


class NonAssociation(models.Model):
    """Two people who must never be placed together (restrictive orders). Stored once per pair."""

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(person_a__lt=models.F("person_b")), name="nonassociation_ordered_pair"),
            models.UniqueConstraint(fields=["person_a", "person_b"], name="nonassociation_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.person_a.crn} / {self.person_b.crn}"
