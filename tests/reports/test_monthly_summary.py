"""The monthly summary: each region's coordinators get their region's figures, national leads the
national ones, each with a link to the reports page."""

import datetime as dt

import pytest

from tests.reports.conftest import TODAY
from upw.reports import services, tasks

pytestmark = pytest.mark.pin_clock(TODAY)


def test_it_sends_last_months_figures_to_each_region_and_national_leads(
    history, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_monthly_summaries(today=dt.date(2026, 9, 1))  # August 2026

    assert sent == {"regions": 2, "national": 1}
    by_subject = {message.subject: message for message in mailoutbox}
    north_east = by_subject["Unpaid work in North East: August 2026"]
    assert north_east.to == ["cora@example.org"]
    assert "- Hours worked: 7" in north_east.body  # 3 August: 420 minutes once Bea's correction is netted
    assert "/reports/?kind=month&on-day=1&on-month=8&on-year=2026&scope=region%3Anorth-east" in north_east.body
    assert by_subject["Unpaid work in Wales: August 2026"].to == ["nia@example.org"]
    national = by_subject["Unpaid work in England and Wales: August 2026"]
    assert national.to == ["lena@example.org"]
    assert "scope=national" in national.body


def test_the_beat_task_sends_them(history, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_monthly_summaries() == {"regions": 2, "national": 1}
    assert any("November 2026" in message.subject for message in mailoutbox)
