"""The forgotten-password journey in a browser: ask for a link, open it from the email, choose a new
password, sign in with it."""

import re

import pytest
from playwright.sync_api import expect

from upw.accounts import throttle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _no_reset_counts_left_behind():
    yield
    throttle.clear_reset_requests(email="cora@example.org", client="127.0.0.1")


def test_a_coordinator_resets_a_forgotten_password_and_signs_in_with_it(world, live_server, page, mailoutbox):
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    page.get_by_label("Email address").fill("cora@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    (mail,) = mailoutbox
    (link,) = re.findall(r"https?://\S+", mail.body)
    page.goto(live_server.url + re.sub(r"^https?://[^/]+", "", link))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_label("New password", exact=True).fill("a-long-new-passphrase")
    page.get_by_label("Confirm your new password").fill("a-long-new-passphrase")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")

    page.get_by_role("link", name="Sign in").last.click()
    page.get_by_label("Username").fill("cora")
    page.get_by_label("Password").fill("a-long-new-passphrase")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dashboard")
