import datetime as dt

from django.utils import timezone

from tests import factories as f
from upw.core.selectors import week_start
from upw.models import Person


def _week_of(session) -> str:
    return week_start(session.date).isoformat()


def test_it_redirects_anonymous_users_to_sign_in(client, world):
    assert client.get("/sessions/").url.startswith("/login/")
    assert client.get(f"/sessions/{world.session_a.pk}/").url.startswith("/login/")


def test_it_shows_the_week_grouped_by_day(client, world):
    client.force_login(world.cora)
    r = client.get("/sessions/", {"week": world.session_a.date.isoformat()})
    assert r.status_code == 200
    monday = week_start(world.session_a.date)
    assert f"Week of {monday:%-d %B %Y}".encode() in r.content
    assert r.content.count(b'<h2 class="govuk-heading-m" id="day-') == 7
    day = r.content.split(f'id="day-{world.session_a.date:%Y-%m-%d}"'.encode())[1].split(b"<h2")[0]
    assert b"Jesmond Dene clearance" in day
    assert b"1 of 8" in day
    assert b"Sam Test" in day


def test_it_links_to_the_previous_and_next_weeks(client, world):
    client.force_login(world.cora)
    r = client.get("/sessions/", {"week": "2026-11-25"})
    assert b"Week of 23 November 2026" in r.content
    assert b'href="/sessions/?week=2026-11-16"' in r.content
    assert b'href="/sessions/?week=2026-11-30"' in r.content


def test_it_falls_back_to_this_week_for_a_bad_date(client, world):
    client.force_login(world.cora)
    r = client.get("/sessions/", {"week": "not-a-date"})
    assert r.status_code == 200
    assert b"Go to this week" not in r.content


def test_it_shows_only_sessions_in_scope(client, world):
    client.force_login(world.nia)
    r = client.get("/sessions/", {"week": _week_of(world.session_a)})
    assert b"Jesmond Dene clearance" not in r.content


def test_it_shows_supervisors_only_their_sessions(client, world):
    sids = f.SessionFactory(
        project=world.project_a, date=world.session_a.date, start_time=dt.time(18), end_time=dt.time(20)
    )
    f.SessionSupervisorFactory(session=sids, supervisor=world.sid.supervisor)
    client.force_login(world.sam)
    r = client.get("/sessions/", {"week": _week_of(world.session_a)})
    assert f'href="/sessions/{world.session_a.pk}/"'.encode() in r.content
    assert f'href="/sessions/{sids.pk}/"'.encode() not in r.content


def test_it_hides_supervisors_from_a_partners_week(client, world):
    client.force_login(world.pat)
    r = client.get("/sessions/", {"week": _week_of(world.session_a)})
    assert b"Jesmond Dene clearance" in r.content
    assert b"Supervisors" not in r.content
    assert b"Sam Test" not in r.content


def test_it_hides_a_session_outside_a_supervisors_rota(client, world):
    client.force_login(world.sam)
    assert client.get(f"/sessions/{world.session_not_sams.pk}/").status_code == 404


def test_it_hides_another_partners_session(client, world):
    client.force_login(world.pat)
    assert client.get(f"/sessions/{world.session_b.pk}/").status_code == 404


def test_it_hides_another_regions_session_from_a_coordinator(client, world):
    client.force_login(world.cora)
    assert client.get(f"/sessions/{world.session_b.pk}/").status_code == 404


def test_it_shows_the_coordinator_who_is_allocated(client, world):
    client.force_login(world.cora)
    r = client.get(f"/sessions/{world.session_a.pk}/")
    assert r.status_code == 200
    assert b'<a class="govuk-link" href="/people/A123456/">Alex Jones</a>' in r.content
    assert b"Sam Test" in r.content


def test_it_shows_the_supervisor_on_the_session_who_is_coming(client, world):
    client.force_login(world.sam)
    r = client.get(f"/sessions/{world.session_a.pk}/")
    assert r.status_code == 200
    assert b"Alex Jones" in r.content
    # Supervisors cannot open people's records, so the name is not a link.
    assert b'href="/people/' not in r.content


def test_it_shows_a_supervisor_only_the_crn_of_a_limited_access_person(client, world):
    Person.objects.filter(pk=world.alex.pk).update(limited_access=True)
    client.force_login(world.sam)
    r = client.get(f"/sessions/{world.session_a.pk}/")
    assert b"Alex Jones" not in r.content
    assert b"A123456" in r.content


def test_it_never_shows_a_partner_who_is_allocated(client, world):
    client.force_login(world.pat)
    r = client.get(f"/sessions/{world.session_a.pk}/")
    assert r.status_code == 200
    assert b'id="places-taken">1 of 8<' in r.content
    assert b"Alex" not in r.content
    assert b"Jones" not in r.content
    assert b"A123456" not in r.content
    assert b"Theft" not in r.content
    assert b"People allocated" not in r.content


def test_it_never_shows_a_partner_names_in_the_week_view(client, world):
    client.force_login(world.pat)
    r = client.get("/sessions/", {"week": _week_of(world.session_a)})
    assert b"Alex" not in r.content
    assert b"A123456" not in r.content


def test_it_counts_only_live_places(client, world):
    f.AllocationFactory(requirement__person__pdu=world.newcastle, session=world.session_a, status="cancelled")
    client.force_login(world.pat)
    r = client.get(f"/sessions/{world.session_a.pk}/")
    assert b'id="places-taken">1 of 8<' in r.content


def test_it_refuses_post(client, world):
    client.force_login(world.cora)
    assert client.post("/sessions/").status_code == 405
    assert client.post(f"/sessions/{world.session_a.pk}/").status_code == 405


def test_it_marks_today(client, world):
    f.SessionFactory(project=world.project_a, date=timezone.localdate(), start_time=dt.time(7))
    client.force_login(world.cora)
    r = client.get("/sessions/")
    assert b'<strong class="govuk-tag">Today</strong>' in r.content
