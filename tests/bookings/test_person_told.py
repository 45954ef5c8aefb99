"""The person hears of a change to their booked place once it is made, and only then."""

import pytest
from django.utils import timezone

from upw.bookings import services
from upw.models import ExclusionZone

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    messages = []
    monkeypatch.setattr("upw.reminders.services.send", lambda message: messages.append(message) or ("console", ""))
    return messages


def test_a_cancelled_place_is_told_by_sms(world, place, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(allocation=place, reason="other", by=world.cora, today=timezone.localdate())
    [message] = sent
    assert message.channel == "sms" and message.to == world.alex.phone
    assert f"{world.session_a.date:%A %d %B}" in message.text
    assert "is cancelled. Do not go to the site." in message.text


def test_a_moved_place_says_the_new_day_time_and_site(world, place, next_day, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_move(allocation=place, to_session=next_day, by=world.cora, today=timezone.localdate())
    [message] = sent
    assert f"Your session is now on {next_day.date:%A %d %B} from {next_day.start_time:%H:%M}" in message.text
    assert next_day.project.site.postcode in message.text


def test_a_person_without_a_phone_is_emailed(world, place, next_day, sent, django_capture_on_commit_callbacks):
    world.alex.phone = ""
    world.alex.email = "alex@example.org"
    world.alex.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_reschedule(
            allocation=place, to_session=next_day, requested_by="service", by=world.cora, today=timezone.localdate()
        )
    [message] = sent
    assert message.channel == "email" and message.to == "alex@example.org"


def test_nobody_is_told_when_they_opted_out(world, place, sent, django_capture_on_commit_callbacks):
    world.alex.reminders_opt_out = True
    world.alex.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(allocation=place, reason="other", by=world.cora, today=timezone.localdate())
    assert sent == []


def test_a_refused_move_tells_nobody(world, place, next_day, sent, django_capture_on_commit_callbacks):
    site = next_day.project.site
    ExclusionZone.objects.create(
        person=world.alex,
        label="Victim's home",
        postcode="NE1 1AA",
        latitude=site.latitude,
        longitude=site.longitude,
        radius_km=2,
    )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.BookingError):
        services.booking_move(allocation=place, to_session=next_day, by=world.cora, today=timezone.localdate())
    assert sent == []


def test_a_retried_reschedule_is_told_once(world, place, next_day, sent, django_capture_on_commit_callbacks):
    args = {
        "allocation": place,
        "to_session": next_day,
        "requested_by": "person",
        "by": world.cora,
        "today": timezone.localdate(),
        "key": "told-once",
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_reschedule(**args)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_reschedule(**args)
    assert len(sent) == 1
