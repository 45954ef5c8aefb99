"""A signed-in session ends after a while without activity: 30 minutes in the office, a working day on site."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from upw.web.idle_timeout import LAST_ACTIVITY_KEY

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")


def later(minutes):
    return time_machine.travel(timezone.now() + dt.timedelta(minutes=minutes), tick=False)


def test_a_coordinator_active_within_30_minutes_stays_signed_in(client, world):
    client.force_login(world.cora)
    assert client.get("/dashboard/").status_code == 200
    with later(29):
        assert client.get("/dashboard/").status_code == 200
    with later(55):
        assert client.get("/dashboard/").status_code == 200


def test_a_coordinator_idle_for_over_30_minutes_is_signed_out_with_a_message(client, world):
    client.force_login(world.cora)
    client.get("/dashboard/")
    with later(31):
        r = client.get("/dashboard/")
        assert r.status_code == 302
        assert r.url == "/login/?next=/dashboard/"
        page = client.get(r.url)
    assert b"You were signed out after 30 minutes without activity" in page.content
    assert not page.wsgi_request.user.is_authenticated


def test_the_office_timeout_is_a_setting(client, world, settings):
    settings.UPW_IDLE_TIMEOUT_MINUTES = 10
    client.force_login(world.admin)
    client.get("/dashboard/")
    with later(11):
        assert client.get("/dashboard/").url.startswith("/login/")


def test_a_supervisors_phone_stays_signed_in_through_the_working_day(client, world):
    client.force_login(world.sam)
    client.get("/my/sessions/")
    with later(4 * 60):
        assert client.get("/my/sessions/").status_code == 200


def test_a_supervisor_idle_for_longer_than_a_working_day_is_signed_out(client, world):
    client.force_login(world.sam)
    client.get("/my/sessions/")
    with later(601):
        r = client.get("/my/sessions/")
        assert r.url.startswith("/login/")
        assert b"You were signed out after 10 hours without activity" in client.get(r.url).content


def test_the_api_answers_401_once_the_session_has_timed_out(client, world):
    client.force_login(world.cora)
    assert client.get("/api/v1/auth/me").status_code == 200
    with later(31):
        assert client.get("/api/v1/auth/me").status_code == 401


def test_activity_is_written_to_the_session_at_most_once_a_minute(client, world):
    client.force_login(world.cora)
    client.get("/dashboard/")
    first = client.session[LAST_ACTIVITY_KEY]
    with later(0.5):
        client.get("/dashboard/")
        assert client.session[LAST_ACTIVITY_KEY] == first
    with later(2):
        client.get("/dashboard/")
        assert client.session[LAST_ACTIVITY_KEY] > first
