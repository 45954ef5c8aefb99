"""Which sessions cannot run, and where a coordinator is told: the session page, the dashboard, the list."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from upw.dayview import selectors
from upw.models import ProjectType, Session, SessionStatus

pytestmark = pytest.mark.django_db


def _flagged(today=None):
    return list(selectors.cannot_run(Session.objects.all(), today=today or timezone.localdate()))


def _book(session, n, world):
    for _ in range(n):
        f.AllocationFactory(requirement=f.RequirementFactory(person__pdu=world.newcastle), session=session)


def test_it_flags_a_booked_session_with_nobody_rostered(world, heaton):
    assert _flagged() == [heaton.session]
    reason = selectors.session_cannot_run(Session.objects.all(), session=heaton.session, today=timezone.localdate())
    assert reason == "No supervisor is rostered, and 2 people are booked."


def test_a_staffed_session_within_the_ratio_can_run(world):
    _book(world.session_a, 7, world)  # Alex and 7 more: 8 people, one supervisor, 8 people per supervisor
    assert _flagged() == []


def test_it_flags_more_people_than_the_rostered_supervisors_may_take(world):
    world.project_a.supervision_ratio = 2
    world.project_a.save()
    _book(world.session_a, 2, world)
    assert _flagged() == [world.session_a]
    reason = selectors.session_cannot_run(Session.objects.all(), session=world.session_a, today=timezone.localdate())
    assert reason == "3 people are booked but the 1 rostered supervisor may take 2 (2 people per supervisor)."
    f.SessionSupervisorFactory(session=world.session_a, supervisor__base_office__pdu=world.newcastle)
    assert _flagged() == []


def test_the_project_type_ratio_applies_when_it_is_stricter(world, settings):
    settings.UPW_ROTA = {**settings.UPW_ROTA, "RATIOS": {"group": 1, "induction": 12}}
    _book(world.session_a, 1, world)
    assert _flagged() == [world.session_a]


def test_sessions_the_partner_supervises_empty_stood_down_or_past_are_not_flagged(world, heaton):
    heaton.project.project_type = ProjectType.INDIVIDUAL
    heaton.project.save()
    f.SessionFactory(project=world.project_a, date=world.session_a.date, start_time=dt.time(7, 0))  # nobody booked
    past = f.SessionFactory(project=world.project_a, date=timezone.localdate() - dt.timedelta(days=3))
    _book(past, 1, world)
    stood_down = f.SessionFactory(
        project=world.project_a, date=world.session_a.date, start_time=dt.time(12, 0), status=SessionStatus.STOOD_DOWN
    )
    _book(stood_down, 1, world)
    assert _flagged() == []


def test_an_induction_session_with_nobody_rostered_is_flagged(world):
    induction = f.SessionFactory(
        project=f.ProjectFactory(organisation=world.org_a, site__pdu=world.newcastle, project_type="induction")
    )
    _book(induction, 1, world)
    assert _flagged() == [induction]


def test_the_session_page_warns_with_the_reason_and_the_fixes(client, world, heaton):
    client.force_login(world.cora)
    page = client.get(reverse("session", args=[heaton.session.pk])).content.decode()
    assert "This session cannot run. No supervisor is rostered, and 2 people are booked." in page
    assert reverse("session_merge", args=[heaton.session.pk]) in page
    assert reverse("stand_down_session", args=[heaton.session.pk]) in page
    assert reverse("session_bulk", args=[heaton.session.pk]) in page
    assert f"{reverse('rota-new')}?date={heaton.session.date:%Y-%m-%d}" in page


def test_the_session_page_of_a_session_that_can_run_has_no_warning(client, world):
    client.force_login(world.cora)
    assert "cannot run" not in client.get(reverse("session", args=[world.session_a.pk])).content.decode()


def test_a_partner_is_not_told_about_staffing(client, world, heaton):
    client.force_login(world.pat)
    page = client.get(reverse("session", args=[heaton.session.pk]))
    assert page.status_code == 200 and "cannot run" not in page.content.decode()


def test_the_dashboard_counts_them_and_links_to_the_list(client, world, heaton):
    client.force_login(world.cora)
    page = client.get(reverse("dashboard"))
    assert page.status_code == 200
    assert page.context["cannot_run"] == 1
    assert reverse("cannot_run") in page.content.decode()


def test_the_list_shows_a_coordinators_own_regions_only(client, world, heaton):
    client.force_login(world.cora)
    page = client.get(reverse("cannot_run"))
    assert list(page.context["page_obj"]) == [heaton.session]
    assert "No supervisor is rostered" in page.content.decode()
    client.force_login(world.nia)
    page = client.get(reverse("cannot_run"))
    assert list(page.context["page_obj"]) == []
    assert "Heaton Park" not in page.content.decode()
    client.force_login(world.nia)
    assert client.get(reverse("dashboard")).context["cannot_run"] == 0


def test_the_list_is_paginated(client, world, settings):
    settings.PAGE_SIZE = 2
    for hour in (7, 8, 10):
        session = f.SessionFactory(project=world.project_b, start_time=dt.time(hour, 0))
        f.AllocationFactory(requirement=f.RequirementFactory(person__pdu=world.cardiff), session=session)
    client.force_login(world.nia)
    first = client.get(reverse("cannot_run"))
    assert len(first.context["page_obj"]) == 2 and first.context["page_obj"].has_next()
    assert len(client.get(reverse("cannot_run") + "?page=2").context["page_obj"]) == 1


def test_partners_and_supervisors_are_refused_the_list(client, world, heaton):
    for user in (world.pat, world.sam):
        client.force_login(user)
        assert client.get(reverse("cannot_run")).status_code == 403


def test_staff_it_opens_a_rota_of_that_day_in_that_region(client, world, heaton):
    client.force_login(world.cora)
    day = heaton.session.date
    page = client.get(reverse("rota-new") + f"?date={day:%Y-%m-%d}&region={world.north_east.pk}")
    form = page.context["form"]
    assert form.initial["start_date"] == day and form.initial["end_date"] == day
    assert form.initial["region"] == world.north_east.pk


def test_staff_it_ignores_a_region_that_is_not_yours(client, world):
    client.force_login(world.cora)
    page = client.get(reverse("rota-new") + f"?date=nonsense&region={world.wales.pk}")
    assert "region" not in page.context["form"].initial and "start_date" not in page.context["form"].initial
