"""Revoking API tokens: all of a user's at once, or one of their own."""

import logging

from django.db import transaction
from django.utils import timezone

from upw.core.tokens import revoke_token
from upw.models import ApiToken, User

log = logging.getLogger("upw.accounts")


def revoke_all_tokens(*, user: User, reason: str) -> int:
    """Stops every live token of `user` working at once; returns how many were revoked."""
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
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
