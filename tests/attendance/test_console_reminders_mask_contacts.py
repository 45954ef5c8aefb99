"""The console reminder backend writes the message to the log, never the phone number or email address."""

import datetime as dt

from django.utils import timezone

from tests import factories as f
from upw.reminders import services as reminders


def _remind_tomorrow(world, caplog, **contact):
    person = f.PersonFactory(pdu=world.newcastle, **contact)
    session = f.SessionFactory(project=world.project_a, date=timezone.localdate() + dt.timedelta(days=1))
    f.AllocationFactory(requirement=f.RequirementFactory(person=person), session=session)
    with caplog.at_level("INFO", logger="upw.reminders.services"):
        reminders.send_session_reminders()
    return caplog.text


def test_a_reminder_by_sms_logs_no_phone_number(world, settings, caplog):
    settings.UPW_NOTIFY_BACKEND = "console"
    logged = _remind_tomorrow(world, caplog, phone="07700 900456", email="")
    assert "Community Payback reminder" in logged
    assert "900456" not in logged and "07700" not in logged
    assert "*******56" in logged


def test_a_reminder_by_email_logs_no_email_address(world, settings, caplog):
    settings.UPW_NOTIFY_BACKEND = "console"
    logged = _remind_tomorrow(world, caplog, phone="", email="robin.hood@example.org")
    assert "Community Payback reminder" in logged
    assert "robin" not in logged and "example.org" not in logged
