"""The rota grid on a narrow screen: the days scroll sideways, the supervisor column stays in view."""

import datetime as dt

import pytest
from django.utils import timezone

from scheduler.rota import services as rota
from tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.pin_clock("2026-12-07T09:00")]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 600, "height": 800}}


def test_the_supervisor_column_stays_in_view_while_the_days_scroll(world, live_server, signed_in):
    today = timezone.localdate()
    monday = today + dt.timedelta(days=7 - today.weekday())
    for day in range(5):
        f.SessionFactory(project=world.project_a, date=monday + dt.timedelta(days=day))
    run = rota.run_create(
        user=world.cora, region=world.north_east, start_date=monday, end_date=monday + dt.timedelta(days=13)
    )

    page = signed_in("cora")
    page.goto(f"{live_server.url}/rota/{run.pk}/")
    grid = page.locator(".upw-rota-scroll")
    who = page.locator("#rota-grid thead th").first
    before = who.bounding_box()
    assert page.evaluate("(el) => el.scrollWidth > el.clientWidth", grid.element_handle())

    grid.evaluate("(el) => { el.scrollLeft = el.scrollWidth; }")
    after = who.bounding_box()
    first_day = page.locator("#rota-grid thead th").nth(1).bounding_box()
    assert abs(after["x"] - before["x"]) < 2  # the column did not move
    assert first_day["x"] < before["x"]  # while the days went past under it
