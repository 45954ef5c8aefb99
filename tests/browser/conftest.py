"""Browser tests drive Debian's Chromium through Playwright (its own browser download cannot work
here). They are skipped when Chromium is missing, except in CI where that is a failure."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the test still talks to the database
# synchronously, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("UPW_REQUIRE_SERVICES"):
        raise pytest.UsageError(f"Chromium is required for the browser tests but is not at {CHROMIUM}")
    skip = pytest.mark.skip(reason="Chromium is not installed")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture
def signed_in(live_server, page):
    """Signs a user in through the real sign-in page and returns the page."""

    def sign_in(username: str, password: str = "password"):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        return page

    return sign_in
