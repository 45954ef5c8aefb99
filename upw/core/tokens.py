"""API tokens: issuing, revoking and resolving bearer tokens.

A token is `upw_` followed by 43 URL-safe random characters (256 bits). Only its SHA-256 hash is
stored: the token has enough entropy that a fast hash is safe, and unlike a password hash it can be
looked up directly. The first characters after `upw_` are kept as a prefix so a token can be named in
a list or a log without being usable.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from upw.models import ApiToken, User

TOKEN_MARKER = "upw_"
PREFIX_LENGTH = 8
# Recording every use would turn each API read into a write; once a minute is enough to see
# which tokens are still in use.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_lifetime() -> dt.timedelta | None:
    """How long a token issued at sign-in lasts: settings.API_TOKEN_LIFETIME_DAYS (0 = no expiry)."""
    days = getattr(settings, "API_TOKEN_LIFETIME_DAYS", 30)
    return dt.timedelta(days=days) if days else None


@transaction.atomic
def issue_token(*, user: User, name: str, expires_at: dt.datetime | None = None) -> tuple[str, ApiToken]:
    """A new token for `user`. The raw token is returned here and never again."""
    secret = secrets.token_urlsafe(32)
    raw = f"{TOKEN_MARKER}{secret}"
    token = ApiToken.objects.create(
        user=user,
        name=name,
        token_hash=hash_token(raw),
        prefix=f"{TOKEN_MARKER}{secret[:PREFIX_LENGTH]}",
        expires_at=expires_at,
    )
    return raw, token


def revoke_token(*, token: ApiToken) -> ApiToken:
    """Stops a token working at once. Revoking twice keeps the first revocation time."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=token.revoked_at)
    return token


def user_for_token(raw: str) -> User | None:
    """The active user a live token belongs to, or None for an unknown, revoked or expired token."""
    if not raw or not raw.startswith(TOKEN_MARKER):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
