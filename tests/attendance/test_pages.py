"""The phone pages, the absences pages, the dashboard lists and the person's timeline."""

import datetime as dt

from django.utils import timezone

from tests import factories as f
from upw.core import ledger, pace
from upw.models import AttendanceRecord, EnforcementAction, HoursLedgerEntry
from upw.models.attendance_sync import StaffNotice


def test_it_redirects_anonymous_users_to_sign_in(client, world, today_session):
    for url in ("/my/sessions/", f"/my/sessions/{today_session.pk}/", "/absences/"):
        assert client.get(url).url.startswith("/login/")


def test_it_lists_a_supervisors_sessions_today(client, world, today_session):
    client.force_login(world.sam)
    r = client.get("/my/sessions/")
    assert r.status_code == 200
    assert f'href="/my/sessions/{today_session.pk}/"'.encode() in r.content
    assert b"1</strong> person expected" in r.content
    assert b'href="/my/sessions/"' in r.content  # in the navigation


def test_it_shows_the_register_with_the_phone_script(client, world, today_session):
    client.force_login(world.sam)
    r = client.get(f"/my/sessions/{today_session.pk}/")
    assert r.status_code == 200
    assert f'data-allocation="{today_session.alex_allocation.pk}"'.encode() in r.content
    assert b"Alex Jones" in r.content and b"Check in" in r.content and b"Check out" in r.content
    assert b"js/attendance-offline.js" in r.content
    assert b"ATSH: Attended - sent home (behaviour)" in r.content
    assert b"AAME" not in r.content  # coordinators' codes are not offered to supervisors


def test_it_refuses_the_register_to_other_supervisors_and_partners(client, world, today_session):
    for user in (world.sid, world.pat, world.quinn):
        client.force_login(user)
        assert client.get(f"/my/sessions/{today_session.pk}/").status_code == 404


def test_it_shows_who_is_on_site(client, world, today_session):
    now = timezone.now()
    AttendanceRecord.objects.create(allocation=today_session.alex_allocation, arrived_at=now)
    client.force_login(world.sam)
    r = client.get(f"/my/sessions/{today_session.pk}/")
    assert f"On site since {timezone.localtime(now):%H:%M}".encode() in r.content


def _uacp(world):
    session = f.SessionFactory(project=world.project_a, date=timezone.localdate() - dt.timedelta(days=1))
    allocation = f.AllocationFactory(requirement=world.alex_requirement, session=session)
    return AttendanceRecord.objects.create(allocation=allocation, outcome="UACP", recorded_by=world.sam)


def test_it_lists_absences_to_review_for_coordinators_in_scope(client, world):
    record = _uacp(world)
    client.force_login(world.cora)
    r = client.get("/absences/")
    assert f'href="/absences/{record.pk}/"'.encode() in r.content
    client.force_login(world.nia)
    assert b"Nothing to review" in client.get("/absences/").content
    assert client.get(f"/absences/{record.pk}/").status_code == 404
    for user in (world.sam, world.pat):
        client.force_login(user)
        assert client.get("/absences/").status_code == 403


def test_it_shows_field_errors_on_the_decision_form(client, world):
    record = _uacp(world)
    client.force_login(world.cora)
    r = client.post(f"/absences/{record.pk}/", {"decision": "acceptable"})
    assert b"Select the acceptable absence code" in r.content
    assert b"Give the reason for the decision" in r.content


def test_it_records_a_warning_and_shows_it_on_the_timeline(client, world):
    record = _uacp(world)
    client.force_login(world.cora)
    r = client.post(f"/absences/{record.pk}/", {"decision": "unacceptable", "reason": "No contact"})
    assert r.status_code == 302
    assert EnforcementAction.objects.get().kind == "first_warning"
    page = client.get("/people/A123456/")
    assert b'id="timeline"' in page.content
    assert b"First warning letter" in page.content
    assert b"Unacceptable absence (UACP)" in page.content


def test_the_dashboard_lists_people_at_risk_waiting_and_notices(client, world):
    today = timezone.localdate()
    f.RequirementFactory(
        person=world.alex,
        hours_ordered=300,
        sentence_date=today - dt.timedelta(days=330),
        deadline=today + dt.timedelta(days=35),
    )
    waiting = f.PersonFactory(pdu=world.newcastle, first_name="Wendy", last_name="Waits")
    f.RequirementFactory(person=waiting)
    StaffNotice.objects.create(
        requirement=world.alex_requirement, kind="completed", message="A123456 has completed the hours"
    )
    pace.refresh_pace_flags()
    _uacp(world)
    client.force_login(world.cora)
    r = client.get("/dashboard/")
    at_risk = r.content.split(b'id="at-risk-list"')[1].split(b"</table>")[0]
    assert b"Alex Jones" in at_risk
    assert b"Wendy Waits" in r.content.split(b'id="waiting-first-session"')[1]
    assert b"A123456 has completed the hours" in r.content
    assert b"1 absence or failure to review" in r.content
    client.force_login(world.nia)
    r = client.get("/dashboard/")
    assert b"Alex Jones" not in r.content and b"completed the hours" not in r.content


def test_it_turns_reminders_off_and_on_from_the_person_page(client, world):
    client.force_login(world.cora)
    page = client.get("/people/A123456/")
    assert b"Turn reminders off (opt out)" in page.content
    r = client.post("/people/A123456/reminders/", {"reminders": "off"})
    assert r.status_code == 302 and r.url == "/people/A123456/#reminders"
    world.alex.refresh_from_db()
    assert world.alex.reminders_opt_out
    assert world.alex.history.first().reminders_opt_out  # in the person's history
    assert b"Turn reminders on" in client.get("/people/A123456/").content
    client.post("/people/A123456/reminders/", {"reminders": "on"})
    world.alex.refresh_from_db()
    assert not world.alex.reminders_opt_out
    client.force_login(world.nia)
    assert client.post("/people/A123456/reminders/", {"reminders": "off"}).status_code == 404
    assert client.get("/people/A123456/reminders/").status_code == 405


def test_it_marks_a_notice_as_read(client, world):
    notice = StaffNotice.objects.create(requirement=world.alex_requirement, kind="completed", message="Done")
    client.force_login(world.nia)
    assert client.post(f"/notices/{notice.pk}/acknowledge/").status_code == 404
    client.force_login(world.cora)
    assert b"Mark as read" in client.get("/dashboard/").content
    assert client.post(f"/notices/{notice.pk}/acknowledge/").status_code == 302
    notice.refresh_from_db()
    assert notice.acknowledged_by == world.cora
    assert b"Mark as read" not in client.get("/dashboard/").content


def test_it_shows_the_warning_letter_on_the_timeline(client, world):
    record = _uacp(world)
    client.force_login(world.cora)
    client.post(f"/absences/{record.pk}/", {"decision": "unacceptable", "reason": "No contact"})
    page = client.get("/people/A123456/")
    assert b"Letter text" in page.content and b"This failure is unacceptable." in page.content


def test_it_adds_an_adjustment_once_however_often_the_form_is_sent(client, world):
    client.force_login(world.cora)
    page = client.get(f"/requirements/{world.alex_requirement.pk}/adjust/")
    key = page.content.split(b'name="idempotency_key" value="')[1].split(b'"')[0].decode()
    data = {"reason_code": "court_variation", "minutes": "90", "reason": "Varied on appeal", "idempotency_key": key}
    for _ in range(2):
        assert client.post(f"/requirements/{world.alex_requirement.pk}/adjust/", data).status_code == 302
    world.alex_requirement.refresh_from_db()
    assert world.alex_requirement.minutes_credited == 90
    assert HoursLedgerEntry.objects.count() == 1
    r = client.post(f"/requirements/{world.alex_requirement.pk}/adjust/", {"minutes": "0", "reason": ""})
    assert b"Enter a number of minutes other than zero" in r.content
    assert b"Give the details of the adjustment" in r.content
    assert b"Choose a reason for the adjustment" in r.content
    client.force_login(world.nia)
    assert client.get(f"/requirements/{world.alex_requirement.pk}/adjust/").status_code == 404


def test_it_reverses_an_entry_after_confirmation(client, world):
    entry = ledger.ledger_adjust(
        requirement_id=world.alex_requirement.pk, minutes=60, reason="Travel", author=world.cora
    )
    client.force_login(world.cora)
    timeline = client.get("/people/A123456/")
    assert f'href="/ledger/{entry.pk}/reverse/"'.encode() in timeline.content
    confirm = client.get(f"/ledger/{entry.pk}/reverse/")
    assert b"Reverse this ledger entry?" in confirm.content
    assert client.post(f"/ledger/{entry.pk}/reverse/", {"reason": "Wrong order"}).status_code == 302
    world.alex_requirement.refresh_from_db()
    assert world.alex_requirement.minutes_credited == 0
    assert f'href="/ledger/{entry.pk}/reverse/"'.encode() not in client.get("/people/A123456/").content
    again = client.post(f"/ledger/{entry.pk}/reverse/", {"reason": "Again"})
    assert b"This entry has already been reversed." in again.content
    client.force_login(world.nia)
    assert client.get(f"/ledger/{entry.pk}/reverse/").status_code == 404
    client.force_login(world.sam)
    assert client.get(f"/ledger/{entry.pk}/reverse/").status_code == 403


def test_it_says_so_when_an_absence_was_decided_meanwhile(client, world):
    record = _uacp(world)
    client.force_login(world.cora)
    data = {"decision": "unacceptable", "reason": "No contact"}
    client.post(f"/absences/{record.pk}/", data)
    r = client.post(f"/absences/{record.pk}/", data, follow=True)
    assert b"A decision has already been recorded for this attendance." in r.content
    assert EnforcementAction.objects.count() == 1


def test_the_session_page_links_to_the_register_for_those_who_record(client, world, today_session):
    link = f'href="/my/sessions/{today_session.pk}/" id="record-attendance"'.encode()
    client.force_login(world.sam)
    assert link in client.get(f"/sessions/{today_session.pk}/").content
    client.force_login(world.pat)  # a group session: the partner does not record it
    r = client.get(f"/sessions/{today_session.pk}/")
    assert r.status_code == 200 and link not in r.content
