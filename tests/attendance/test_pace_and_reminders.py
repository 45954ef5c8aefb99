"""Pace flags refreshed nightly, and reminders the day before a session."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from tests import factories as f
from upw.attendance.tasks import refresh_pace_flags
from upw.core import pace
from upw.models import AttendanceRecord
from upw.models.attendance_sync import RequirementProgress, SessionReminder
from upw.reminders import services as reminders
from upw.reminders.tasks import send_session_reminders


def test_it_projects_completion_at_the_current_pace():
    today = dt.date(2026, 11, 23)
    requirement = f.RequirementFactory.build(
        hours_ordered=100, minutes_credited=40 * 60, sentence_date=dt.date(2026, 5, 1), deadline=dt.date(2027, 5, 1)
    )
    # 40 hours in 56 days: 60 hours left take another 84 days.
    result = pace.requirement_pace(requirement=requirement, today=today, started_on=today - dt.timedelta(days=56))
    assert result.projected_completion == today + dt.timedelta(days=84)
    assert not result.at_risk
    slow = f.RequirementFactory.build(
        hours_ordered=100, minutes_credited=10 * 60, sentence_date=dt.date(2026, 5, 1), deadline=dt.date(2027, 5, 1)
    )
    result = pace.requirement_pace(requirement=slow, today=today, started_on=today - dt.timedelta(days=56))
    assert result.projected_completion > slow.deadline
    assert result.at_risk


def test_it_sets_review_dates_every_interval_from_sentence():
    sentence = dt.date(2026, 1, 5)
    step = settings.UPW["REVIEW_INTERVAL_WEEKS"] * 7
    assert pace.next_review(sentence_date=sentence, today=sentence) == sentence + dt.timedelta(days=step)
    assert pace.next_review(
        sentence_date=sentence, today=sentence + dt.timedelta(days=step + 1)
    ) == sentence + dt.timedelta(days=2 * step)


def test_the_nightly_task_refreshes_the_flags(world):
    today = timezone.localdate()
    behind = f.RequirementFactory(
        person=world.alex,
        hours_ordered=300,
        sentence_date=today - dt.timedelta(days=330),
        deadline=today + dt.timedelta(days=35),
    )
    assert refresh_pace_flags.delay().get() >= 1
    assert RequirementProgress.objects.get(requirement=behind).at_risk
    assert RequirementProgress.objects.filter(requirement=world.alex_requirement, at_risk=False).exists()
    behind.status = "revoked"
    behind.save()
    pace.refresh_pace_flags()
    assert not RequirementProgress.objects.get(requirement=behind).at_risk


def test_it_sends_reminders_once_and_respects_opt_out(world, caplog):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    session = f.SessionFactory(project=world.project_a, date=tomorrow)
    reminded = f.AllocationFactory(requirement=world.alex_requirement, session=session)
    opted_out = f.PersonFactory(pdu=world.newcastle, reminders_opt_out=True)
    f.AllocationFactory(requirement=f.RequirementFactory(person=opted_out), session=session)
    no_contact = f.PersonFactory(pdu=world.newcastle, phone="", email="")
    f.AllocationFactory(requirement=f.RequirementFactory(person=no_contact), session=session)
    with caplog.at_level("INFO", logger="upw.reminders.services"):
        counts = send_session_reminders.delay().get()
    assert counts == {"sent": 1, "no_contact": 1, "failed": 0}
    reminder = SessionReminder.objects.get()
    assert (reminder.allocation, reminder.channel, reminder.backend) == (reminded, "sms", "console")
    assert "Community Payback reminder" in caplog.text
    assert reminders.send_session_reminders(for_date=tomorrow)["sent"] == 0


def test_it_sends_through_notify_when_configured(world, settings, monkeypatch):
    settings.UPW_NOTIFY_BACKEND = "notify"
    settings.NOTIFY_API_KEY = "test-key"
    settings.NOTIFY_REMINDER_SMS_TEMPLATE_ID = "sms-template"
    sent = []

    class FakeClient:
        def __init__(self, key):
            assert key == "test-key"

        def send_sms_notification(self, **kwargs):
            sent.append(kwargs)
            return {"id": "notify-id-1"}

    monkeypatch.setattr("notifications_python_client.notifications.NotificationsAPIClient", FakeClient)
    session = f.SessionFactory(project=world.project_a, date=timezone.localdate() + dt.timedelta(days=1))
    f.AllocationFactory(requirement=world.alex_requirement, session=session)
    reminders.send_session_reminders()
    assert sent[0]["phone_number"] == "07700 900123" and sent[0]["template_id"] == "sms-template"
    assert SessionReminder.objects.get().reference == "notify-id-1"


def test_it_does_not_remind_for_sessions_already_recorded(world):
    # A cancelled or stood-down session gets no reminder.
    session = f.SessionFactory(
        project=world.project_a, date=timezone.localdate() + dt.timedelta(days=1), status="stood_down"
    )
    allocation = f.AllocationFactory(requirement=world.alex_requirement, session=session)
    assert reminders.send_session_reminders()["sent"] == 0
    assert not AttendanceRecord.objects.filter(allocation=allocation).exists()


def test_celery_beat_runs_the_refresh_nightly_and_the_reminders_daily():
    from upw.celery import app

    schedule = settings.CELERY_BEAT_SCHEDULE
    tasks = {entry["task"] for entry in schedule.values()}
    assert {"upw.attendance_tasks.refresh_pace_flags", "upw.attendance_tasks.send_session_reminders"} <= tasks
    app.loader.import_default_modules()  # what a worker does when it starts
    assert tasks <= set(app.tasks)
