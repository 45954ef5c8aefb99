"""Standing a session down in the browser: the preview names who is affected, then the session is stood down."""

import pytest
from playwright.sync_api import expect

from upw.models import AttendanceRecord, SessionStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_previews_and_stands_a_session_down(world, live_server, signed_in):
    page = signed_in("cora")
    page.goto(f"{live_server.url}/sessions/{world.session_a.pk}/")
    page.get_by_role("link", name="Stand this session down").click()

    affected = page.locator("#affected + table")
    expect(affected).to_contain_text(world.alex.crn)
    page.get_by_role("button", name="Stand down 1 session").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose why the session is stood down")

    page.get_by_label("Bad weather").check()
    page.get_by_role("button", name="Stand down 1 session").click()
    expect(page.get_by_text("1 session stood down")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Stood down")

    world.session_a.refresh_from_db()
    assert world.session_a.status == SessionStatus.STOOD_DOWN
    assert AttendanceRecord.objects.get(allocation__session=world.session_a).outcome == "AASD"
