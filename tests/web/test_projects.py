import datetime as dt

from django.utils import timezone

from partners.models import ScheduleSlot
from tests import factories as f


def test_it_redirects_anonymous_users_to_sign_in(client, world):
    r = client.get("/projects/")
    assert r.status_code == 302
    assert r.url.startswith("/login/")


def test_it_shows_partners_only_their_projects(client, world):
    client.force_login(world.pat)
    r = client.get("/projects/")
    assert r.status_code == 200
    assert b"Jesmond Dene clearance" in r.content
    assert b"Food bank warehouse" not in r.content


def test_it_hides_another_partners_project(client, world):
    client.force_login(world.pat)
    assert client.get(f"/projects/{world.project_b.pk}/").status_code == 404


def test_it_hides_another_regions_project_from_a_coordinator(client, world):
    client.force_login(world.cora)
    assert client.get(f"/projects/{world.project_b.pk}/").status_code == 404


def test_it_searches_by_name_and_partner(client, world):
    f.ProjectFactory(organisation=world.org_a, site__pdu=world.newcastle, name="Leazes Park planting")
    client.force_login(world.cora)
    r = client.get("/projects/", {"q": "leazes"})
    assert b"Leazes Park planting" in r.content
    assert b"Jesmond Dene clearance" not in r.content
    r = client.get("/projects/", {"q": "tyneside"})
    assert b"Leazes Park planting" in r.content
    assert b"Jesmond Dene clearance" in r.content


def test_it_filters_by_status_and_type(client, world):
    f.ProjectFactory(
        organisation=world.org_a, site__pdu=world.newcastle, name="Shop rota", status="draft", project_type="individual"
    )
    client.force_login(world.cora)
    r = client.get("/projects/", {"status": "draft"})
    assert b"Shop rota" in r.content
    assert b"Jesmond Dene clearance" not in r.content
    r = client.get("/projects/", {"project_type": "group"})
    assert b"Shop rota" not in r.content
    assert b"Jesmond Dene clearance" in r.content


def test_it_paginates_projects(client, world):
    for n in range(26):
        f.ProjectFactory(organisation=world.org_a, site__pdu=world.newcastle, name=f"Zz project {n:02d}")
    client.force_login(world.cora)
    r = client.get("/projects/", {"page": 2})
    assert b"Zz project 25" in r.content
    assert b"showing 26 to 27" in r.content


def test_it_shows_an_empty_state(client, world):
    client.force_login(world.cora)
    r = client.get("/projects/", {"q": "no such project"})
    assert b"No projects match your search and filters" in r.content


def test_it_shows_a_project_with_its_schedule_and_sessions(client, world):
    ScheduleSlot.objects.create(project=world.project_a, weekday=2, start_time=dt.time(9), end_time=dt.time(16))
    client.force_login(world.cora)
    r = client.get(f"/projects/{world.project_a.pk}/")
    assert r.status_code == 200
    assert b"Weekly on Wednesday, 09:00-16:00" in r.content
    assert b"No contact with children" in r.content
    assert f'href="/sessions/{world.session_a.pk}/"'.encode() in r.content
    assert b"1 of 8" in r.content  # places taken


def test_it_leaves_past_sessions_off_the_project_page(client, world):
    past = f.SessionFactory(project=world.project_a, date=timezone.localdate() - dt.timedelta(days=40))
    client.force_login(world.cora)
    r = client.get(f"/projects/{world.project_a.pk}/")
    assert f'href="/sessions/{past.pk}/"'.encode() not in r.content


def test_it_shows_a_partner_counts_but_no_names_on_the_project_page(client, world):
    client.force_login(world.pat)
    r = client.get(f"/projects/{world.project_a.pk}/")
    assert r.status_code == 200
    assert b"Alex" not in r.content
    assert b"A123456" not in r.content


def test_it_lets_a_supervisor_open_the_project_of_their_session(client, world):
    client.force_login(world.sam)
    assert client.get(f"/projects/{world.project_a.pk}/").status_code == 200
    assert client.get(f"/projects/{world.project_b.pk}/").status_code == 404
