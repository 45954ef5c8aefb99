"""Selecting people on a session page or the people list and changing their places together."""

import pytest
from django.urls import reverse

from upw.models import AllocationStatus

pytestmark = pytest.mark.django_db


def _post(client, url, places, **data):
    return client.post(url, {"allocation": [p.pk for p in places], "idempotency_key": "page-key-1", **data})


def test_the_session_page_offers_each_changeable_place_with_a_checkbox(client, world, heaton):
    client.force_login(world.cora)
    html = client.get(reverse("session", args=[heaton.session.pk])).content.decode()
    assert 'id="bulk-form"' in html
    for place in heaton.places:
        assert f'name="allocation" type="checkbox" value="{place.pk}"' in html
    assert reverse("session_bulk", args=[heaton.session.pk]) in html


def test_a_bulk_cancel_from_the_session_reports_each_person(client, world, heaton):
    client.force_login(world.cora)
    page = _post(
        client, reverse("session_bulk", args=[heaton.session.pk]), heaton.places, action="cancel", reason="other"
    )
    assert page.status_code == 200
    result = page.context["result"]
    assert result.done == 2
    html = page.content.decode()
    assert "2 done, 0 not done" in html
    assert all(p.requirement.person.crn in html for p in heaton.places)
    assert not heaton.session.allocations.filter(status=AllocationStatus.ALLOCATED).exists()


def test_a_double_submit_changes_nothing_twice(client, world, heaton):
    client.force_login(world.cora)
    url = reverse("session_bulk", args=[heaton.session.pk])
    _post(client, url, heaton.places, action="move", session=world.session_a.pk)
    again = _post(client, url, heaton.places, action="move", session=world.session_a.pk)
    assert again.context["result"].repeated
    assert "already done" in again.content.decode()
    assert world.session_a.allocations.filter(requirement=heaton.requirements[0]).count() == 1


def test_a_move_without_a_session_is_an_error_on_the_form(client, world, heaton):
    client.force_login(world.cora)
    page = _post(client, reverse("session_bulk", args=[heaton.session.pk]), heaton.places, action="move")
    assert page.status_code == 200 and "Choose the session to move them to" in page.content.decode()
    assert "There is a problem" in page.content.decode()
    assert heaton.session.allocations.filter(status=AllocationStatus.ALLOCATED).count() == 2


def test_places_of_another_session_cannot_be_slipped_in(client, world, heaton):
    alex_place = world.session_a.allocations.get()
    client.force_login(world.cora)
    page = _post(
        client, reverse("session_bulk", args=[heaton.session.pk]), [alex_place], action="cancel", reason="other"
    )
    assert page.context["form"].errors["allocation"]
    alex_place.refresh_from_db()
    assert alex_place.status == AllocationStatus.ALLOCATED


def test_another_regions_coordinator_gets_404_and_partners_403(client, world, heaton):
    url = reverse("session_bulk", args=[heaton.session.pk])
    client.force_login(world.nia)
    assert client.get(url).status_code == 404
    assert _post(client, url, heaton.places, action="cancel", reason="other").status_code == 404
    client.force_login(world.pat)
    assert _post(client, url, heaton.places, action="cancel", reason="other").status_code == 403
    assert heaton.session.allocations.filter(status=AllocationStatus.ALLOCATED).count() == 2


def test_from_the_people_list_each_persons_next_place_is_selected(client, world, heaton):
    crns = [r.person.crn for r in heaton.requirements]
    client.force_login(world.cora)
    page = client.get(reverse("people_bulk"), {"crn": crns})
    assert {p.pk for p in page.context["places"]} == {p.pk for p in heaton.places}
    assert page.context["checked"] == {str(p.pk) for p in heaton.places}
    done = client.post(
        reverse("people_bulk"),
        {
            "crn": crns,
            "allocation": [heaton.places[0].pk],
            "action": "cancel",
            "reason": "duplicate",
            "idempotency_key": "list-key",
        },
    )
    assert done.context["result"].done == 1
    assert heaton.session.allocations.filter(status=AllocationStatus.ALLOCATED).count() == 1


def test_the_people_list_leaves_out_people_of_another_region(client, world, heaton):
    client.force_login(world.nia)
    page = client.get(reverse("people_bulk"), {"crn": [r.person.crn for r in heaton.requirements]})
    assert page.status_code == 200 and page.context["places"] == []
    assert heaton.requirements[0].person.crn not in page.content.decode()


def test_the_people_list_has_checkboxes_that_lead_to_the_bulk_page(client, world):
    client.force_login(world.cora)
    html = client.get(reverse("people")).content.decode()
    assert reverse("people_bulk") in html
    assert 'name="crn" type="checkbox" value="A123456"' in html
