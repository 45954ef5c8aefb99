"""Overdue outcomes: listed with days overdue, counted on the dashboard, recorded a whole session at once."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.api import bearer
from upw.models import AttendanceRecord, Session, SessionStatus
from upw.overdue import selectors

pytestmark = pytest.mark.django_db


def _past_session(world, days_ago, people=2, **kwargs):
    session = f.SessionFactory(
        project=world.project_a, date=timezone.localdate() - dt.timedelta(days=days_ago), **kwargs
    )
    places = [
        f.AllocationFactory(session=session, requirement=f.RequirementFactory(person__pdu=world.newcastle))
        for _ in range(people)
    ]
    return session, places


def _overdue(world):
    return list(selectors.overdue_sessions(Session.objects.all(), today=timezone.localdate()))


def test_a_past_session_with_people_and_no_outcome_is_overdue(world):
    session, places = _past_session(world, 3)
    AttendanceRecord.objects.create(allocation=places[0], outcome="AAME")
    [row] = _overdue(world)
    assert row == session
    assert row.waiting == 1


def test_sessions_outside_the_window_stood_down_or_to_come_are_not_overdue(world, settings):
    settings.UPW = {**settings.UPW, "OVERDUE_OUTCOME_DAYS": 10}
    _past_session(world, 11)
    _past_session(world, 2, status=SessionStatus.STOOD_DOWN)
    _recorded, places = _past_session(world, 4, people=1)
    AttendanceRecord.objects.create(allocation=places[0], outcome="UACP")
    assert _overdue(world) == []  # session_a, Alex's, is still to come


def test_the_list_shows_days_overdue_and_filters_by_supervisor(client, world):
    staffed, _ = _past_session(world, 5)
    f.SessionSupervisorFactory(session=staffed, supervisor=world.sam.supervisor)
    _past_session(world, 6, start_time=dt.time(17, 0), end_time=dt.time(20, 0))
    client.force_login(world.cora)
    content = client.get(reverse("overdue_outcomes")).content.decode()
    assert content.count(reverse("session_outcomes", args=[staffed.pk])) == 1
    assert ">5<" in content and ">6<" in content
    only_sam = client.get(reverse("overdue_outcomes"), {"supervisor": world.sam.supervisor.pk}).content.decode()
    assert ">5<" in only_sam and ">6<" not in only_sam
    sam = world.sam
    assert f"<li>{sam.first_name} {sam.last_name}: 1</li>" in content
    assert f"<li>{sam.username}: 1</li>" not in content


def test_the_dashboard_counts_overdue_outcomes_and_links_to_the_list(client, world):
    _past_session(world, 3)
    client.force_login(world.cora)
    content = client.get(reverse("dashboard")).content.decode()
    assert reverse("overdue_outcomes") in content
    assert "1</span> session with outcomes overdue" in content


def _record(client, session, places, **data):
    body = {"work_quality": "good", "behaviour": "good", "idempotency_key": "whole-session-key-1"}
    for place in places:
        body[f"outcome_{place.pk}"] = "ATTC"
    body.update(data)
    return client.post(reverse("session_outcomes", args=[session.pk]), body)


def test_everyone_attended_and_complied_with_an_exception(client, world):
    session, (first, second) = _past_session(world, 3)
    client.force_login(world.cora)
    response = _record(client, session, [first, second], **{f"outcome_{second.pk}": "UACP"})
    assert response.status_code == 302
    attended = AttendanceRecord.objects.get(allocation=first)
    assert (attended.outcome, attended.work_quality, attended.behaviour) == ("ATTC", "good", "good")
    assert attended.arrived_at is not None and attended.left_at is not None
    first.requirement.refresh_from_db()
    # The ledger's rules give the credit (the session less its unpaid break).
    assert 0 < first.requirement.minutes_credited <= session.duration_minutes
    assert AttendanceRecord.objects.get(allocation=second).outcome == "UACP"
    assert _overdue(world) == []


def test_sending_the_same_form_twice_records_everything_once(client, world):
    session, places = _past_session(world, 3, people=1)
    client.force_login(world.cora)
    _record(client, session, places)
    places[0].requirement.refresh_from_db()
    once = places[0].requirement.minutes_credited
    _record(client, session, places)
    places[0].requirement.refresh_from_db()
    assert once > 0
    assert places[0].requirement.minutes_credited == once
    assert places[0].requirement.ledger_entries.count() == 1


def test_grades_are_needed_when_anyone_attended(client, world):
    session, places = _past_session(world, 3, people=1)
    client.force_login(world.cora)
    content = _record(client, session, places, work_quality="").content.decode()
    assert "Choose the quality of the work done" in content
    assert not AttendanceRecord.objects.filter(allocation=places[0]).exists()


def test_a_session_still_to_come_cannot_be_recorded_at_once(client, world):
    client.force_login(world.cora)
    place = world.alex_requirement.allocations.get()
    content = _record(client, world.session_a, [place]).content.decode()
    assert "once the session day is over" in content
    assert not AttendanceRecord.objects.filter(allocation=place).exists()


def test_the_api_lists_overdue_sessions_with_days_overdue(client, world):
    session, _ = _past_session(world, 4)
    response = client.get("/api/v1/overdue-outcomes", **bearer(world.cora))
    assert response.status_code == 200
    [row] = response.json()["items"]
    assert (row["session_id"], row["days_overdue"], row["without_outcome"]) == (session.pk, 4, 2)
    assert client.get("/api/v1/overdue-outcomes", **bearer(world.nia)).json()["items"] == []


def test_the_api_records_a_whole_session_once_however_often_it_is_sent(client, world):
    session, (first, second) = _past_session(world, 3)
    body = {
        "work_quality": "good",
        "behaviour": "excellent",
        "exceptions": [{"allocation_id": second.pk, "outcome": "AAME", "note": "GP letter"}],
        "idempotency_key": "api-whole-session-1",
    }
    url = f"/api/v1/overdue-outcomes/sessions/{session.pk}"
    response = client.post(url, body, content_type="application/json", **bearer(world.cora))
    assert response.json() == {"recorded": 2, "refused": {}}
    again = client.post(url, body, content_type="application/json", **bearer(world.cora))
    assert again.json() == {"recorded": 0, "refused": {}}
    assert AttendanceRecord.objects.get(allocation=second).outcome == "AAME"
    assert first.requirement.ledger_entries.count() == 1


def test_the_api_needs_grades_when_anyone_attended(client, world):
    session, _ = _past_session(world, 3, people=1)
    response = client.post(
        f"/api/v1/overdue-outcomes/sessions/{session.pk}",
        {"idempotency_key": "api-whole-session-2"},
        content_type="application/json",
        **bearer(world.cora),
    )
    assert response.status_code == 409
