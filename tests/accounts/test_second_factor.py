"""A second factor at sign-in: an authenticator app (TOTP), with recovery codes, for the roles that need it."""

import datetime as dt

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import app_code
from upw.accounts import services
from upw.core.tokens import issue_token

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")


def sign_in_with_password(client, username):
    return client.post("/login/", {"username": username, "password": "password"})


def set_up_app(user) -> tuple[TOTPDevice, list[str]]:
    device = services.start_app_setup(user=user)
    codes = services.confirm_app_setup(user=user, device=device, code=app_code(device))
    return device, codes


def next_window():
    """The app's next code: a code that was used once is not accepted again."""
    return time_machine.travel(timezone.now() + dt.timedelta(seconds=31), tick=True)


def test_a_coordinator_without_an_app_is_taken_to_set_one_up(client, world, second_factor_on):
    sign_in_with_password(client, "cora")
    r = client.get("/dashboard/", follow=True)
    assert r.redirect_chain[-1][0].startswith("/login/set-up-app/")
    assert b"Set up an authenticator app" in r.content
    assert b"<svg" in r.content
    assert b'id="secret-key"' in r.content


def test_setting_up_the_app_shows_ten_recovery_codes_once_and_signs_in(client, world, second_factor_on):
    sign_in_with_password(client, "cora")
    client.get("/login/set-up-app/?next=/dashboard/")
    device = TOTPDevice.objects.get(user=world.cora, confirmed=False)
    r = client.post("/login/set-up-app/", {"code": app_code(device), "next": "/dashboard/"}, follow=True)
    assert r.redirect_chain[-1][0].startswith("/login/recovery-codes/")
    codes = r.content.split(b'id="recovery-codes"')[1].split(b"</ul>")[0].count(b"<code>")
    assert codes == 10
    assert StaticToken.objects.filter(device__user=world.cora).count() == 10
    assert client.get("/dashboard/").status_code == 200
    again = client.get("/login/recovery-codes/", follow=True)
    assert again.redirect_chain[-1][0] == "/account/"
    assert b"shown only once" in again.content


def test_a_wrong_set_up_code_is_refused_with_a_field_error(client, world, second_factor_on):
    sign_in_with_password(client, "cora")
    client.get("/login/set-up-app/")
    r = client.post("/login/set-up-app/", {"code": "000000"})
    assert b"govuk-error-summary" in r.content
    assert b"The code is not right" in r.content
    assert not TOTPDevice.objects.filter(user=world.cora, confirmed=True).exists()
    assert client.get("/dashboard/").status_code == 302


def test_a_coordinator_with_an_app_enters_its_code_after_the_password(client, world, second_factor_on):
    device, _ = set_up_app(world.cora)
    sign_in_with_password(client, "cora")
    r = client.get("/dashboard/")
    assert r.url == "/login/code/?next=%2Fdashboard%2F"
    with next_window():
        r = client.post("/login/code/", {"code": app_code(device), "next": "/dashboard/"})
        assert r.url == "/dashboard/"
        assert client.get("/dashboard/").status_code == 200


def test_a_wrong_code_is_refused_and_the_user_stays_half_signed_in(client, world, second_factor_on):
    set_up_app(world.cora)
    sign_in_with_password(client, "cora")
    r = client.post("/login/code/", {"code": "123456"})
    assert b"The code is not right" in r.content
    assert b'href="#id_code"' in r.content
    assert client.get("/dashboard/").status_code == 302


def test_an_empty_or_malformed_code_gets_its_own_message(client, world, second_factor_on):
    set_up_app(world.cora)
    sign_in_with_password(client, "cora")
    assert b"Enter the 6-digit code from your authenticator app, or one of" in client.post("/login/code/", {}).content
    assert b"an 8-character recovery code" in client.post("/login/code/", {"code": "12"}).content


def test_a_recovery_code_signs_in_once(client, world, second_factor_on):
    _, codes = set_up_app(world.cora)
    sign_in_with_password(client, "cora")
    r = client.post("/login/code/", {"code": codes[0].upper(), "next": "/dashboard/"}, follow=True)
    assert r.redirect_chain[-1][0] == "/dashboard/"
    assert b"You signed in with a recovery code. You have 9 left." in r.content
    client.post("/logout/")
    sign_in_with_password(client, "cora")
    r = client.post("/login/code/", {"code": codes[0]})
    assert b"The code is not right, or has been used already" in r.content


def test_code_entry_stops_after_five_wrong_codes(client, world, second_factor_on):
    device, _ = set_up_app(world.cora)
    sign_in_with_password(client, "cora")
    for _ in range(5):
        client.post("/login/code/", {"code": "000000"})
    with next_window():
        r = client.post("/login/code/", {"code": app_code(device)})
    assert b"You have entered a wrong code too many times. Wait 15 minutes, then try again" in r.content
    assert client.get("/dashboard/").status_code == 302


def test_the_api_treats_a_half_signed_in_session_as_signed_out(client, world, second_factor_on):
    set_up_app(world.cora)
    raw, _ = issue_token(user=world.cora, name="script")
    sign_in_with_password(client, "cora")
    assert client.get("/api/v1/auth/me").status_code == 401
    # A token was issued against a second factor, so it still works.
    assert client.get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_a_token_for_a_coordinator_needs_the_code_from_the_app(client, world, second_factor_on):
    device, _ = set_up_app(world.cora)
    url = "/api/v1/auth/token"
    r = client.post(url, {"username": "cora", "password": "password"}, content_type="application/json")
    assert r.status_code == 401
    assert "code" in r.json()["detail"]
    with next_window():
        r = client.post(
            url, {"username": "cora", "password": "password", "code": app_code(device)}, content_type="application/json"
        )
    assert r.status_code == 201


def test_a_token_is_not_issued_before_the_app_is_set_up(client, world, second_factor_on):
    r = client.post("/api/v1/auth/token", {"username": "cora", "password": "password"}, content_type="application/json")
    assert r.status_code == 401
    assert r.json()["detail"].startswith("Sign in on the web first to set up an authenticator app")


def test_a_supervisor_signs_in_with_a_password_unless_they_chose_an_app(client, world, second_factor_on):
    sign_in_with_password(client, "sam")
    assert client.get("/my/sessions/").status_code == 200
    client.post("/logout/")
    set_up_app(world.sam)
    sign_in_with_password(client, "sam")
    assert client.get("/my/sessions/").url.startswith("/login/code/")


def test_the_roles_that_need_an_app_are_a_setting(client, world, second_factor_on):
    second_factor_on.UPW_MFA_REQUIRED_ROLES = ["admin"]
    sign_in_with_password(client, "cora")
    assert client.get("/dashboard/").status_code == 200


def test_with_the_second_factor_off_a_password_is_enough(client, world, settings):
    settings.UPW_MFA_ENFORCED = False
    set_up_app(world.cora)
    sign_in_with_password(client, "cora")
    assert client.get("/dashboard/").status_code == 200


def test_an_administrator_resets_a_second_factor_and_it_is_recorded(client, world, second_factor_on):
    admin_device, _ = set_up_app(world.admin)
    set_up_app(world.cora)
    sign_in_with_password(client, "ada")
    with next_window():
        client.post("/login/code/", {"code": app_code(admin_device)})
    r = client.post("/account/second-factor/reset/", {"username": "cora"})
    assert r.url == f"/account/second-factor/reset/{world.cora.pk}/"
    assert b"Reset the second factor of Cora Test?" in client.get(r.url).content
    client.post(r.url)
    assert not TOTPDevice.objects.filter(user=world.cora).exists()
    assert not StaticToken.objects.filter(device__user=world.cora).exists()
    entry = LogEntry.objects.get(object_id=str(world.cora.pk))
    assert entry.user == world.admin
    assert "second factor" in entry.change_message


def test_resetting_an_unknown_username_is_a_field_error(client, world, second_factor_on):
    second_factor_on.UPW_MFA_ENFORCED = False
    client.force_login(world.admin)
    r = client.post("/account/second-factor/reset/", {"username": "nobody"})
    assert b"There is no account with that username" in r.content


def test_only_an_administrator_may_reset_a_second_factor(client, world, second_factor_on):
    second_factor_on.UPW_MFA_ENFORCED = False
    set_up_app(world.nia)
    client.force_login(world.cora)
    assert client.get("/account/second-factor/reset/").status_code == 403
    assert client.post(f"/account/second-factor/reset/{world.nia.pk}/").status_code == 403
    assert TOTPDevice.objects.filter(user=world.nia).exists()


def test_a_half_signed_in_user_cannot_replace_the_app(client, world, second_factor_on):
    set_up_app(world.cora)
    sign_in_with_password(client, "cora")
    assert client.get("/login/set-up-app/").url.startswith("/login/code/")
