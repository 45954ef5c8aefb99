from upw import domain
from upw.models import Person, Skill


def test_it_redirects_anonymous_users_to_sign_in(client, world):
    r = client.get(f"/people/{world.alex.crn}/")
    assert r.status_code == 302
    assert r.url.startswith("/login/")


def test_it_refuses_partners(client, world):
    client.force_login(world.pat)
    assert client.get(f"/people/{world.alex.crn}/").status_code == 403


def test_it_refuses_supervisors(client, world):
    client.force_login(world.sam)
    assert client.get(f"/people/{world.alex.crn}/").status_code == 403


def test_it_hides_a_person_in_another_region(client, world):
    client.force_login(world.cora)
    r = client.get(f"/people/{world.bryn.crn}/")
    assert r.status_code == 404
    assert b"Bryn" not in r.content


def test_it_returns_404_for_an_unknown_crn(client, world):
    client.force_login(world.cora)
    assert client.get("/people/Z999999/").status_code == 404


def test_it_accepts_a_lower_case_crn(client, world):
    client.force_login(world.cora)
    assert client.get("/people/a123456/").status_code == 200


def test_it_shows_personal_and_sensitive_details_to_the_coordinator(client, world):
    client.force_login(world.cora)
    r = client.get(f"/people/{world.alex.crn}/")
    assert r.status_code == 200
    assert b'<h1 class="govuk-heading-l">Alex Jones</h1>' in r.content
    assert b"Theft from a shop" in r.content
    assert b"07700 900123" in r.content
    assert b"Newcastle" in r.content


def test_it_shows_each_requirement_with_a_progress_bar(client, world):
    world.alex_requirement.minutes_credited = 30 * 60
    world.alex_requirement.save()
    client.force_login(world.cora)
    r = client.get(f"/people/{world.alex.crn}/")
    assert b'<progress class="upw-progress"' in r.content
    assert b'max="7200" value="1800"' in r.content
    assert b"25% of hours completed" in r.content
    assert f'id="hours-owed-{world.alex_requirement.pk}">'.encode() in r.content
    assert b"90h" in r.content  # hours left
    assert b"style=" not in r.content


def test_it_lists_upcoming_sessions(client, world):
    client.force_login(world.cora)
    r = client.get(f"/people/{world.alex.crn}/")
    assert f'href="/sessions/{world.session_a.pk}/"'.encode() in r.content
    assert b"Jesmond Dene clearance" in r.content


def test_it_shows_the_availability_grid(client, world):
    Person.objects.filter(pk=world.alex.pk).update(
        availability_mask=domain.availability_mask([(0, 0), (0, 1)])  # Monday morning and afternoon
    )
    client.force_login(world.cora)
    r = client.get(f"/people/{world.alex.crn}/")
    grid = r.content.split(b"upw-availability")[1].split(b"</table>")[0]
    assert grid.count(b">Available<") == 2
    assert grid.count(b">Not available<") == 19
    assert b'<th scope="row" class="govuk-table__header">Monday</th>' in grid


def test_it_shows_restrictions_and_skills(client, world):
    Person.objects.filter(pk=world.alex.pk).update(no_children=True, supervisor_gender_restriction="not_male")
    world.alex.skills.add(Skill.objects.create(code="joinery", name="Joinery"))
    client.force_login(world.cora)
    r = client.get(f"/people/{world.alex.crn}/")
    assert b"No contact with children" in r.content
    assert b"Not with a male supervisor" in r.content
    assert b"Joinery" in r.content
