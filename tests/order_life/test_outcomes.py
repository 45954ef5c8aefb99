"""Attended outcomes carry the supervisor's grades; absences and reschedulings may be recorded in advance."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tests import factories as f
from upw.attendance import services
from upw.models import AttendanceRecord

from .conftest import at


def act(user, allocation, kind, key, **payload):
    return services.attendance_apply_action(
        user=user, key=key, allocation_id=allocation.pk, kind=kind, payload=payload, client_at=timezone.now()
    )


@pytest.fixture
def today(world):
    session = f.SessionFactory(project=world.project_a, date=timezone.localdate())
    f.SessionSupervisorFactory(session=session, supervisor=world.sam.supervisor)
    allocation = f.AllocationFactory(requirement=world.alex_requirement, session=session)
    with time_machine.travel(at(session.date, "18:00"), tick=True):
        yield allocation


@pytest.fixture
def next_week(world):
    session = f.SessionFactory(project=world.project_a, date=timezone.localdate() + dt.timedelta(days=7))
    return f.AllocationFactory(requirement=world.alex_requirement, session=session)


def test_an_attended_outcome_without_grades_is_refused(world, today):
    result = act(world.sam, today, "outcome", "no-grades-01", outcome="ATTC")
    assert (result.action.status, result.action.result["field"]) == ("rejected", "work_quality")
    result = act(world.sam, today, "outcome", "no-grades-02", outcome="ATTC", work_quality="good")
    assert result.action.result["field"] == "behaviour"
    graded = act(world.sam, today, "outcome", "graded-0001", outcome="ATTC", work_quality="good", behaviour="good")
    assert graded.action.status == "applied"


def test_a_check_out_alone_assumes_no_outcome(world, today):
    day = today.session.date
    act(world.sam, today, "check_in", "in-000001", at=at(day, "09:00").isoformat())
    act(world.sam, today, "check_out", "out-000001", at=at(day, "16:30").isoformat())
    record = AttendanceRecord.objects.get(allocation=today)
    assert record.outcome == "" and not record.ledger_entries.exists()


def test_a_coordinator_books_an_acceptable_absence_for_next_week(world, next_week):
    result = act(world.cora, next_week, "outcome", "aame-000001", outcome="AAME", notes="Hospital appointment")
    assert result.action.status == "applied"
    assert AttendanceRecord.objects.get(allocation=next_week).outcome == "AAME"


def test_attended_outcomes_and_check_ins_stay_refused_for_the_future(world, next_week):
    attended = act(
        world.cora, next_week, "outcome", "attc-future1", outcome="ATTC", work_quality="good", behaviour="good"
    )
    assert attended.action.result["error"] == services.ONLY_ABSENCES_IN_ADVANCE
    assert act(world.cora, next_week, "check_in", "in-future-01").action.result["error"] == services.FUTURE_SESSION


def test_a_supervisor_cannot_record_an_absence_in_advance(world, next_week):
    f.SessionSupervisorFactory(session=next_week.session, supervisor=world.sam.supervisor)
    result = act(world.sam, next_week, "outcome", "sam-aame-01", outcome="AAME")
    assert result.action.result["error"] == services.OUTCOME_NOT_ALLOWED.format(code="AAME")


def test_the_person_page_offers_an_absence_in_advance(client, world, next_week):
    client.force_login(world.cora)
    url = f"/allocations/{next_week.pk}/absence/"
    assert url in client.get("/people/A123456/").content.decode()
    empty = client.post(url, {"outcome": "", "notes": ""}).content.decode()
    assert "Choose the absence or rescheduling to record" in empty
    assert client.post(url, {"outcome": "RSOF", "notes": "Asked to move: job interview"}).status_code == 302
    assert AttendanceRecord.objects.get(allocation=next_week).outcome == "RSOF"
    client.force_login(world.nia)
    assert client.get(url).status_code == 404
