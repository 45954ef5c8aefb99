"""Reads for the account pages: a user's own API tokens and second-factor devices."""

from django.db.models import QuerySet

from upw.models import ApiToken, User


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
