import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from upw.core import selectors
from upw.induction import services as induction
from upw.models import Allocation, AllocationStatus, AttendanceRecord, Requirement

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(induction_world):
    world = induction_world.world
    person = f.PersonFactory(crn="K300001", pdu=world.newcastle, latitude=54.97, longitude=-1.61)
    requirement = f.RequirementFactory(person=person, induction_completed_on=None)
    return requirement


def test_it_offers_the_nearest_induction_sessions_with_space_first(induction_world, newcomer):
    offers = induction.sessions_offered(
        person=newcomer.person,
        sessions=induction_world.project.sessions.model.objects.all(),
        today=timezone.localdate(),
    )
    assert [o.session for o in offers] == [induction_world.small, induction_world.big, induction_world.distant]
    assert offers[0].places_left == 1


def test_it_books_an_induction_and_refuses_a_full_session(induction_world, newcomer):
    world = induction_world.world
    today = timezone.localdate()
    booking = induction.induction_book(
        person=newcomer.person, session=induction_world.small, by=world.cora, today=today
    )
    assert booking.requirement == newcomer and booking.status == AllocationStatus.ALLOCATED
    # Booking the same session again changes nothing.
    again = induction.induction_book(person=newcomer.person, session=induction_world.small, by=world.cora, today=today)
    assert again == booking

    other = f.PersonFactory(crn="K300002", pdu=world.newcastle)
    f.RequirementFactory(person=other, induction_completed_on=None)
    with pytest.raises(induction.InductionError, match="full"):
        induction.induction_book(person=other, session=induction_world.small, by=world.cora, today=today)
    # The full session is no longer offered.
    offers = induction.sessions_offered(person=other, sessions=type(induction_world.small).objects.all(), today=today)
    assert induction_world.small not in [o.session for o in offers]


def test_booking_another_session_moves_the_booking(induction_world, newcomer):
    world, today = induction_world.world, timezone.localdate()
    first = induction.induction_book(person=newcomer.person, session=induction_world.small, by=world.cora, today=today)
    induction.induction_book(person=newcomer.person, session=induction_world.big, by=world.cora, today=today)
    first.refresh_from_db()
    assert first.status == AllocationStatus.CANCELLED
    assert induction.current_booking(newcomer.person).session == induction_world.big


def test_marking_the_induction_done_early_frees_the_place_booked_later(induction_world, newcomer):
    world, today = induction_world.world, timezone.localdate()
    booking = induction.induction_book(
        person=newcomer.person, session=induction_world.small, by=world.cora, today=today
    )
    assert booking.session.date > today
    induction.induction_complete(person=newcomer.person, on=today, today=today)
    booking.refresh_from_db()
    assert booking.status == AllocationStatus.CANCELLED
    assert induction.current_booking(newcomer.person) is None


def test_it_needs_an_assessment_before_booking(induction_world):
    world = induction_world.world
    person = f.PersonFactory(crn="K300003", pdu=world.newcastle, assessed_on=None)
    f.RequirementFactory(person=person, induction_completed_on=None)
    with pytest.raises(induction.InductionError, match="assessment"):
        induction.induction_book(person=person, session=induction_world.big, by=world.cora, today=timezone.localdate())


def test_attending_the_induction_completes_it(induction_world, newcomer):
    world = induction_world.world
    booking = induction.induction_book(
        person=newcomer.person, session=induction_world.big, by=world.cora, today=timezone.localdate()
    )
    AttendanceRecord.objects.create(allocation=booking, outcome="UACP")
    newcomer.refresh_from_db()
    assert newcomer.induction_completed_on is None
    record = booking.attendance
    record.outcome = "ATTC"
    record.save()
    newcomer.refresh_from_db()
    assert newcomer.induction_completed_on == induction_world.big.date


def test_matching_places_nobody_whose_induction_is_not_done(induction_world, newcomer):
    world = induction_world.world
    placeable = selectors.placeable_requirements(Requirement.objects.all())
    assert newcomer not in placeable and world.alex_requirement in placeable
    induction.induction_complete(person=newcomer.person, on=timezone.localdate(), today=timezone.localdate())
    assert newcomer in selectors.placeable_requirements(Requirement.objects.all())


def test_marking_the_induction_done_checks_the_date(induction_world, newcomer):
    today = timezone.localdate()
    with pytest.raises(induction.InductionError, match="future"):
        induction.induction_complete(person=newcomer.person, on=today + dt.timedelta(days=1), today=today)
    with pytest.raises(induction.InductionError, match="before the sentence"):
        induction.induction_complete(
            person=newcomer.person, on=newcomer.sentence_date - dt.timedelta(days=1), today=today
        )


def test_the_person_page_offers_induction_and_books_it_in_one_action(client, induction_world, newcomer):
    world = induction_world.world
    client.force_login(world.cora)
    content = client.get(reverse("person", args=[newcomer.person.crn])).content.decode()
    assert "Waiting for induction" in content and "Nearest induction sessions with space" in content
    response = client.post(reverse("induction_book", args=[newcomer.person.crn]), {"session": induction_world.big.pk})
    assert response.status_code == 302
    assert Allocation.objects.filter(requirement=newcomer, session=induction_world.big).exists()
    content = client.get(reverse("person", args=[newcomer.person.crn])).content.decode()
    assert "Booked:" in content

    response = client.post(
        reverse("induction_done", args=[newcomer.person.crn]), {"done_on": timezone.localdate().isoformat()}
    )
    newcomer.refresh_from_db()
    assert newcomer.induction_completed_on == timezone.localdate()
    content = client.get(reverse("person", args=[newcomer.person.crn])).content.decode()
    assert "Ready to place" in content and "To induction" in content


def test_it_refuses_to_book_for_another_region_or_role(client, induction_world, newcomer):
    world = induction_world.world
    client.force_login(world.nia)
    url = reverse("induction_book", args=[newcomer.person.crn])
    assert client.post(url, {"session": induction_world.big.pk}).status_code == 404
    client.force_login(world.sam)
    assert client.post(url, {"session": induction_world.big.pk}).status_code == 403
    assert not Allocation.objects.filter(requirement=newcomer).exists()
    client.force_login(world.cora)
    assert client.get(url).status_code == 405
