"""A supervisor's phone loses signal mid-session: check-ins are queued and synced once when it returns."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories as f
from upw.models import AttendanceRecord, HoursLedgerEntry
from upw.models.attendance_sync import SyncAction

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A 360-pixel phone. These tests cut the page's own requests (page.route), which a service worker
    # would take over once it controls the page: the cold start with one is tested on its own.
    return {
        **browser_context_args,
        "viewport": {"width": 360, "height": 740},
        "is_mobile": True,
        "has_touch": True,
        "service_workers": "block",
    }


@pytest.fixture
def session_today(world):
    """Today's session, with the clock at 18:00 that day: the register refuses times still to come."""
    session = f.SessionFactory(project=world.project_a, date=timezone.localdate())
    f.SessionSupervisorFactory(session=session, supervisor=world.sam.supervisor)
    f.AllocationFactory(requirement=world.alex_requirement, session=session)
    casey = f.PersonFactory(first_name="Casey", last_name="Brown", pdu=world.newcastle)
    f.AllocationFactory(requirement=f.RequirementFactory(person=casey), session=session)
    evening = dt.datetime.combine(session.date, dt.time(18, 0), tzinfo=timezone.get_default_timezone())
    with time_machine.travel(evening, tick=True):
        yield session


def _check_in(page, name: str, time: str) -> None:
    person = page.locator("section.upw-person", has=page.get_by_role("heading", name=name))
    person.get_by_label("Arrival time").fill(time)
    person.get_by_role("button", name=f"Check in {name}").click()


def _check_out(page, name: str, time: str) -> None:
    person = page.locator("section.upw-person", has=page.get_by_role("heading", name=name))
    person.get_by_label("Departure time").fill(time)
    person.get_by_role("button", name=f"Check out {name}").click()


def _attended(page, name: str) -> None:
    """Records "attended, complied" with the grades it needs."""
    person = page.locator("section.upw-person", has=page.get_by_role("heading", name=name))
    person.get_by_text("Outcome and grades, sent home, notes").click()
    person.get_by_label("Outcome", exact=True).select_option("ATTC")
    person.get_by_label("Work quality").select_option("good")
    person.get_by_label("Behaviour").select_option("good")
    person.get_by_role("button", name=f"Record outcome for {name}").click()


def test_it_queues_check_ins_offline_and_syncs_them_once(world, session_today, live_server, signed_in, context):
    page = signed_in("sam")
    page.goto(f"{live_server.url}/my/sessions/")
    page.get_by_role("link", name=world.project_a.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.project_a.name)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    status = page.locator("[data-sync-status]")
    expect(status).to_have_text("All changes saved.")

    context.set_offline(True)
    _check_in(page, "Alex Jones", "09:00")
    _check_in(page, "Casey Brown", "09:10")
    expect(status).to_contain_text("2 waiting to sync")
    expect(page.get_by_text("Checked in 09:10 (waiting to sync)")).to_be_visible()
    _check_out(page, "Alex Jones", "12:00")
    expect(status).to_contain_text("3 waiting to sync")
    _attended(page, "Alex Jones")
    expect(status).to_contain_text("4 waiting to sync")
    assert AttendanceRecord.objects.count() == 0

    context.set_offline(False)
    expect(status).to_have_text("All changes saved.", timeout=15000)
    expect(page.get_by_text("Left 12:00, ATTC, 3h credited")).to_be_visible()

    arrivals = sorted(
        timezone.localtime(r.arrived_at).strftime("%H:%M") for r in AttendanceRecord.objects.exclude(arrived_at=None)
    )
    assert arrivals == ["09:00", "09:10"]
    assert SyncAction.objects.filter(kind="check_in").count() == 2
    assert [e.minutes for e in HoursLedgerEntry.objects.all()] == [180]

    # Reloading (which sends anything left in the queue again) changes nothing.
    page.reload()
    expect(status).to_have_text("All changes saved.")
    assert SyncAction.objects.count() == 4
    assert HoursLedgerEntry.objects.count() == 1


def test_it_resends_after_a_lost_response_without_counting_twice(world, session_today, live_server, signed_in, context):
    """The server applies a sync but the answer never reaches the phone: the phone sends the same
    keys again, and the server answers with the first result instead of applying them twice."""
    page = signed_in("sam")
    page.goto(f"{live_server.url}/my/sessions/{session_today.pk}/")
    status = page.locator("[data-sync-status]")
    lost, answers = [], []

    def lose_first_answer(route):
        response = route.fetch()  # the request reaches the server and is applied...
        if not lost:
            lost.append(response.status)
            route.abort()  # ...but the phone never hears back
        else:
            sent = {a["key"]: a["kind"] for a in route.request.post_data_json["actions"]}
            answers.append([{"kind": sent[r["key"]], "duplicate": r["duplicate"]} for r in response.json()["results"]])
            route.fulfill(response=response)

    page.route("**/api/v1/attendance/actions", lose_first_answer)
    _check_in(page, "Alex Jones", "09:00")
    expect(status).to_contain_text("1 waiting to sync (no connection; trying again)")
    assert lost == [200]
    assert SyncAction.objects.count() == 1  # applied, although the phone does not know it

    # The next sync sends the check-in again with the check-out: it is answered, not applied, twice.
    _check_out(page, "Alex Jones", "13:00")
    expect(status).to_have_text("All changes saved.", timeout=15000)
    answered = sorted((r["kind"], r["duplicate"]) for batch in answers for r in batch)
    assert answered == [("check_in", True), ("check_out", False)]
    assert SyncAction.objects.count() == 2
    _attended(page, "Alex Jones")
    expect(status).to_have_text("All changes saved.", timeout=15000)
    assert [e.minutes for e in HoursLedgerEntry.objects.all()] == [240]


def test_it_says_late_straight_after_a_sync_as_after_a_reload(world, session_today, live_server, signed_in, context):
    page = signed_in("sam")
    page.goto(f"{live_server.url}/my/sessions/{session_today.pk}/")
    status = page.locator("[data-sync-status]")
    casey = page.locator("section.upw-person", has=page.get_by_role("heading", name="Casey Brown"))

    context.set_offline(True)
    _check_in(page, "Casey Brown", "09:10")
    expect(casey.locator("[data-person-status]")).to_have_text("Checked in 09:10 (waiting to sync)")
    context.set_offline(False)
    expect(status).to_have_text("All changes saved.", timeout=15000)
    expect(casey.locator("[data-person-status]")).to_have_text("On site since 09:10 (late 10 min)")

    page.reload()
    expect(casey.locator("[data-person-status]")).to_have_text("On site since 09:10 (late 10 min)")


def test_it_never_records_an_outcome_nobody_chose(world, session_today, live_server, signed_in):
    page = signed_in("sam")
    page.goto(f"{live_server.url}/my/sessions/{session_today.pk}/")
    status = page.locator("[data-sync-status]")
    alex = page.locator("section.upw-person", has=page.get_by_role("heading", name="Alex Jones"))
    alex.get_by_text("Outcome and grades, sent home, notes").click()
    outcome = alex.get_by_label("Outcome", exact=True)
    expect(outcome).to_have_value("")
    expect(outcome.locator("option:checked")).to_have_text("Choose an outcome")

    # Nothing chosen: a field-level error, and nothing queued or sent.
    alex.get_by_role("button", name="Record outcome for Alex Jones").click()
    error = alex.locator("#outcome-error-" + alex.get_attribute("data-allocation"))
    expect(error).to_have_text("Error: Choose an outcome.")
    expect(outcome).to_have_attribute("aria-describedby", error.get_attribute("id"))
    expect(outcome).to_be_focused()
    expect(status).to_have_text("All changes saved.")
    assert SyncAction.objects.count() == 0

    # Sent home with no reason: the error is at the reason.
    outcome.select_option("ATSH")
    alex.get_by_role("button", name="Record outcome for Alex Jones").click()
    expect(error).to_be_hidden()
    expect(alex.get_by_text("Error: Say why the person was sent home.")).to_be_visible()
    assert SyncAction.objects.count() == 0

    # An attended outcome needs the grades.
    outcome.select_option("AFTC")
    alex.get_by_role("button", name="Record outcome for Alex Jones").click()
    expect(alex.get_by_text("Error: Choose the quality of the work done.")).to_be_visible()
    expect(alex.get_by_text("Error: Choose how the person behaved.")).to_be_visible()
    assert SyncAction.objects.count() == 0

    # A chosen outcome with its grades goes through, and the errors go.
    alex.get_by_label("Work quality").select_option("satisfactory")
    alex.get_by_label("Behaviour").select_option("poor")
    alex.get_by_role("button", name="Record outcome for Alex Jones").click()
    expect(status).to_have_text("All changes saved.", timeout=15000)
    expect(alex.locator("[data-person-status]")).to_have_text("Outcome AFTC")
    expect(alex.locator(".govuk-form-group--error")).to_have_count(0)
    assert AttendanceRecord.objects.get().outcome == "AFTC"


def test_times_are_typed_on_the_24_hour_clock(world, session_today, live_server, signed_in, context):
    page = signed_in("sam")
    page.goto(f"{live_server.url}/my/sessions/{session_today.pk}/")
    status = page.locator("[data-sync-status]")
    context.set_offline(True)

    _check_in(page, "Alex Jones", "6:50pm")
    person = page.locator("section.upw-person", has=page.get_by_role("heading", name="Alex Jones"))
    expect(person.get_by_text("Enter the time on the 24-hour clock, for example 18:50.")).to_be_visible()
    expect(status).not_to_contain_text("waiting to sync")

    _check_in(page, "Alex Jones", "0915")
    expect(page.get_by_text("Checked in 09:15 (waiting to sync)")).to_be_visible()
    _check_in(page, "Casey Brown", "18.50")
    expect(page.get_by_text("Checked in 18:50 (waiting to sync)")).to_be_visible()
    expect(status).to_contain_text("2 waiting to sync")
