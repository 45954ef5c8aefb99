"""API tokens: issuing, revoking and resolving bearer tokens.

A token is `upw_` followed by 43 URL-safe random characters (256 bits). Only its SHA-256 hash is
stored: the token has enough entropy that a fast hash is safe, and unlike a password hash it can be
looked up directly. The first characters after `upw_` are kept as a prefix so a token can be named in
a list or a log without being usable.

A phone syncing a register sends a request for every action, so the token's user is kept in the
shared cache for API_TOKEN_CACHE_SECONDS (60 by default; 0 turns it off) instead of being read on
every request. Revoking a token, and any save of its user (deactivation, a new role or password),
replaces the cached entries with a tombstone for as long as an entry lives, and entries are only ever
added where nothing is cached: a request that read the token just before it was revoked cannot put it
back. The time limit bounds what a change made some other way (an `update()` on the users' table)
can miss. Expiry is checked on every request all the same.
"""

import datetime as dt
import hashlib
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from upw.core.combined_writes import Writes
from upw.core.prepared import Marker, Prepared
from upw.models import ApiToken, User

log = logging.getLogger("upw.tokens")

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
    forget_tokens([token.token_hash])
    return token


def _cache_key(token_hash: str) -> str:
    return f"api-token:{token_hash}"


def cache_seconds() -> int:
    return getattr(settings, "API_TOKEN_CACHE_SECONDS", 60)


# Left in place of a forgotten token's entry; it keeps a request that read the token before the change
# from caching it again, since entries are only added where the key is empty.
FORGOTTEN = "forgotten"


def forget_tokens(token_hashes) -> None:
    """Replaces the cached users of these tokens with a tombstone, so every request reads the token
    from the database until the tombstone lapses."""
    keys = [_cache_key(token_hash) for token_hash in token_hashes]
    if not keys:
        return
    try:
        cache.set_many(dict.fromkeys(keys, FORGOTTEN), max(cache_seconds(), 1))
    except Exception:  # the database says revoked already; an entry left behind lapses on its own
        log.error("API token cache unavailable: %d cached token(s) lapse within %d s", len(keys), cache_seconds())


def forget_tokens_of(user_id: int) -> None:
    forget_tokens(ApiToken.objects.filter(user_id=user_id).values_list("token_hash", flat=True))


# Read on a phone's first request and whenever its cached entry lapses: compiled once per process
# (building the query cost more CPU than the database took to answer it).
_LIVE_TOKEN = Prepared(
    lambda token_hash: ApiToken.objects.select_related("user").filter(
        token_hash=token_hash, revoked_at__isnull=True, user__is_active=True
    )[:1],
    token_hash=Marker(str),
)


def _lookup(token_hash: str) -> dict | None:
    tokens = _LIVE_TOKEN.run(token_hash=token_hash)
    if not tokens:
        return None
    token = tokens[0]
    user = token.user
    # The password's hash stays out of the cache: left deferred, it is read from the database only
    # by the rare request that looks at it.
    del user.__dict__["password"]
    return {"id": token.pk, "expires_at": token.expires_at, "last_used_at": token.last_used_at, "user": user}


def user_for_token(raw: str) -> User | None:
    """The active user a live token belongs to, or None for an unknown, revoked or expired token."""
    if not raw or not raw.startswith(TOKEN_MARKER):
        return None
    now = timezone.now()
    token_hash = hash_token(raw)
    seconds = cache_seconds()
    entry = _cached(token_hash) if seconds else None
    if entry is None:
        entry = _lookup(token_hash)
        if entry is None:
            return None  # unknown tokens are not cached: nothing to forget when one is issued
        stale = True
    else:
        stale = False
    if entry["expires_at"] is not None and entry["expires_at"] <= now:
        return None
    if entry["last_used_at"] is None or now - entry["last_used_at"] >= LAST_USED_RESOLUTION:
        # One UPDATE of the one column, as `filter(pk=...).update()` sends, without building a query.
        writes = Writes()
        writes.update(ApiToken(pk=entry["id"], last_used_at=now), ["last_used_at"])
        writes.flush()
        entry["last_used_at"] = now
        stale = True
    if stale and seconds:
        # Lapses by the time last use is due to be recorded again, since a cached entry is never
        # replaced; and added, never set, so a tombstone left by a revocation since this request
        # read the token wins.
        fresh_for = LAST_USED_RESOLUTION - (now - entry["last_used_at"])
        try:
            cache.add(_cache_key(token_hash), entry, max(1, min(seconds, int(fresh_for.total_seconds()))))
        except Exception:  # the cache only saves a read; the answer stands without it
            log.warning("API token cache unavailable: read from the database")
    return entry["user"]


def _cached(token_hash: str) -> dict | None:
    try:
        entry = cache.get(_cache_key(token_hash))
        return entry if isinstance(entry, dict) else None
    except Exception:  # a cache that does not answer means reading the database
        log.warning("API token cache unavailable: read from the database")
        return None
