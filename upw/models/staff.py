from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from upw import domain

from .geo import Office
from .people import Gender


class Qualification(models.Model):
    """Van driver, first aid, women's group lead, trades..."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


WORKING_WEEKDAYS_MASK = 0b0011111  # Monday to Friday, bit 0 = Monday


class Supervisor(models.Model):
    """The staff profile of a Probation Service supervisor."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supervisor")
    gender = models.CharField(max_length=20, choices=Gender.choices)
    base_office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="supervisors")
    qualifications = models.ManyToManyField(Qualification, blank=True, related_name="supervisors")
    contracted_minutes_per_week = models.PositiveIntegerField(default=37 * 60)
    # Days usually worked, one bit a weekday (bit 0 = Monday).
    working_days_mask = models.PositiveSmallIntegerField(default=WORKING_WEEKDAYS_MASK)
    active = models.BooleanField(default=True)
    history = HistoricalRecords(m2m_fields=["qualifications"])

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contracted_minutes_per_week__lte=48 * 60), name="supervisor_contract_within_48_hours"
            ),
            models.CheckConstraint(
                condition=Q(working_days_mask__lte=0b1111111), name="supervisor_working_days_mask_range"
            ),
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username

    def works_on(self, weekday: int) -> bool:
        return bool(self.working_days_mask & (1 << weekday))

    @property
    def working_days(self) -> list[str]:
        return [name for i, name in enumerate(domain.WEEKDAYS) if self.works_on(i)]


class Leave(models.Model):
    supervisor = models.ForeignKey(Supervisor, on_delete=models.CASCADE, related_name="leave")
    start_date = models.DateField()
    end_date = models.DateField()
    reason = models.CharField(max_length=100, default="Annual leave")

    class Meta:
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="leave_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.supervisor}: {self.start_date} to {self.end_date}"
