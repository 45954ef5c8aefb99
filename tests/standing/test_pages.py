"""The coordinator's pages: list, make, detail, pause and end."""

from scheduler.models import StandingAllocation
from scheduler.standing import services
from tests.standing.conftest import FIRST_FRIDAY, MONDAY


def form(world, **changes):
    return {
        "requirement": world.alex_requirement.pk,
        "project": world.project_a.pk,
        "weekday": "4",
        "frequency": "weekly",
        "start_date-day": str(FIRST_FRIDAY.day),
        "start_date-month": str(FIRST_FRIDAY.month),
        "start_date-year": str(FIRST_FRIDAY.year),
        **changes,
    }


def make(world):
    standing, _ = services.standing_create(
        requirement=world.alex_requirement, project=world.project_a, weekday=4, frequency="weekly",
        start_date=FIRST_FRIDAY, by=world.cora, today=MONDAY,
    )  # fmt: skip
    return standing


def test_it_makes_a_standing_allocation_and_shows_its_places_and_shortfalls(client, world, fridays):
    client.force_login(world.cora)

    r = client.post("/standing/new/A123456/", form(world), follow=True)

    standing = StandingAllocation.objects.get()
    assert r.redirect_chain[-1][0] == f"/standing/{standing.pk}/"
    page = r.content.decode()
    assert "Places booked (6)" in page and "Dates not booked (2)" in page
    assert services.BANK_HOLIDAY in page


def test_the_form_names_the_field_that_is_wrong(client, world, fridays):
    client.force_login(world.cora)

    r = client.post("/standing/new/A123456/", form(world, weekday="2"))

    assert r.status_code == 200
    page = r.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_start_date' in page
    assert "The start date must be a Wednesday" in page
    r = client.post("/standing/new/A123456/", form(world, project=""))
    assert "Select a project" in r.content.decode()
    assert not StandingAllocation.objects.exists()


def test_the_list_searches_and_the_person_page_links_to_it(client, world, fridays):
    make(world)
    client.force_login(world.cora)

    listed = client.get("/standing/", {"q": "A123456"})
    assert "Jesmond Dene clearance" in listed.content.decode()
    row = listed.context["page_obj"][0]
    assert (row.places, row.shortfall_count) == (6, 2)
    assert "No standing allocations found" in client.get("/standing/", {"q": "Z999999"}).content.decode()
    person_page = client.get("/people/A123456/").content.decode()
    assert "/standing/new/A123456/" in person_page


def test_ending_asks_first_then_cancels_the_places_ahead(client, world, fridays):
    standing = make(world)
    client.force_login(world.cora)

    ask = client.get(f"/standing/{standing.pk}/end/").content.decode()
    assert "End this standing allocation?" in ask and "The 6 places booked after today" in ask
    standing.refresh_from_db()
    assert standing.status == "active"

    client.post(f"/standing/{standing.pk}/end/")
    standing.refresh_from_db()
    assert standing.status == "ended"


def test_pausing_asks_first(client, world, fridays):
    standing = make(world)
    client.force_login(world.cora)

    assert "Pause this standing allocation?" in client.get(f"/standing/{standing.pk}/pause/").content.decode()
    client.post(f"/standing/{standing.pk}/pause/")
    standing.refresh_from_db()
    assert standing.status == "paused"


def test_another_region_is_not_found_and_other_roles_are_refused(client, world, fridays):
    standing = make(world)
    client.force_login(world.nia)
    assert client.get(f"/standing/{standing.pk}/").status_code == 404
    assert client.post(f"/standing/{standing.pk}/end/").status_code == 404
    assert client.get("/standing/new/A123456/").status_code == 404
    assert "Jesmond" not in client.get("/standing/").content.decode()
    for persona in (world.pat, world.sam):
        client.force_login(persona)
        assert client.get(f"/standing/{standing.pk}/").status_code == 403
        assert client.get("/standing/").status_code == 403
        assert client.post(f"/standing/{standing.pk}/end/").status_code == 403
    standing.refresh_from_db()
    assert standing.status == "active"
