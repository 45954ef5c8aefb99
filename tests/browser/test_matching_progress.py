"""The matching run page follows its run's progress with static/js/run-progress.js (no inline
script: CSP) and opens the result when the run has finished."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from scheduler.models import MatchingRun, RunStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_run_page_polls_progress_and_reloads_when_ready(world, live_server, signed_in):
    today = timezone.localdate()
    run = MatchingRun.objects.create(
        region=world.north_east,
        start_date=today + dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=14),
        created_by=world.cora,
        progress_message="Waiting to start.",
    )
    page = signed_in("cora")
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{live_server.url}/matching/{run.pk}/")
    expect(page.locator("#run-progress-message")).to_have_text("Waiting to start.")

    MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=40, progress_message="Matching.")
    expect(page.locator("#run-progress-percent")).to_have_text("40", timeout=10_000)
    expect(page.locator("#run-progress-message")).to_have_text("Matching.")

    MatchingRun.objects.filter(pk=run.pk).update(
        status=RunStatus.READY, progress=100, progress_message="Ready for review.", figures={"hours_placed": 7.0}
    )
    expect(page.locator("#run-progress")).to_have_count(0, timeout=10_000)
    expect(page.get_by_role("link", name="Review by person")).to_be_visible()
    assert not [e for e in errors if "Content Security Policy" in e]
