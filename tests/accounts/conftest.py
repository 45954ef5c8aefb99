import pytest
from django_otp.oath import totp

from upw.accounts.throttle import clear_wrong_codes
from upw.models import User


@pytest.fixture(autouse=True)
def _no_wrong_codes_left_behind(db):
    # Wrong-code counts live in the cache, keyed by user id, and ids repeat between tests. Only these
    # keys go: the cache may be a Redis shared with others.
    yield
    for user in User.objects.all():
        clear_wrong_codes(user)


@pytest.fixture
def second_factor_on(settings):
    settings.UPW_MFA_ENFORCED = True
    settings.UPW_MFA_REQUIRED_ROLES = ["coordinator", "admin"]
    return settings


def app_code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
