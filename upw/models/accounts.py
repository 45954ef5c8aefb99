from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Placement coordinator"
    SUPERVISOR = "supervisor", "Supervisor"
    PARTNER = "partner", "Partner user"
    ADMIN = "admin", "Administrator"


class User(AbstractUser):
    """A person who signs in. What they may see follows from `role` (see upw.core.access)."""

    role = models.CharField(max_length=20, choices=Role.choices)
    # Coordinators see the people, projects and sessions of these regions only.
    regions = models.ManyToManyField("upw.Region", blank=True, related_name="coordinators")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
        ]

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def is_partner(self) -> bool:
        return self.role == Role.PARTNER
