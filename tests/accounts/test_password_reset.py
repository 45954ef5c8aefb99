"""Resetting a forgotten password by an emailed link: the same answer for every address, a link that
works once and for a limited time, the password rules, and everything the old password opened shut."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.utils import timezone

from upw.accounts import throttle
from upw.core.tokens import issue_token
from upw.models import ApiToken

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")

ADDRESSES_USED = ["cora@example.org", "nobody@example.org", "CORA@example.org"]
NEW_PASSWORD = "a-long-new-passphrase"


@pytest.fixture(autouse=True)
def _no_reset_counts_left_behind():
    # The counts live in the cache, which outlives a test; only these keys go (it may be shared).
    yield
    for email in ADDRESSES_USED:
        throttle.clear_reset_requests(email=email.lower(), client="127.0.0.1")


def ask_for_link(client, email, capture):
    with capture(execute=True):
        return client.post("/login/forgotten-password/", {"email": email}, follow=True)


def without_nonce(response) -> bytes:
    return re.sub(rb'nonce="[^"]*"', b"", response.content)


def link_in(mail) -> str:
    (link,) = re.findall(r"https?://\S+", mail.body)
    return link.removeprefix("http://127.0.0.1:8000")


def test_the_sign_in_page_links_to_the_reset(client, db):
    assert b'href="/login/forgotten-password/"' in client.get("/login/").content


def test_the_answer_is_the_same_for_an_address_with_an_account_and_one_without(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    known = ask_for_link(client, "cora@example.org", django_capture_on_commit_callbacks)
    unknown = ask_for_link(client, "nobody@example.org", django_capture_on_commit_callbacks)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain == [("/login/forgotten-password/sent/", 302)]
    assert b"If an account uses" in known.content
    assert without_nonce(known).replace(b"cora@", b"X@") == without_nonce(unknown).replace(b"nobody@", b"X@")
    assert [mail.to for mail in mailoutbox] == [["cora@example.org"]]


def test_the_email_holds_a_link_that_sets_a_new_password(client, world, mailoutbox, django_capture_on_commit_callbacks):
    ask_for_link(client, "CORA@example.org", django_capture_on_commit_callbacks)
    (mail,) = mailoutbox
    assert mail.subject == "Reset your Community Payback password"
    assert "within 60 minutes" in mail.body
    page = client.get(link_in(mail), follow=True)
    assert b"Choose a new password" in page.content
    # The token leaves the address bar before the form is shown, so no Referer carries it.
    assert page.redirect_chain[-1][0].endswith("/set-password/")
    done = client.post(
        page.redirect_chain[-1][0], {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}, follow=True
    )
    assert b"Your password has been changed" in done.content
    world.cora.refresh_from_db()
    assert world.cora.check_password(NEW_PASSWORD)
    assert LogEntry.objects.filter(object_id=str(world.cora.pk), change_message__contains="reset link").exists()
    # Not signed in by the link: the user signs in, so the second factor applies as always.
    assert client.get("/account/").status_code == 302
    assert client.post("/login/", {"username": "cora", "password": NEW_PASSWORD}).status_code == 302
    assert client.get("/account/").status_code == 200


def test_the_link_works_once(client, world, mailoutbox, django_capture_on_commit_callbacks):
    ask_for_link(client, "cora@example.org", django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])
    form = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    again = client.get(link, follow=True)
    assert b"This link does not work" in again.content
    assert b"has expired or has been used already" in again.content


def test_the_link_stops_working_after_an_hour(client, world, mailoutbox, django_capture_on_commit_callbacks):
    ask_for_link(client, "cora@example.org", django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=61), tick=False):
        late = client.get(link, follow=True)
    assert b"This link does not work" in late.content
    world.cora.refresh_from_db()
    assert world.cora.check_password("password")


def test_a_new_password_must_pass_the_rules_with_plain_messages(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    ask_for_link(client, "cora@example.org", django_capture_on_commit_callbacks)
    form = client.get(link_in(mailoutbox[0]), follow=True).redirect_chain[-1][0]
    short = client.post(form, {"password": "12345", "password_again": "12345"})
    assert b"govuk-error-summary" in short.content
    assert b"Your password must be at least 8 characters long" in short.content
    assert b"Your password must include letters or symbols, not only numbers" in short.content
    common = client.post(form, {"password": "password123", "password_again": "password123"})
    assert b"this one is used by many people" in common.content
    differ = client.post(form, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD + "x"})
    assert b"The passwords do not match" in differ.content
    world.cora.refresh_from_db()
    assert world.cora.check_password("password")


def test_a_new_password_revokes_api_tokens_and_signs_out_other_sessions(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    elsewhere = Client()
    elsewhere.force_login(world.cora)
    assert elsewhere.get("/account/").status_code == 200
    issue_token(user=world.cora, name="laptop")
    ask_for_link(client, "cora@example.org", django_capture_on_commit_callbacks)
    form = client.get(link_in(mailoutbox[0]), follow=True).redirect_chain[-1][0]
    client.post(form, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert not ApiToken.objects.filter(user=world.cora, revoked_at__isnull=True).exists()
    assert elsewhere.get("/account/").status_code == 302


def test_requests_are_limited_per_email_address_whether_or_not_it_has_an_account(
    client, world, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.UPW_PASSWORD_RESETS_PER_EMAIL_PER_HOUR = 2
    for email in ("cora@example.org", "nobody@example.org"):
        for _ in range(2):
            assert ask_for_link(client, email, django_capture_on_commit_callbacks).status_code == 200
        refused = ask_for_link(client, email, django_capture_on_commit_callbacks)
        assert refused.status_code == 429
        assert b"You have asked for too many password reset links. Wait an hour" in refused.content
    assert len(mailoutbox) == 2


def test_requests_are_limited_per_client_address(client, world, settings, django_capture_on_commit_callbacks):
    settings.UPW_PASSWORD_RESETS_PER_ADDRESS_PER_HOUR = 2
    assert ask_for_link(client, "cora@example.org", django_capture_on_commit_callbacks).status_code == 200
    assert ask_for_link(client, "nobody@example.org", django_capture_on_commit_callbacks).status_code == 200
    assert ask_for_link(client, "CORA@example.org", django_capture_on_commit_callbacks).status_code == 429


def test_an_email_address_in_the_wrong_format_is_a_field_error(client, db):
    r = client.post("/login/forgotten-password/", {"email": "not an address"})
    assert b"Enter an email address in the correct format" in r.content


def test_a_deactivated_account_gets_no_link(client, world, mailoutbox, django_capture_on_commit_callbacks):
    world.cora.is_active = False
    world.cora.save()
    ask_for_link(client, "cora@example.org", django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_after_a_reset_the_second_factor_is_still_asked_for(
    client, world, second_factor_on, mailoutbox, django_capture_on_commit_callbacks
):
    ask_for_link(client, "cora@example.org", django_capture_on_commit_callbacks)
    form = client.get(link_in(mailoutbox[0]), follow=True).redirect_chain[-1][0]
    client.post(form, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    client.post("/login/", {"username": "cora", "password": NEW_PASSWORD})
    assert client.get("/dashboard/").url.startswith("/login/code/")
