"""Induction booking goes through the hard rules every placement does (the matching checker)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.api import bearer
from tests.induction.conftest import booked, newcomer
from upw.induction import services as induction_services
from upw.models import Allocation, ExclusionZone, NonAssociation

pytestmark = pytest.mark.django_db


def _book(requirement, induction):
    return induction_services.induction_book(
        person=requirement.person, session=induction.session, by=induction.world.cora, today=timezone.localdate()
    )


def test_it_refuses_to_book_a_woman_as_the_only_woman_with_four_men(induction):
    for n in range(4):
        booked(induction, newcomer(induction.world, f"M10000{n}", gender="male"))
    woman = newcomer(induction.world, "F100001", gender="female")
    with pytest.raises(induction_services.InductionError) as refused:
        _book(woman, induction)
    assert "only woman in the mixed group" in str(refused.value)
    assert not Allocation.objects.filter(requirement=woman).exists()


def test_it_books_a_woman_when_another_woman_is_booked(induction):
    booked(induction, newcomer(induction.world, "M100000", gender="male"))
    booked(induction, newcomer(induction.world, "F100000", gender="female"))
    woman = newcomer(induction.world, "F100001", gender="female")
    assert _book(woman, induction).session == induction.session


def test_it_refuses_to_book_two_people_under_a_non_molestation_order_together(induction):
    first = newcomer(induction.world, "N100001")
    second = newcomer(induction.world, "N100002")
    a, b = sorted([first.person, second.person], key=lambda p: p.pk)
    NonAssociation.objects.create(person_a=a, person_b=b, reason="Non-molestation order")
    _book(first, induction)
    with pytest.raises(induction_services.InductionError) as refused:
        _book(second, induction)
    assert "must not be placed with someone already on" in str(refused.value)


def test_it_refuses_an_induction_inside_an_exclusion_zone(induction):
    person = newcomer(induction.world, "Z100001")
    ExclusionZone.objects.create(
        person=person.person, label="Victim's home", postcode="NE1 1AA", latitude=54.971, longitude=-1.611, radius_km=2
    )
    with pytest.raises(induction_services.InductionError) as refused:
        _book(person, induction)
    assert "inside one of Z100001's exclusion zones (Victim's home)" in str(refused.value)


def test_it_still_books_people_whose_work_placement_rules_would_not_fit_an_induction(induction):
    # Someone who may only work alone, or who asked for a female-only group, still needs an induction.
    alone = newcomer(induction.world, "I100001", individual_only=True)
    assert _book(alone, induction)
    woman = newcomer(induction.world, "F100002", gender="female", placement_preference="female_only")
    other_woman = newcomer(induction.world, "F100003", gender="female")
    booked(induction, other_woman)
    assert _book(woman, induction)


def test_the_person_page_shows_why_the_booking_was_refused(client, induction):
    for n in range(4):
        booked(induction, newcomer(induction.world, f"M20000{n}", gender="male"))
    woman = newcomer(induction.world, "F200001", gender="female")
    client.force_login(induction.world.cora)
    response = client.post(
        reverse("induction_book", args=[woman.person.crn]), {"session": induction.session.pk}, follow=True
    )
    content = response.content.decode()
    assert "This induction session is not allowed for this person" in content
    assert "only woman in the mixed group" in content
    assert not Allocation.objects.filter(requirement=woman).exists()


def test_the_api_books_an_induction(client, induction):
    person = newcomer(induction.world, "A200001")
    response = client.post(
        "/api/v1/induction/bookings",
        {"crn": "a200001", "session_id": induction.session.pk},
        content_type="application/json",
        **bearer(induction.world.cora),
    )
    assert response.status_code == 200
    assert response.json()["requirement_id"] == person.pk


def test_the_api_says_which_hard_rules_refuse_a_booking(client, induction):
    first = newcomer(induction.world, "N200001")
    second = newcomer(induction.world, "N200002")
    a, b = sorted([first.person, second.person], key=lambda p: p.pk)
    NonAssociation.objects.create(person_a=a, person_b=b, reason="Injunction")
    booked(induction, first)
    response = client.post(
        "/api/v1/induction/bookings",
        {"crn": "N200002", "session_id": induction.session.pk},
        content_type="application/json",
        **bearer(induction.world.cora),
    )
    assert response.status_code == 409
    body = response.json()
    assert body["reasons"] == [
        "N200002 must not be placed with someone already on Induction at Newcastle on "
        f"{induction.session.date:%a %d %b}."
    ]


def test_the_api_refuses_another_region_and_other_roles(client, induction):
    newcomer(induction.world, "A300001")
    payload = {"crn": "A300001", "session_id": induction.session.pk}
    nia = client.post(
        "/api/v1/induction/bookings", payload, content_type="application/json", **bearer(induction.world.nia)
    )
    assert nia.status_code == 404
    sam = client.post(
        "/api/v1/induction/bookings", payload, content_type="application/json", **bearer(induction.world.sam)
    )
    assert sam.status_code == 403
    assert not Allocation.objects.filter(requirement__person__crn="A300001").exists()


def test_a_session_the_rules_refuse_is_not_offered(induction):
    from upw.models import Session

    for n in range(4):
        booked(induction, newcomer(induction.world, f"M30000{n}", gender="male"))
    woman = newcomer(induction.world, "F300001", gender="female")
    man = newcomer(induction.world, "M300009", gender="male")
    today = timezone.localdate()
    offered = induction_services.sessions_offered(person=woman.person, sessions=Session.objects.all(), today=today)
    assert induction.session not in [o.session for o in offered]
    offered = induction_services.sessions_offered(person=man.person, sessions=Session.objects.all(), today=today)
    assert induction.session in [o.session for o in offered]


def test_a_woman_alone_on_an_empty_mixed_session_is_refused_as_in_matching(induction):
    # The same rule as matching's hand edits: a mixed group that would end with exactly one woman.
    # A women-only induction session, or a session with another woman booked, takes her.
    woman = newcomer(induction.world, "F400001", gender="female")
    with pytest.raises(induction_services.InductionError, match="only woman"):
        _book(woman, induction)
    induction.project.women_only = True
    induction.project.save()
    assert _book(woman, induction)
