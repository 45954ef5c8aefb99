"""Standing sessions down: AASD for everyone booked, people told, supervisors released."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.api import bearer
from upw.models import AttendanceRecord, Session, SessionStatus
from upw.models.sessions import SessionSupervisor
from upw.standdown import services

pytestmark = pytest.mark.django_db


def _one(world):
    return Session.objects.filter(pk=world.session_a.pk)


def _stand_down(world, sessions=None, **kwargs):
    return services.stand_down(
        sessions=sessions if sessions is not None else _one(world),
        reason=kwargs.pop("reason", "weather"),
        by=world.cora,
        today=timezone.localdate(),
        **kwargs,
    )


def test_everyone_booked_gets_aasd_and_no_hours(world):
    result = _stand_down(world)
    record = AttendanceRecord.objects.get(allocation__session=world.session_a)
    assert record.outcome == "AASD"
    world.alex_requirement.refresh_from_db()
    assert world.alex_requirement.minutes_credited == 0
    assert result.sessions == 1 and result.outcomes == 1


def test_the_session_is_stood_down_with_the_reason_on_its_history(world):
    _stand_down(world, note="Snow forecast")
    world.session_a.refresh_from_db()
    assert world.session_a.status == SessionStatus.STOOD_DOWN
    latest = world.session_a.history.latest()
    assert latest.history_change_reason == "Stood down: Bad weather. Snow forecast"
    assert latest.history_user == world.cora


def test_the_supervisors_are_released_and_kept_on_the_history(world):
    result = _stand_down(world)
    assert result.released == 1
    assert not SessionSupervisor.objects.filter(session=world.session_a).exists()
    removed = SessionSupervisor.history.get(session_id=world.session_a.pk, history_type="-")
    assert removed.history_change_reason.startswith("Released: session stood down")


def test_people_with_an_email_are_told_and_the_others_listed(world, django_capture_on_commit_callbacks):
    world.alex.email = "alex@example.com"
    world.alex.save()
    quiet = f.RequirementFactory(person__pdu=world.newcastle, person__email="", person__phone="")
    f.AllocationFactory(requirement=quiet, session=world.session_a)
    with django_capture_on_commit_callbacks(execute=True):
        result = _stand_down(world)
    to_people = [m for m in mail.outbox if "alex@example.com" in m.to]
    assert len(to_people) == 1
    assert "will not go ahead" in to_people[0].body
    assert result.told == 1
    assert result.not_told == [quiet.person.crn]


def test_a_person_with_only_a_phone_number_is_texted(world, monkeypatch, django_capture_on_commit_callbacks):
    texts = []
    monkeypatch.setattr("upw.reminders.services.send", lambda message: texts.append(message) or ("console", ""))
    world.alex.email = ""
    world.alex.save()
    with django_capture_on_commit_callbacks(execute=True):
        result = _stand_down(world)
    [text] = [t for t in texts if t.to == world.alex.phone]
    assert text.channel == "sms" and "will not go ahead" in text.text
    assert result.told >= 1 and world.alex.crn not in result.not_told


def test_a_person_who_opted_out_of_messages_is_not_emailed(world, django_capture_on_commit_callbacks):
    world.alex.email = "alex@example.com"
    world.alex.reminders_opt_out = True
    world.alex.save()
    with django_capture_on_commit_callbacks(execute=True):
        result = _stand_down(world)
    assert not [m for m in mail.outbox if "alex@example.com" in m.to]
    assert result.not_told == [world.alex.crn]


def test_standing_down_again_changes_nothing(world):
    _stand_down(world)
    with pytest.raises(services.StandDownError):
        _stand_down(world)
    assert AttendanceRecord.objects.filter(allocation__session=world.session_a).count() == 1


def test_a_reason_from_the_list_is_needed(world):
    with pytest.raises(services.StandDownError):
        _stand_down(world, reason="fancy")
    world.session_a.refresh_from_db()
    assert world.session_a.status == SessionStatus.SCHEDULED


def test_a_project_range_stands_down_only_the_sessions_in_it(world):
    first = world.session_a.date
    inside = f.SessionFactory(project=world.project_a, date=first + dt.timedelta(days=2))
    outside = f.SessionFactory(project=world.project_a, date=first + dt.timedelta(days=5))
    sessions = services.project_range(
        Session.objects.all(),
        project_id=world.project_a.pk,
        date_from=first,
        date_to=first + dt.timedelta(days=3),
        today=timezone.localdate(),
    )
    assert [row.session for row in services.preview(sessions)] == [world.session_a, inside]
    assert _stand_down(world, sessions=sessions).sessions == 2
    outside.refresh_from_db()
    assert outside.status == SessionStatus.SCHEDULED


def test_the_preview_changes_nothing(world):
    rows = services.preview(services.standable(_one(world), today=timezone.localdate()))
    assert [p.requirement.person for p in rows[0].places] == [world.alex]
    assert [a.supervisor.user for a in rows[0].supervisors] == [world.sam]
    world.session_a.refresh_from_db()
    assert world.session_a.status == SessionStatus.SCHEDULED


def test_the_page_previews_then_stands_down(client, world):
    client.force_login(world.cora)
    url = reverse("stand_down_session", args=[world.session_a.pk])
    content = client.get(url).content.decode()
    assert world.alex.crn in content
    assert "Stand down 1 session" in content
    refused = client.post(url, {"confirm": "1"}).content.decode()
    assert "Choose why the session is stood down" in refused
    response = client.post(url, {"confirm": "1", "reason": "no_supervisor"})
    assert response.status_code == 302
    world.session_a.refresh_from_db()
    assert world.session_a.status == SessionStatus.STOOD_DOWN


def test_the_session_page_offers_the_stand_down(client, world):
    client.force_login(world.cora)
    content = client.get(reverse("session", args=[world.session_a.pk])).content.decode()
    assert reverse("stand_down_session", args=[world.session_a.pk]) in content


def test_the_project_page_asks_for_dates_first(client, world):
    client.force_login(world.cora)
    url = reverse("stand_down_project", args=[world.project_a.pk])
    assert "Who is affected" not in client.get(url).content.decode()
    day = world.session_a.date.isoformat()
    content = client.get(url, {"date_from": day, "date_to": day}).content.decode()
    assert "Who is affected" in content and world.alex.crn in content


def test_the_api_previews_and_stands_down(client, world):
    body = {"session_id": world.session_a.pk}
    preview = client.post("/api/v1/stand-down/preview", body, content_type="application/json", **bearer(world.cora))
    assert preview.status_code == 200
    assert preview.json()[0]["crns"] == [world.alex.crn]
    done = client.post(
        "/api/v1/stand-down", {**body, "reason": "site_closed"}, content_type="application/json", **bearer(world.cora)
    )
    assert done.status_code == 200, done.content
    assert done.json()["outcomes"] == 1
    again = client.post(
        "/api/v1/stand-down", {**body, "reason": "site_closed"}, content_type="application/json", **bearer(world.cora)
    )
    assert again.status_code == 409


def test_the_api_refuses_another_regions_session_without_saying_why(client, world):
    response = client.post(
        "/api/v1/stand-down",
        {"session_id": world.session_a.pk, "reason": "weather"},
        content_type="application/json",
        **bearer(world.nia),
    )
    assert response.status_code == 404
    world.session_a.refresh_from_db()
    assert world.session_a.status == SessionStatus.SCHEDULED


def test_aasd_is_not_offered_as_one_persons_absence_in_advance():
    from upw.attendance.forms import AdvanceAbsenceForm

    assert "AASD" not in dict(AdvanceAbsenceForm().fields["outcome"].choices)
