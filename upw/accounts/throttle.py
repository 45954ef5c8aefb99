"""Limits on guessing: passwords (per account and address, and per address alone), second-factor
codes, and requests for password reset links."""

import datetime as dt
import logging

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_parameters, get_client_username, get_failure_limit
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum

from upw.core import throttle
from upw.models import User

log = logging.getLogger("upw.accounts")


class AddressLimitedAxesHandler(AxesDatabaseHandler):
    """Axes, with a second, higher limit for all failures from one address.

    Axes counts every lockout parameter against one limit. Here the username-and-address count is
    held to AXES_FAILURE_LIMIT and the address alone to AXES_ADDRESS_FAILURE_LIMIT, so a mistyped
    password locks one person out at one place, and spraying a few passwords over many accounts from
    one address locks that address out, while an office whose staff share an address is not locked
    out by a handful of mistakes.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self._groups(request, credentials)
        ]
        if not failures:
            return 0
        per_account, *per_address = failures
        if any(count >= settings.AXES_ADDRESS_FAILURE_LIMIT for count in per_address):
            # Report the address's lockout in the terms axes compares against its single limit.
            return max(per_account, get_failure_limit(request, credentials))
        return per_account

    def _groups(self, request, credentials):
        from axes.models import AccessAttempt

        username = get_client_username(request, credentials)
        parameters = get_client_parameters(
            username, request.axes_ip_address, request.axes_user_agent, request, credentials
        )
        return [AccessAttempt.objects.filter(**filter_kwargs) for filter_kwargs in parameters]


def _code_failures_key(user: User) -> str:
    return f"upw-second-factor-failures:{user.pk}"


def code_entry_locked(user: User) -> bool:
    return cache.get(_code_failures_key(user), 0) >= settings.UPW_MFA_MAX_ATTEMPTS


def record_wrong_code(user: User) -> int:
    """Counts a wrong code; the count lapses UPW_MFA_LOCKOUT_MINUTES after the latest one."""
    key = _code_failures_key(user)
    timeout = int(dt.timedelta(minutes=settings.UPW_MFA_LOCKOUT_MINUTES).total_seconds())
    # Counted in the cache itself (an atomic increment in Redis), so wrong codes sent at once to
    # several web workers each count; reading and writing back would lose all but one.
    cache.add(key, 0, timeout)
    try:
        count = cache.incr(key)
    except ValueError:  # lapsed between add and incr
        cache.set(key, 1, timeout)
        count = 1
    cache.touch(key, timeout)
    if count >= settings.UPW_MFA_MAX_ATTEMPTS:
        log.warning("Second-factor code entry locked for %s after %d wrong codes", user.username, count)
    return count


def clear_wrong_codes(user: User) -> None:
    cache.delete(_code_failures_key(user))


# Password reset links: counted per email address and per client address, in fixed hourly windows.
RESET_BY_EMAIL = "password-reset-email"
RESET_BY_CLIENT = "password-reset-client"


def reset_request_allowed(*, email: str, client: str | None) -> bool:
    """Counts a request for a reset link and says whether it is within both limits.

    The email address is counted whether or not an account uses it, so the limit says nothing
    about which addresses have accounts (the throttle keeps it only as a hash).
    """
    per_email = throttle.attempts(scope=RESET_BY_EMAIL, key=email)
    per_client = throttle.attempts(scope=RESET_BY_CLIENT, key=client) if client else 0
    allowed = (
        per_email <= settings.UPW_PASSWORD_RESETS_PER_EMAIL_PER_HOUR
        and per_client <= settings.UPW_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR
    )
    if not allowed:
        log.warning("Password reset requests limited (from %s, %d for one email address)", client, per_email)
    return allowed


def clear_reset_requests(*, email: str, client: str | None) -> None:
    throttle.forget(scope=RESET_BY_EMAIL, key=email)
    if client:
        throttle.forget(scope=RESET_BY_CLIENT, key=client)
