"""Partner organisations, their invitations and their members."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from partners.models import (
    Invitation,
    OrganisationKind,
    PartnerMembership,
    PartnerOrganisation,
)
from upw.core import email as notify
from upw.core.access import effective_role, visible
from upw.core.email import public_link
from upw.models import Role, User

INVITATION_INVALID = "This invitation link is not valid. Ask for a new invitation."


INVITATION_USED = "This invitation has already been used. Sign in instead."


INVITATION_EXPIRED = "This invitation has expired. Ask for a new invitation."


EMAIL_TAKEN = "An account with this email address already exists."


CANNOT_INVITE = "You cannot invite people to this organisation."


NATIONAL_NEEDS_ADMINISTRATOR = (
    "Only an administrator, or the organisation's own administrators, can add people to a national partner."
)


CANNOT_DEACTIVATE_SELF = "You cannot deactivate your own account."


ORGANISATION_EXISTS = "A partner organisation with this name already exists."


@transaction.atomic
def organisation_create(
    *, user: User, name: str, kind: str, region=None, contact_name: str = "", contact_email: str = ""
) -> PartnerOrganisation:
    """A coordinator adds a partner (local ones in one of their regions), then invites its users."""
    role = effective_role(user)
    if role not in (Role.COORDINATOR, Role.ADMIN):
        raise PermissionDenied("Only coordinators can add partner organisations.")
    if kind == OrganisationKind.NATIONAL:
        region = None
    elif region is None or (role == Role.COORDINATOR and not user.regions.filter(pk=region.pk).exists()):
        raise ValidationError({"region": "Choose one of your regions."})
    if PartnerOrganisation.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": ORGANISATION_EXISTS})
    return PartnerOrganisation.objects.create(
        name=name.strip(), kind=kind, region=region, contact_name=contact_name, contact_email=contact_email
    )


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def may_invite(user: User, organisation: PartnerOrganisation) -> bool:
    """Who may add (or remove) an organisation's users: its own partner administrators, an
    administrator, and for a local partner a coordinator of its region. A national partner's users
    see its projects and sessions in every region, so no one coordinator may add them."""
    role = effective_role(user)
    if role == Role.PARTNER:
        membership = getattr(user, "partner_membership", None)
        return bool(membership and membership.is_organisation_admin and membership.organisation_id == organisation.pk)
    if role == Role.ADMIN:
        return True
    if role == Role.COORDINATOR and organisation.kind != OrganisationKind.NATIONAL:
        return visible(user, PartnerOrganisation).filter(pk=organisation.pk).exists()
    return False


def cannot_invite_message(organisation: PartnerOrganisation) -> str:
    return NATIONAL_NEEDS_ADMINISTRATOR if organisation.kind == OrganisationKind.NATIONAL else CANNOT_INVITE


@transaction.atomic
def invitation_create(
    *, organisation: PartnerOrganisation, email: str, invited_by: User, is_organisation_admin: bool = False
) -> tuple[Invitation, str]:
    """Invites someone to the organisation by email. Returns the invitation and its raw token.

    An earlier pending invitation for the same address is revoked: only the newest link works.
    """
    if not may_invite(invited_by, organisation):
        raise PermissionDenied(cannot_invite_message(organisation))
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": EMAIL_TAKEN})
    now = timezone.now()
    Invitation.objects.filter(
        organisation=organisation, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        is_organisation_admin=is_organisation_admin,
        token_hash=_hash(raw),
        invited_by=invited_by,
        expires_at=now + dt.timedelta(days=settings.UPW_INVITATION_DAYS),
    )
    inviter = invited_by.get_full_name() or invited_by.username
    notify.send_email(
        to=[email],
        subject=f"You are invited to manage Community Payback projects for {organisation}",
        body=f"{inviter} has invited you to the Community Payback partner service for {organisation}.\n\n"
        f"Create your account within {settings.UPW_INVITATION_DAYS} days: "
        f"{public_link('partner-invitation', raw)}\n\nThe link works once.",
    )
    return invitation, raw


def invitation_for_token(raw: str) -> Invitation:
    """The pending invitation for a raw token; ValidationError saying why it cannot be used."""
    invitation = Invitation.objects.select_related("organisation").filter(token_hash=_hash(raw or "")).first()
    if invitation is None or invitation.revoked_at is not None:
        raise ValidationError(INVITATION_INVALID, code="invalid")
    if invitation.accepted_at is not None:
        raise ValidationError(INVITATION_USED, code="used")
    if invitation.expires_at <= timezone.now():
        raise ValidationError(INVITATION_EXPIRED, code="expired")
    return invitation


@transaction.atomic
def invitation_accept(*, raw: str, first_name: str, last_name: str, password: str) -> User:
    """Creates the partner's account and membership; the link then stops working."""
    invitation = invitation_for_token(raw)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:  # accepted by a concurrent request
        raise ValidationError(INVITATION_USED, code="used")
    # Checked again now: an invitation is only as good as its sender's right to send it today.
    if invitation.invited_by is None or not may_invite(invitation.invited_by, invitation.organisation):
        raise ValidationError(INVITATION_INVALID, code="invalid")
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(EMAIL_TAKEN, code="taken")
    user = User(
        username=invitation.email,
        email=invitation.email,
        first_name=first_name,
        last_name=last_name,
        role=Role.PARTNER,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.save()
    PartnerMembership.objects.create(
        user=user, organisation=invitation.organisation, is_organisation_admin=invitation.is_organisation_admin
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    return user


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, user: User) -> Invitation:
    if not may_invite(user, invitation.organisation):
        raise PermissionDenied(CANNOT_INVITE)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def _membership_organisation(user: User) -> PartnerOrganisation | None:
    membership = getattr(user, "partner_membership", None)
    return membership.organisation if membership else None


@transaction.atomic
def member_set_active(*, member: User, by: User, active: bool) -> User:
    """A partner admin (or staff) deactivates or reactivates a colleague of the organisation."""
    organisation = _membership_organisation(member)
    if organisation is None or not may_invite(by, organisation):
        raise PermissionDenied(CANNOT_INVITE)
    if member.pk == by.pk:
        raise PermissionDenied(CANNOT_DEACTIVATE_SELF)
    if member.is_active != active:
        member.is_active = active
        member.save(update_fields=["is_active"])
        if not active:
            # Signed-out everywhere: API tokens stop at once (user_for_token needs an active user).
            member.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    return member
