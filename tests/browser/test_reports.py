"""The reports pass axe for a coordinator and a national lead, and their charts work with no script."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import Axe
from tests.reports.conftest import history  # noqa: F401 (the fixed history, as a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.pin_clock("2026-12-07T09:00")]

Q3 = "kind=quarter&on-day=1&on-month=8&on-year=2026"


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture
def axe(live_server, page):
    return Axe(page, live_server.url)


def test_a_coordinators_reports_pass_axe(history, axe, signed_in):  # noqa: F811
    signed_in("cora")
    for measure in ("starts", "delivery", "caseload", "terminations", "completions", "operations", "partners"):
        axe.visit(f"/reports/?measure={measure}&{Q3}&scope=region:north-east")
    expect(axe.page.locator('[data-figure="hours_worked"]')).to_have_count(0)
    axe.visit(f"/reports/?measure=delivery&{Q3}&scope=region:north-east")
    expect(axe.page.locator('[data-figure="hours_worked"]')).to_have_text("10.3")
    expect(axe.page.locator("svg[role=img] title")).to_have_text("Hours worked, last 8 quarters")
    axe.page.get_by_label("Period").select_option("custom")
    axe.submit("Show figures", "/reports/ with a custom period and no dates")
    axe.assert_clean()


def test_a_regions_map_is_zoomable_with_its_projects_and_passes_axe(history, axe, signed_in):  # noqa: F811
    signed_in("cora")
    axe.visit(f"/reports/?measure=operations&{Q3}&scope=region:north-east")
    expect(axe.page.locator("#report-map.leaflet-container")).to_be_visible()
    # One delivery unit and two projects, drawn as Leaflet circles over no tiles.
    expect(axe.page.locator("#report-map path.leaflet-interactive")).to_have_count(3)
    expect(axe.page.locator("#map + figure > svg")).to_be_hidden()
    expect(axe.page.locator("#map-projects")).to_contain_text("Jesmond Dene clearance")
    axe.page.get_by_role("button", name="Zoom in").click()
    axe.check("/reports/ operations map after zooming in")
    axe.assert_clean()


def test_a_national_leads_reports_pass_axe(history, axe, signed_in):  # noqa: F811
    signed_in("lena")
    axe.page.wait_for_url("**/reports/")
    axe.check("/reports/ as the national lead lands on it")
    for measure in ("starts", "delivery", "completions", "partners"):
        axe.visit(f"/reports/?measure={measure}&{Q3}&scope=national")
    expect(axe.page.locator("#region-table")).to_be_visible()
    axe.assert_clean()
