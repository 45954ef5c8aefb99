"""Inviting a member of staff by email: the link (single use, expiring after UPW_INVITATION_DAYS) lets
them create their password and sign in, with the name, role and regions their inviter chose.

Administrators invite coordinators, supervisors and administrators into any region; a coordinator
invites supervisors into their own regions. The invitation and the account it makes keep their
history (simple-history), so who invited whom, as what and where, stays on record.
"""

import datetime as dt
import hashlib
import logging
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from upw.core.access import effective_role, region_ids
from upw.core.email import public_link, send_email
from upw.models import Office, Region, Role, StaffInvitation, Supervisor, User

from .passwords import password_problems

log = logging.getLogger("upw.accounts")

CANNOT_INVITE = "Only administrators and coordinators can invite members of staff."
ROLE_NOT_YOURS = "Select a role you can invite: coordinators can invite supervisors only"
CHOOSE_REGION = "Select at least one region"
REGION_NOT_YOURS = "Select only regions you work in"
EMAIL_TAKEN = "An account with this email address already exists"
INVITATION_INVALID = "This invitation link is not valid. Ask the person who invited you to send a new one."
INVITATION_USED = "This invitation has already been used. Sign in instead."
INVITATION_EXPIRED = "This invitation has expired. Ask the person who invited you to send a new one."
SUPERVISOR_NEEDS_OFFICE = "Select the supervisor's base office"
OFFICE_OUTSIDE_REGIONS = "Select an office in one of the regions you chose"
SUPERVISOR_NEEDS_GENDER = "Select the supervisor's gender"


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def roles_invitable_by(user: User) -> list[str]:
    role = effective_role(user)
    if role == Role.ADMIN:
        return [Role.COORDINATOR, Role.SUPERVISOR, Role.ADMIN]
    if role == Role.COORDINATOR:
        return [Role.SUPERVISOR]
    return []


def regions_invitable_by(user: User) -> QuerySet[Region]:
    role = effective_role(user)
    if role == Role.ADMIN:
        return Region.objects.all()
    if role == Role.COORDINATOR:
        return Region.objects.filter(pk__in=region_ids(user))
    return Region.objects.none()


def _refusal(by: User | None, role: str, regions: list[Region]) -> dict[str, str]:
    """Why `by` may not invite someone as `role` into `regions`, field by field; empty if they may."""
    if by is None or not by.is_active or not roles_invitable_by(by):
        return {"role": CANNOT_INVITE}
    if role not in roles_invitable_by(by):
        return {"role": ROLE_NOT_YOURS}
    if role == Role.ADMIN:
        return {}
    if not regions:
        return {"regions": CHOOSE_REGION}
    allowed = set(regions_invitable_by(by).values_list("pk", flat=True))
    if any(region.pk not in allowed for region in regions):
        return {"regions": REGION_NOT_YOURS}
    return {}


@transaction.atomic
def invite_staff(
    *,
    by: User,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    regions: list[Region],
    base_office: Office | None = None,
    gender: str = "",
) -> tuple[StaffInvitation, str]:
    """Invites a member of staff by email; returns the invitation and its raw token (sent, never kept).

    An earlier pending invitation for the same address is withdrawn: only the newest link works.
    """
    if not roles_invitable_by(by):
        raise PermissionDenied(CANNOT_INVITE)
    regions = list(regions) if role != Role.ADMIN else []  # an administrator sees every region
    refusal = _refusal(by, role, regions)
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        refusal.setdefault("email", EMAIL_TAKEN)
    if role == Role.SUPERVISOR:
        if base_office is None:
            refusal.setdefault("base_office", SUPERVISOR_NEEDS_OFFICE)
        elif base_office.pdu.region_id not in {region.pk for region in regions}:
            refusal.setdefault("base_office", OFFICE_OUTSIDE_REGIONS)
        if not gender:
            refusal.setdefault("gender", SUPERVISOR_NEEDS_GENDER)
    if refusal:
        raise ValidationError(refusal)
    now = timezone.now()
    for earlier in StaffInvitation.objects.filter(
        email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ):
        earlier.revoked_at = now
        earlier.save(update_fields=["revoked_at"])
    raw = secrets.token_urlsafe(32)
    invitation = StaffInvitation.objects.create(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=role,
        base_office=base_office if role == Role.SUPERVISOR else None,
        gender=gender if role == Role.SUPERVISOR else "",
        token_hash=_hash(raw),
        invited_by=by,
        expires_at=now + dt.timedelta(days=settings.UPW_INVITATION_DAYS),
    )
    invitation.regions.set(regions)
    service = settings.SERVICE_NAME
    inviter = by.get_full_name() or by.username
    send_email(
        to=[email],
        subject=f"You are invited to {service}",
        body=f"{inviter} has invited you to {service} as a {invitation.get_role_display().lower()}.\n\n"
        f"Create your password within {settings.UPW_INVITATION_DAYS} days:\n"
        f"{public_link('staff-invitation', raw)}\n\n"
        "The link works once. If you were not expecting this, you can ignore this email.",
    )
    log.info("%s invited a new %s (invitation %d)", by.username, role, invitation.pk)
    return invitation, raw


def staff_invitation_for_token(raw: str) -> StaffInvitation:
    """The pending invitation for a raw token; ValidationError saying why it cannot be used."""
    invitation = StaffInvitation.objects.filter(token_hash=_hash(raw or "")).first()
    if invitation is None or invitation.revoked_at is not None:
        raise ValidationError(INVITATION_INVALID, code="invalid")
    if invitation.accepted_at is not None:
        raise ValidationError(INVITATION_USED, code="used")
    if invitation.expires_at <= timezone.now():
        raise ValidationError(INVITATION_EXPIRED, code="expired")
    return invitation


def invited_user(invitation: StaffInvitation) -> User:
    """The account the invitation will make, unsaved: for checking a password against the name."""
    return User(
        username=invitation.email,
        email=invitation.email,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
        role=invitation.role,
    )


@transaction.atomic
def accept_staff_invitation(*, raw: str, password: str) -> User:
    """Creates the account with the chosen password; the link then stops working."""
    invitation = StaffInvitation.objects.select_for_update().get(pk=staff_invitation_for_token(raw).pk)
    if invitation.accepted_at is not None:  # accepted by a concurrent request
        raise ValidationError(INVITATION_USED, code="used")
    regions = list(invitation.regions.all())
    # Checked again now: an invitation is only as good as its sender's right to send it today.
    if _refusal(invitation.invited_by, invitation.role, regions):
        raise ValidationError(INVITATION_INVALID, code="invalid")
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(EMAIL_TAKEN, code="taken")
    user = invited_user(invitation)
    problems = password_problems(password, user)
    if problems:
        raise ValidationError({"password": problems})
    user.set_password(password)
    user.save()
    user.regions.set(regions)
    if user.role == Role.SUPERVISOR and invitation.base_office_id:
        Supervisor.objects.create(user=user, base_office_id=invitation.base_office_id, gender=invitation.gender)
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    log.info("%s accepted invitation %d as a %s", user.username, invitation.pk, user.role)
    return user


@transaction.atomic
def withdraw_staff_invitation(*, invitation: StaffInvitation, by: User) -> StaffInvitation:
    if _refusal(by, invitation.role, list(invitation.regions.all())):
        raise PermissionDenied("You cannot withdraw this invitation.")
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        log.info("%s withdrew invitation %d", by.username, invitation.pk)
    return invitation
