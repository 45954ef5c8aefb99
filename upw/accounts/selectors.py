"""Reads for the account pages: a user's own API tokens, accounts, and pending staff invitations."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from upw.core.access import effective_role, region_ids
from upw.models import ApiToken, Role, StaffInvitation, User


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """Every token the user has been issued, newest first, revoked and expired ones included."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def own_token(user: User, token_id: int) -> ApiToken:
    """One of the user's own tokens; ApiToken.DoesNotExist for anyone else's, so it reads as not found."""
    return tokens_of(user).get(pk=token_id)


def active_user_named(username: str) -> User | None:
    return User.objects.filter(username__iexact=username.strip(), is_active=True).first()


def active_user(user_id: int) -> User:
    return User.objects.get(pk=user_id, is_active=True)


def users_who_may_reset(email: str) -> QuerySet[User]:
    """The active accounts that use `email` and sign in with a password."""
    return User.objects.filter(email__iexact=email.strip(), is_active=True).exclude(password__startswith="!")


def pending_staff_invitations(user: User) -> QuerySet[StaffInvitation]:
    """Invitations not yet accepted, withdrawn or expired that `user` may see: every one for an
    administrator, a coordinator's own and those to supervise in their regions."""
    pending = StaffInvitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).prefetch_related("regions")
    if effective_role(user) == Role.ADMIN:
        return pending
    if effective_role(user) == Role.COORDINATOR:
        return pending.filter(Q(invited_by=user) | Q(role=Role.SUPERVISOR, regions__in=region_ids(user))).distinct()
    return pending.none()
