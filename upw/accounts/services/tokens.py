"""Revoking API tokens: all of a user's at once, or one of their own."""

import logging

from django.db import transaction
from django.utils import timezone

from upw.core.tokens import forget_tokens, revoke_token
from upw.models import ApiToken, User

log = logging.getLogger("upw.accounts")


def revoke_all_tokens(*, user: User, reason: str) -> int:
    """Stops every live token of `user` working at once; returns how many were revoked."""
    live = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    hashes = list(live.values_list("token_hash", flat=True))
    revoked = live.update(revoked_at=timezone.now())
    forget_tokens(hashes)
    if revoked:
        log.info("Revoked %d API token(s) of %s: %s", revoked, user.username, reason)
    return revoked


@transaction.atomic
def revoke_own_token(*, user: User, token: ApiToken) -> ApiToken:
    if token.user_id != user.pk:
        raise ApiToken.DoesNotExist
    revoke_token(token=token)
    log.info("%s revoked their API token %s", user.username, token.prefix)
    return token
