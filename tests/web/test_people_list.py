import datetime as dt

from django.utils import timezone

from tests import factories as f


def test_it_redirects_anonymous_users_to_sign_in(client, world):
    r = client.get("/people/")
    assert r.status_code == 302
    assert r.url.startswith("/login/")


def test_it_refuses_partners(client, world):
    client.force_login(world.pat)
    assert client.get("/people/").status_code == 403


def test_it_refuses_supervisors(client, world):
    client.force_login(world.sam)
    assert client.get("/people/").status_code == 403


def test_it_lists_only_people_in_the_coordinators_region(client, world):
    client.force_login(world.cora)
    r = client.get("/people/")
    assert r.status_code == 200
    assert b"Alex Jones" in r.content
    assert b"A123456" in r.content
    assert b"Bryn Evans" not in r.content
    assert b"120" in r.content  # hours ordered


def test_it_searches_by_name(client, world):
    f.PersonFactory(first_name="Casey", last_name="Brown", pdu=world.newcastle)
    client.force_login(world.cora)
    r = client.get("/people/", {"q": "jones"})
    assert b"Alex Jones" in r.content
    assert b"Casey Brown" not in r.content


def test_it_searches_by_full_name(client, world):
    f.PersonFactory(first_name="Alex", last_name="Brown", pdu=world.newcastle)
    client.force_login(world.cora)
    r = client.get("/people/", {"q": "alex jones"})
    assert b"Alex Jones" in r.content
    assert b"Alex Brown" not in r.content


def test_it_searches_by_crn_in_any_case(client, world):
    f.PersonFactory(first_name="Casey", last_name="Brown", pdu=world.newcastle)
    client.force_login(world.cora)
    r = client.get("/people/", {"q": "a123456"})
    assert b"Alex Jones" in r.content
    assert b"Casey Brown" not in r.content


def test_it_never_finds_people_outside_the_region(client, world):
    client.force_login(world.cora)
    r = client.get("/people/", {"q": "W654321"})
    assert b"Bryn Evans" not in r.content
    assert b"No people match your search and filters" in r.content


def test_it_filters_by_pdu(client, world):
    gateshead = f.PDUFactory(code="gateshead", name="Gateshead", region=world.north_east)
    f.PersonFactory(first_name="Casey", last_name="Brown", pdu=gateshead)
    client.force_login(world.cora)
    r = client.get("/people/", {"pdu": gateshead.pk})
    assert b"Casey Brown" in r.content
    assert b"Alex Jones" not in r.content


def test_it_offers_only_pdus_of_visible_people(client, world):
    client.force_login(world.cora)
    r = client.get("/people/")
    assert b">Newcastle</option>" in r.content
    assert b">Cardiff</option>" not in r.content


def test_it_ignores_a_pdu_outside_the_region(client, world):
    client.force_login(world.cora)
    r = client.get("/people/", {"pdu": world.cardiff.pk, "q": "alex"})
    assert r.status_code == 200
    assert b"Alex Jones" in r.content


def test_it_filters_by_requirement_status(client, world):
    finished = f.RequirementFactory(person__first_name="Casey", person__pdu=world.newcastle, status="completed")
    client.force_login(world.cora)
    r = client.get("/people/", {"status": "completed"})
    assert finished.person.full_name.encode() in r.content
    assert b"Alex Jones" not in r.content
    r = client.get("/people/", {"status": "active"})
    assert finished.person.full_name.encode() not in r.content
    assert b"Alex Jones" in r.content


def test_it_filters_people_awaiting_a_first_session(client, world):
    waiting = f.RequirementFactory(person__first_name="Casey", person__pdu=world.newcastle)
    client.force_login(world.cora)
    r = client.get("/people/", {"awaiting": "on"})
    assert waiting.person.full_name.encode() in r.content
    assert b"Alex Jones" not in r.content


def test_it_filters_people_at_risk(client, world):
    today = timezone.localdate()
    late = f.RequirementFactory(
        person__first_name="Casey",
        person__pdu=world.newcastle,
        hours_ordered=200,
        sentence_date=today - dt.timedelta(days=330),
        deadline=today + dt.timedelta(days=35),
    )
    client.force_login(world.cora)
    r = client.get("/people/", {"at_risk": "on"})
    assert late.person.full_name.encode() in r.content
    assert b"Alex Jones" not in r.content


def test_it_paginates_more_than_25_people(client, world):
    for n in range(30):
        f.PersonFactory(first_name=f"Zed{n:02d}", last_name="Zulu", pdu=world.newcastle)
    client.force_login(world.cora)

    first = client.get("/people/", {"q": "zulu"})
    assert first.content.count(b'<tr class="govuk-table__row">') == 26  # header row + 25
    assert b'class="govuk-pagination"' in first.content
    assert b'href="?q=zulu&amp;page=2"' in first.content
    assert b"showing 1 to 25" in first.content

    second = client.get("/people/", {"q": "zulu", "page": 2})
    assert second.content.count(b'<tr class="govuk-table__row">') == 6
    assert b'aria-current="page">2<' in second.content


def test_it_shows_the_last_page_for_a_page_number_too_high(client, world):
    client.force_login(world.cora)
    r = client.get("/people/", {"page": 99})
    assert r.status_code == 200
    assert b"Alex Jones" in r.content


def test_it_shows_an_empty_state(client, world):
    client.force_login(world.cora)
    r = client.get("/people/", {"q": "nobody-called-this"})
    assert b"No people match your search and filters" in r.content
    assert b"govuk-table" not in r.content


def test_it_shows_limited_access_people_by_name_to_their_coordinator(client, world):
    f.PersonFactory(first_name="Dana", last_name="Secret", crn="L111111", pdu=world.newcastle, limited_access=True)
    client.force_login(world.cora)
    r = client.get("/people/")
    assert b"Dana Secret" in r.content


def test_it_shows_everybody_to_administrators(client, world):
    client.force_login(world.admin)
    r = client.get("/people/")
    assert b"Alex Jones" in r.content
    assert b"Bryn Evans" in r.content
