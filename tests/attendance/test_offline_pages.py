"""What the supervisors' service worker is given to keep: its files, and only their own registers."""

import datetime as dt
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")


def test_the_service_worker_is_served_under_my_so_it_controls_the_phone_pages(client, db):
    response = client.get("/my/service-worker.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]


def test_every_file_the_service_worker_keeps_exists(client, db, settings):
    body = client.get("/my/service-worker.js").content.decode()
    assets = json.loads(re.search(r"const ASSETS = (\[.*?\]);", body).group(1))
    assert assets
    for url in assets:
        assert finders.find(url.removeprefix(settings.STATIC_URL)), url


def test_my_sessions_asks_to_keep_todays_and_tomorrows_registers_and_no_one_elses(world, client):
    today = timezone.localdate()
    early, late = dt.time(6, 0), dt.time(16, 0)  # apart from any session the world has
    mine_today = f.SessionFactory(project=world.project_a, date=today, start_time=early)
    mine_tomorrow = f.SessionFactory(project=world.project_a, date=today + dt.timedelta(days=1), start_time=early)
    mine_next_week = f.SessionFactory(project=world.project_a, date=today + dt.timedelta(days=7), start_time=early)
    for session in (mine_today, mine_tomorrow, mine_next_week):
        f.SessionSupervisorFactory(session=session, supervisor=world.sam.supervisor)
    someone_elses = f.SessionFactory(project=world.project_a, date=today, start_time=late)
    f.SessionSupervisorFactory(session=someone_elses, supervisor=world.sid.supervisor)

    client.force_login(world.sam)
    page = client.get("/my/sessions/").content.decode()
    kept = re.search(r'data-offline-urls="([^"]*)"', page).group(1).split()

    assert kept == [
        "/my/sessions/",
        f"/my/sessions/?date={today + dt.timedelta(days=1):%Y-%m-%d}",
        f"/my/sessions/{mine_today.pk}/",
        f"/my/sessions/{mine_tomorrow.pk}/",
    ]


def test_the_manifest_starts_at_my_sessions(client, db):
    manifest = client.get("/my/manifest.webmanifest").json()
    assert manifest["start_url"] == "/my/sessions/"
    assert manifest["scope"] == "/my/"
