import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_signs_a_coordinator_in_and_opens_the_people_list(world, live_server, signed_in):
    page = signed_in("cora")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dashboard")

    page.get_by_role("link", name="People").first.click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("People")
    expect(page.get_by_role("link", name="Alex Jones")).to_be_visible()
    expect(page.get_by_text("Bryn Evans")).to_have_count(0)


def test_it_shows_an_error_for_a_wrong_password(world, live_server, signed_in):
    page = signed_in("cora", password="wrong-password")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
