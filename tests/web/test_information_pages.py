"""The pages GOV.UK services link from every footer: open to anyone, and true to the settings."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("name", ["accessibility", "privacy", "cookies"])
def test_information_pages_are_open_to_the_public(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert b"<h1" in response.content


def test_every_page_links_the_statement_privacy_notice_and_cookies_from_its_footer(client, db):
    page = client.get(reverse("login")).content.decode()
    footer = page[page.index('<footer class="govuk-footer">') :]
    for name in ("accessibility", "privacy", "cookies"):
        assert f'href="{reverse(name)}"' in footer


def test_privacy_notice_states_the_retention_period_the_service_applies(client, db, settings):
    settings.UPW_RETENTION_YEARS_AFTER_ORDER_END = 7
    settings.UPW_SUPPORT_EMAIL = "help@example.org"
    page = client.get(reverse("privacy")).content.decode()
    assert "kept for 7 years after your last order ends" in page
    assert "first name and the initial of your last name" in page


def test_cookies_page_names_the_cookies_the_service_sets(client, db, settings):
    page = client.get(reverse("cookies")).content.decode()
    assert settings.SESSION_COOKIE_NAME in page
    assert settings.CSRF_COOKIE_NAME in page


def test_api_documentation_page_declares_its_language(client, db):
    page = client.get("/api/docs").content.decode()
    assert '<html lang="en-GB">' in page
