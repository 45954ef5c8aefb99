"""The second factor: set up an authenticator app, check its codes, and an administrator's reset."""

import logging

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from upw.models import User

log = logging.getLogger("upw.accounts")


# An authenticator app (TOTP) and ten single-use recovery codes.
RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def normalise_code(code: str) -> str:
    """Codes are accepted with spaces or dashes and in either case, as people copy them."""
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def start_app_setup(*, user: User) -> TOTPDevice:
    """A new, unconfirmed authenticator-app key for `user`, replacing any earlier unfinished one."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def pending_app_device(*, user: User, device_id: int | None) -> TOTPDevice | None:
    if device_id is None:
        return None
    return TOTPDevice.objects.filter(user=user, pk=device_id, confirmed=False).first()


@transaction.atomic
def confirm_app_setup(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirms the app with a code from it and returns new recovery codes; None if the code is wrong.

    Any earlier app and recovery codes are replaced: a user has one app and one set of codes.
    """
    if device.user_id != user.pk or not device.verify_token(normalise_code(code)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    log.info("%s set up a second factor", user.username)
    return codes


def check_code(*, user: User, code: str) -> Device | None:
    """The device that accepts `code` (the app's code, or an unused recovery code, used up by this)."""
    code = normalise_code(code)
    if not code:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(code):
                return device
    return None


def recovery_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def has_second_factor(*, user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def reset_second_factor(*, user: User, by: User) -> bool:
    """Removes the user's app and recovery codes, so that they set up a new app at their next sign-in.

    Recorded in the admin's history of the user (who, when) and in the log. Returns whether the user
    had a second factor set up.
    """
    had_one = has_second_factor(user=user)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[user],
        action_flag=CHANGE,
        change_message="Reset the second factor (authenticator app and recovery codes).",
        single_object=True,
    )
    log.warning("%s reset the second factor of %s", by.username, user.username)
    return had_one


def is_recovery_device(device: Device) -> bool:
    return isinstance(device, StaticDevice)
