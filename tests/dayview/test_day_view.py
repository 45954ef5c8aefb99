"""The day view: a region's sessions of a day, who is booked and staffing, and what needs doing."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from upw.models import AttendanceRecord, SessionStatus

pytestmark = pytest.mark.django_db


def _day(client, day):
    return client.get(reverse("day_view") + f"?date={day:%Y-%m-%d}")


def test_it_shows_today_and_tomorrow_by_default(client, world):
    today = timezone.localdate()
    f.SessionFactory(project=world.project_a, date=today, start_time=dt.time(8, 0))
    f.SessionFactory(project=world.project_a, date=today + dt.timedelta(days=1), start_time=dt.time(8, 0))
    client.force_login(world.cora)
    page = client.get(reverse("day_view"))
    assert [d.date for d in page.context["days"]] == [today, today + dt.timedelta(days=1)]
    assert [len(d.sessions) for d in page.context["days"]] == [1, 1]
    assert "Today, " in page.content.decode() and "Tomorrow, " in page.content.decode()


def test_a_chosen_day_shows_who_is_booked_and_who_is_staffing(client, world, heaton):
    client.force_login(world.cora)
    page = _day(client, world.session_a.date)
    (day,) = page.context["days"]
    rows = {row.session: row for row in day.sessions}
    assert set(rows) == {world.session_a, heaton.session}
    assert [a.supervisor.user for a in rows[world.session_a].supervisors] == [world.sam]
    assert not rows[world.session_a].unstaffed and not rows[world.session_a].cannot_run
    assert rows[heaton.session].unstaffed and rows[heaton.session].cannot_run
    assert day.cannot_run == 1 and day.unstaffed == 1
    html = page.content.decode()
    assert "A123456" in html and "Nobody rostered" in html and "This session cannot run." in html


def test_it_shows_what_is_stood_down_and_what_has_no_outcome_yet(client, world):
    today = timezone.localdate()
    running = f.SessionFactory(project=world.project_a, date=today, start_time=dt.time(8, 0))
    f.SessionSupervisorFactory(session=running, supervisor__base_office__pdu=world.newcastle)
    done = f.AllocationFactory(requirement=f.RequirementFactory(person__pdu=world.newcastle), session=running)
    AttendanceRecord.objects.create(allocation=done, outcome="ATTC")
    f.AllocationFactory(requirement=f.RequirementFactory(person__pdu=world.newcastle), session=running)
    f.SessionFactory(project=world.project_a, date=today, start_time=dt.time(12, 0), status=SessionStatus.STOOD_DOWN)
    client.force_login(world.cora)
    (day,) = _day(client, today).context["days"]
    assert day.stood_down == 1
    assert day.without_outcome == 1
    html = _day(client, today).content.decode()
    assert "ATTC" in html and "no outcome yet" in html and "Stood down" in html


def test_another_regions_sessions_are_left_out(client, world, heaton):
    f.AllocationFactory(requirement=world.bryn_requirement, session=world.session_b)
    client.force_login(world.nia)
    (day,) = _day(client, world.session_a.date).context["days"]
    assert [row.session for row in day.sessions] == [world.session_b]
    html = _day(client, world.session_a.date).content.decode()
    assert "Heaton Park" not in html and "A123456" not in html


def test_partners_and_supervisors_are_refused(client, world):
    for user in (world.pat, world.sam):
        client.force_login(user)
        assert client.get(reverse("day_view")).status_code == 403


def test_a_date_that_is_not_one_falls_back_to_today_and_says_so(client, world):
    client.force_login(world.cora)
    page = client.get(reverse("day_view") + "?date=2026-02-31")
    assert page.status_code == 200 and "Enter a real date" in page.content.decode()
    assert page.context["days"][0].date == timezone.localdate()


def test_it_prints_without_the_navigation(client, world):
    client.force_login(world.cora)
    assert "css/dayview.css" in client.get(reverse("day_view")).content.decode()
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "css" / "dayview.css").read_text()
    assert "@media print" in css and ".govuk-service-navigation" in css
