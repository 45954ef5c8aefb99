"""A supervisor opens the register with no signal at all, from a cold start: the service worker has
kept today's and tomorrow's registers since "My sessions" was last opened with signal."""

import datetime as dt
import time

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests import factories as f
from upw.models import AttendanceRecord

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def registers(world):
    today = f.SessionFactory(project=world.project_a, date=timezone.localdate())
    tomorrow = f.SessionFactory(project=world.project_a, date=timezone.localdate() + dt.timedelta(days=1))
    for session in (today, tomorrow):
        f.SessionSupervisorFactory(session=session, supervisor=world.sam.supervisor)
        f.AllocationFactory(requirement=world.alex_requirement, session=session)
    # 18:00 that day: the register refuses times still to come, such as a 09:05 arrival at 07:00.
    evening = dt.datetime.combine(today.date, dt.time(18, 0), tzinfo=timezone.get_default_timezone())
    with time_machine.travel(evening, tick=True):
        yield today, tomorrow


def _wait_until(page, script: str, timeout_s: float = 15) -> None:
    # page.wait_for_function takes a promise for a true value, so the check is polled here:
    # page.evaluate waits for the promise the script returns.
    deadline = time.monotonic() + timeout_s
    while not _evaluate(page, script):
        assert time.monotonic() < deadline, f"still not true after {timeout_s} s: {script}"
        page.wait_for_timeout(100)


def _evaluate(page, script: str):
    try:
        return page.evaluate(script)
    except PlaywrightError as error:
        # The sign-in's own redirect can land after the test's next page has loaded: ask again.
        if "Execution context was destroyed" not in str(error):
            raise
        page.wait_for_load_state()
        return False


def _wait_until_saved(page, count: int) -> None:
    _wait_until(page, f"async () => (await (await caches.open('upw-registers')).keys()).length >= {count}")


def test_the_registers_open_with_no_signal_from_a_cold_start(world, registers, live_server, signed_in, context):
    today, tomorrow = registers
    page = signed_in("sam")
    page.goto(f"{live_server.url}/my/sessions/")
    # My sessions for today and tomorrow, and both registers.
    _wait_until_saved(page, 4)
    page.close()

    context.set_offline(True)
    cold = context.new_page()
    cold.goto(f"{live_server.url}/my/sessions/{tomorrow.pk}/")
    expect(cold.get_by_role("heading", level=1)).to_have_text(world.project_a.name)
    expect(cold.get_by_role("heading", name="Alex Jones")).to_be_visible()
    expect(cold.locator("[data-last-sync]")).to_contain_text("Last synced at")

    cold.goto(f"{live_server.url}/my/sessions/{today.pk}/")
    person = cold.locator("section.upw-person", has=cold.get_by_role("heading", name="Alex Jones"))
    person.get_by_label("Arrival time").fill("09:05")
    person.get_by_role("button", name="Check in Alex Jones").click()
    expect(cold.locator("[data-sync-status]")).to_contain_text("1 waiting to sync")
    assert AttendanceRecord.objects.count() == 0

    # A page the phone never saved says so, rather than the browser's own error.
    cold.goto(f"{live_server.url}/my/sessions/?date=2020-01-01")
    expect(cold.get_by_role("heading", level=1)).to_have_text("No signal")

    context.set_offline(False)
    cold.goto(f"{live_server.url}/my/sessions/{today.pk}/")
    expect(cold.locator("[data-sync-status]")).to_have_text("All changes saved.", timeout=15000)
    assert AttendanceRecord.objects.get().arrived_at is not None

    # Signing out takes the saved registers off the phone.
    cold.get_by_role("button", name="Sign out").click()
    _wait_until(cold, "async () => !(await caches.has('upw-registers'))")


def test_the_register_can_be_added_to_the_home_screen(world, live_server, signed_in):
    page = signed_in("sam")
    page.goto(f"{live_server.url}/my/sessions/")
    manifest_url = page.locator("link[rel='manifest']").get_attribute("href")
    manifest = page.request.get(f"{live_server.url}{manifest_url}").json()
    assert manifest["start_url"] == "/my/sessions/"
    assert manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
