"""What the demo walkthrough found on the attendance pages: hours in the timeline, today's
worked session under past sessions, no outcome by accident, the late note after a sync, named
completion notices and the person page's order."""

import datetime as dt
import json
import uuid

from django.utils import timezone

from tests import factories as f
from upw.attendance import selectors as attendance_selectors
from upw.attendance import services as service
from upw.core import ledger, notices
from upw.models import AttendanceRecord, HoursLedgerEntry
from upw.models.attendance_sync import StaffNotice, SyncAction

from .conftest import ATTENDED, at

SYNC = "/api/v1/attendance/actions"


def act(user, allocation, kind, key, client_at, **payload):
    return service.attendance_apply_action(
        user=user, key=key, allocation_id=allocation.pk, kind=kind, payload=payload, client_at=client_at
    )


def _section(content: bytes, start: bytes, end: bytes) -> bytes:
    return content.split(start)[1].split(end)[0]


# 1. The timeline gives amounts in hours, like the rest of the service.


def test_the_timeline_shows_ledger_amounts_in_hours(client, world, today_session):
    day, allocation = today_session.date, today_session.alex_allocation
    act(world.sam, allocation, "check_in", "key-in-0001", at(day, "09:00"), at=at(day, "09:00").isoformat())
    act(
        world.sam,
        allocation,
        "check_out",
        "key-out-0001",
        at(day, "16:30"),
        at=at(day, "16:30").isoformat(),
        **ATTENDED,
    )
    entry = ledger.ledger_adjust(
        requirement_id=world.alex_requirement.pk, minutes=-90, reason="Court variation", author=world.cora
    )
    client.force_login(world.cora)
    timeline = _section(client.get("/people/A123456/").content, b'id="timeline"', b'id="reminders"')
    assert b"Hours credited for attendance: +7h<" in timeline  # 7h30 less the 30-minute break
    assert b"Adjustment: -1h 30m" in timeline
    assert b"minutes" not in timeline
    confirm = client.get(f"/ledger/{entry.pk}/reverse/").content
    assert b"Adjustment: -1h 30m" in confirm and b"minutes" not in confirm


# 2. On the person page, a session with attendance recorded (or over) is past, not upcoming.


def test_todays_worked_session_is_listed_as_past_not_upcoming(client, world, today_session):
    AttendanceRecord.objects.create(
        allocation=today_session.alex_allocation,
        arrived_at=at(today_session.date, "09:00"),
        left_at=at(today_session.date, "12:00"),
        outcome="ATTC",
    )
    client.force_login(world.cora)
    page = client.get("/people/A123456/").content
    upcoming = _section(page, b'id="upcoming-sessions"', b'id="past-sessions"')
    past = _section(page, b'id="past-sessions"', b"</table>")
    today_link = f'href="/sessions/{today_session.pk}/"'.encode()
    assert today_link not in upcoming
    assert today_link in past and b"Attended - complied (ATTC)" in past
    assert f'href="/sessions/{world.session_a.pk}/"'.encode() in upcoming  # in two days' time


def test_sessions_split_by_what_is_recorded_and_the_time_of_day(world, today_session):
    today = today_session.date
    allocations = world.alex_requirement.allocations.all()
    before = attendance_selectors.person_sessions(allocations=allocations, now=at(today, "08:00"))
    assert [a.session for a in before["upcoming"]] == [today_session, world.session_a]
    assert before["past"] == [] and before["past_total"] == 0

    # Over and nothing recorded: past, "Not recorded".
    after = attendance_selectors.person_sessions(allocations=allocations, now=at(today, "17:00"))
    assert [a.session for a in after["upcoming"]] == [world.session_a]
    assert [(a.session, a.record, a.credited) for a in after["past"]] == [(today_session, None, 0)]

    # Checked in this morning: no longer upcoming although the session has not ended.
    act(world.sam, today_session.alex_allocation, "check_in", "key-in-0001", at(today, "09:00"))
    during = attendance_selectors.person_sessions(allocations=allocations, now=at(today, "10:00"))
    assert [a.session for a in during["upcoming"]] == [world.session_a]
    assert [a.session for a in during["past"]] == [today_session]

    # A cancelled allocation with nothing recorded is in neither list; the credit is summed.
    act(world.sam, today_session.alex_allocation, "check_out", "key-out-0001", at(today, "12:00"), **ATTENDED)
    world.session_a.allocations.update(status="cancelled")
    done = attendance_selectors.person_sessions(allocations=allocations, now=at(today, "13:00"))
    assert list(done["upcoming"]) == []
    assert [(a.session, a.credited) for a in done["past"]] == [(today_session, 180)]


def test_past_sessions_are_capped_newest_first(world):
    today = timezone.localdate()
    for days in range(1, 13):
        session = f.SessionFactory(
            project=world.project_a, date=today - dt.timedelta(days=days), start_time=dt.time(10)
        )
        f.AllocationFactory(requirement=world.alex_requirement, session=session)
    split = attendance_selectors.person_sessions(
        allocations=world.alex_requirement.allocations.all(), now=timezone.now(), past_limit=10
    )
    dates = [a.session.date for a in split["past"]]
    assert len(dates) == 10 and dates == sorted(dates, reverse=True) and dates[0] == today - dt.timedelta(days=1)
    assert split["past_total"] == 12
    assert [a.session for a in split["upcoming"]] == [world.session_a]


# 3. No outcome by accident.


def test_the_outcome_select_starts_blank(client, world, today_session):
    client.force_login(world.sam)
    page = client.get(f"/my/sessions/{today_session.pk}/").content.decode()
    select = page.split(f'id="outcome-{today_session.alex_allocation.pk}"')[1].split("</select>")[0]
    options = select.split("<option")[1:]
    assert options[0].startswith(' value="" selected>Choose an outcome</option>')
    assert not any("selected" in option for option in options[1:])


def test_a_recorded_outcome_stays_selected(client, world, today_session):
    AttendanceRecord.objects.create(allocation=today_session.alex_allocation, outcome="AFTC")
    client.force_login(world.sam)
    page = client.get(f"/my/sessions/{today_session.pk}/").content.decode()
    select = page.split(f'id="outcome-{today_session.alex_allocation.pk}"')[1].split("</select>")[0]
    assert '<option value="">Choose an outcome</option>' in select
    assert '<option value="AFTC" selected>' in select


def test_the_server_rejects_an_outcome_action_without_an_outcome(world, today_session):
    day, allocation = today_session.date, today_session.alex_allocation
    for n, payload in enumerate(({}, {"outcome": ""}, {"outcome": "  "}, {"outcome": None})):
        result = act(world.sam, allocation, "outcome", f"key-blank-{n:04d}", at(day, "10:00"), **payload)
        assert result.action.status == "rejected"
        assert result.action.result["error"] == "Choose an outcome."
        assert result.action.result["field"] == "outcome"
    assert not AttendanceRecord.objects.exists()
    # Other field-level rejections name their field too.
    sent_home = act(world.sam, allocation, "outcome", "key-home-0001", at(day, "10:00"), outcome="ATSH")
    assert (sent_home.action.result["error"], sent_home.action.result["field"]) == (
        "Say why the person was sent home.",
        "sent_home_reason",
    )
    # A check-out still records ATTC unless another outcome was chosen (as documented).
    act(world.sam, allocation, "check_in", "key-in-0001", at(day, "09:00"))
    act(world.sam, allocation, "check_out", "key-out-0001", at(day, "12:00"), **ATTENDED)
    assert AttendanceRecord.objects.get().outcome == "ATTC"


def test_the_sync_api_answers_a_missing_outcome_clearly(client, world, today_session):
    client.force_login(world.sam)
    action = {
        "key": str(uuid.uuid4()),
        "allocation": today_session.alex_allocation.pk,
        "kind": "outcome",
        "payload": {"outcome": "", "notes": "x"},
        "client_at": at(today_session.date, "10:00").isoformat(),
    }
    r = client.post(SYNC, data=json.dumps({"actions": [action]}), content_type="application/json")
    [result] = r.json()["results"]
    assert (result["status"], result["error"]) == ("rejected", "Choose an outcome.")
    assert SyncAction.objects.get().status == "rejected"


# 4. The sync answer carries the late note's minutes.


def test_the_sync_answer_says_how_late_the_person_arrived(client, world, today_session):
    day, allocation = today_session.date, today_session.alex_allocation
    late = act(world.sam, allocation, "check_in", "key-in-0001", at(day, "09:01"), at=at(day, "09:10").isoformat())
    assert late.action.result["attendance"]["late_minutes"] == 10
    client.force_login(world.sam)
    action = {
        "key": str(uuid.uuid4()),
        "allocation": allocation.pk,
        "kind": "check_in",
        "payload": {"at": at(day, "08:55").isoformat()},
        "client_at": at(day, "09:02").isoformat(),
    }
    r = client.post(SYNC, data=json.dumps({"actions": [action]}), content_type="application/json")
    assert r.json()["results"][0]["attendance"]["late_minutes"] == 0
    # ...the same as the page says after a reload.
    act(world.sam, allocation, "check_in", "key-in-0003", at(day, "09:03"), at=at(day, "09:10").isoformat())
    assert b"On site since 09:10 (late 10 min)" in client.get(f"/my/sessions/{today_session.pk}/").content


# 5. The "hours completed" notice names the person.


def test_the_completion_notice_names_the_person_with_the_crn(client, world):
    ledger.ledger_adjust(
        requirement_id=world.alex_requirement.pk,
        minutes=120 * 60,
        reason="Carried in",
        author=None,
        reason_code="hours_worked_elsewhere",
    )
    notice = StaffNotice.objects.get(requirement=world.alex_requirement, kind="completed")
    assert notice.message.startswith("Alex Jones (A123456) has completed the 120 hours of order ")
    client.force_login(world.cora)
    assert b"Alex Jones (A123456) has completed the 120 hours" in client.get("/dashboard/").content


def test_a_limited_access_case_is_named_by_crn_only_in_notices(world):
    world.alex.limited_access = True
    world.alex.save()
    assert notices.person_reference(world.alex) == "A123456"
    ledger.ledger_adjust(
        requirement_id=world.alex_requirement.pk,
        minutes=120 * 60,
        reason="Carried in",
        author=None,
        reason_code="hours_worked_elsewhere",
    )
    assert StaffNotice.objects.get().message.startswith("A123456 has completed")
    assert HoursLedgerEntry.objects.count() == 1


# 6. The person page puts assessment and induction before the timeline and reminders.


def test_the_person_page_shows_assessment_and_induction_before_the_timeline(client, world):
    client.force_login(world.cora)
    page = client.get("/people/A123456/").content
    intake = page.index(b'id="intake-heading"')
    assert page.index(b'id="past-sessions"') < intake < page.index(b'id="pace"')
    assert intake < page.index(b'id="timeline"') < page.index(b'id="reminders"')
