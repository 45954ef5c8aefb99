from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Placement coordinator"
    SUPERVISOR = "supervisor", "Supervisor"
    PARTNER = "partner", "Partner user"
    ADMIN = "admin", "Administrator"
    # Reads every region's performance reports; changes nothing and sees no one's personal details.
    NATIONAL_LEAD = "national_lead", "National lead"


class User(AbstractUser):
    """A person who signs in. What they may see follows from `role` (see upw.core.access)."""

    role = models.CharField(max_length=20, choices=Role.choices)
    # Coordinators see the people, projects and sessions of these regions only.
    regions = models.ManyToManyField("upw.Region", blank=True, related_name="coordinators")
    # Who had which role, regions and active flag when: never the password hash, nor each sign-in.
    history = HistoricalRecords(excluded_fields=["password", "last_login"], m2m_fields=["regions"])

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
        ]

    def save(self, *args, **kwargs):
        # Signing in saves last_login alone; a history row for every sign-in would bury the changes.
        if set(kwargs.get("update_fields") or ()) == {"last_login"}:
            self.skip_history_when_saving = True
            try:
                return super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
        return super().save(*args, **kwargs)

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
    def is_national_lead(self) -> bool:
        return self.role == Role.NATIONAL_LEAD

    @property
    def is_partner(self) -> bool:
        return self.role == Role.PARTNER


class InvitationLink:
    """What a single-use, expiring invitation link is now: staff and partner invitations alike."""

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


class StaffInvitation(InvitationLink, models.Model):
    """A single-use, expiring link that lets a member of staff create their password and sign in.

    The inviter sets the name, role and regions; the invited person only chooses a password. Only a
    SHA-256 hash of the token is stored, so the database alone cannot be used to accept one.
    """

    email = models.EmailField()
    first_name = models.CharField(max_length=150)
    last_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices)
    regions = models.ManyToManyField("upw.Region", blank=True, related_name="+")
    # A supervisor's profile is made when they accept: the rota needs their office and gender.
    base_office = models.ForeignKey("upw.Office", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    gender = models.CharField(max_length=20, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey("upw.User", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_user = models.ForeignKey("upw.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash"], m2m_fields=["regions"])

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="staffinvitation_role_valid"),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email} as {self.get_role_display()}"
