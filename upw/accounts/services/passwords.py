"""Choosing a password: the rules in plain words, and resetting a forgotten one by an emailed link."""

import logging

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from upw.accounts import selectors, throttle
from upw.core.email import public_link, send_email
from upw.models import User

log = logging.getLogger("upw.accounts")

# Django's validators' messages, said the GOV.UK way.
PASSWORD_RULES = {
    "password_too_short": "Your password must be at least {min_length} characters long",
    "password_too_common": "Choose a password that is harder to guess: this one is used by many people",
    "password_entirely_numeric": "Your password must include letters or symbols, not only numbers",
    "password_too_similar": "Your password must not be like your name, username or email address",
}
PASSWORD_PROBLEM = "Choose a different password"


class TooManyResetRequests(Exception):
    """The email address or the client has asked for too many links within the hour."""


def password_problems(password: str, user: User) -> list[str]:
    """What is wrong with `password` for `user`, in plain words; empty when it passes every validator."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        return [
            PASSWORD_RULES.get(problem.code, PASSWORD_PROBLEM).format(**(problem.params or {}))
            for problem in error.error_list
        ]
    return []


def reset_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return public_link("password-reset-confirm", uid, default_token_generator.make_token(user))


def request_password_reset(*, email: str, client: str | None) -> None:
    """Emails a reset link to every active account that uses `email`, and nothing to anyone else.

    The caller answers the same whatever happens here, so that no one learns which addresses have
    accounts. Raises TooManyResetRequests past the hourly limits (counted for every address).
    """
    email = email.strip().lower()
    if not throttle.reset_request_allowed(email=email, client=client):
        raise TooManyResetRequests
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    service = settings.SERVICE_NAME
    for user in selectors.users_who_may_reset(email):
        send_email(
            to=[user.email],
            subject=f"Reset your {service} password",
            body=f"Someone asked to reset the password of your {service} account ({user.username}).\n\n"
            f"To choose a new password, open this link within {minutes} minutes:\n{reset_link(user)}\n\n"
            "The link works once. If you did not ask for this, you can ignore this email: "
            "your password has not changed.",
        )
        # The link itself is never logged: it is as good as the password until it is used.
        log.info("Password reset link sent to the email address of %s", user.username)


@transaction.atomic
def set_password_from_reset(*, user: User, password: str) -> User:
    """Sets the new password. Saving it revokes the user's API tokens (upw.accounts.signals) and ends
    their other sessions (each session holds a hash of the password it signed in with)."""
    user.set_password(password)
    user.save()
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[user],
        action_flag=CHANGE,
        change_message="Set a new password from a password reset link.",
        single_object=True,
    )
    log.info("%s set a new password from a reset link", user.username)
    return user
