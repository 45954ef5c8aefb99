"""Cancelling, moving and rescheduling a booked place, through the same hard rules as matching."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from tests.api import bearer
from upw.bookings import services
from upw.models import Allocation, AllocationStatus, AttendanceRecord, ExclusionZone, Session
from upw.models.attendance_sync import SyncAction

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _live(requirement):
    return list(requirement.allocations.filter(status=AllocationStatus.ALLOCATED).values_list("session_id", flat=True))


def _exclude_site_of(person, session):
    site = session.project.site
    ExclusionZone.objects.create(
        person=person,
        label="Victim's home",
        postcode="NE1 1AA",
        latitude=site.latitude,
        longitude=site.longitude,
        radius_km=2,
    )


def test_cancelling_keeps_the_reason_on_the_place_history(world, place):
    services.booking_cancel(
        allocation=place, reason="person_unavailable", note="Hospital", by=world.cora, today=_today()
    )
    place.refresh_from_db()
    assert place.status == AllocationStatus.CANCELLED
    latest = place.history.latest()
    assert latest.history_change_reason == "Cancelled: The person cannot attend. Hospital"
    assert latest.history_user == world.cora


def test_a_cancel_needs_a_reason_from_the_list(world, place):
    with pytest.raises(services.BookingError):
        services.booking_cancel(allocation=place, reason="because", by=world.cora, today=_today())
    place.refresh_from_db()
    assert place.status == AllocationStatus.ALLOCATED


def test_a_place_with_an_outcome_cannot_be_cancelled(world, place):
    AttendanceRecord.objects.create(allocation=place, outcome="AAME")
    with pytest.raises(services.BookingError, match="already has an outcome"):
        services.booking_cancel(allocation=place, reason="other", by=world.cora, today=_today())


def test_moving_gives_up_the_old_place_and_books_the_new_one(world, place, next_day):
    booking = services.booking_move(allocation=place, to_session=next_day, by=world.cora, today=_today())
    assert booking.session == next_day
    assert _live(world.alex_requirement) == [next_day.pk]
    assert booking.history.latest().history_change_reason.startswith("Moved from session")


def test_a_move_the_hard_rules_refuse_leaves_the_place_where_it_was(world, place):
    elsewhere = f.SessionFactory(
        project=f.ProjectFactory(
            organisation=world.org_a, site__pdu=world.newcastle, site__latitude=54.98, site__longitude=-1.62
        ),
        date=world.session_a.date,
    )
    _exclude_site_of(world.alex, elsewhere)
    with pytest.raises(services.BookingError) as refused:
        services.booking_move(allocation=place, to_session=elsewhere, by=world.cora, today=_today())
    assert "exclusion zones" in str(refused.value)
    assert refused.value.reasons
    assert _live(world.alex_requirement) == [world.session_a.pk]


def test_a_move_to_a_full_session_is_refused(world, place, next_day):
    next_day.capacity = 1
    next_day.save()
    f.AllocationFactory(session=next_day, requirement__person__pdu=world.newcastle)
    with pytest.raises(services.BookingError, match="full"):
        services.booking_move(allocation=place, to_session=next_day, by=world.cora, today=_today())
    assert _live(world.alex_requirement) == [world.session_a.pk]


@pytest.mark.parametrize(("requested_by", "code"), [("service", "RSSR"), ("person", "RSOF")])
def test_rescheduling_records_the_outcome_as_a_sync_action_and_books_the_new_session(
    world, place, next_day, requested_by, code
):
    booking = services.booking_reschedule(
        allocation=place,
        to_session=next_day,
        requested_by=requested_by,
        by=world.cora,
        today=_today(),
        key="reschedule-key-1",
    )
    assert booking.session == next_day
    assert AttendanceRecord.objects.get(allocation=place).outcome == code
    assert SyncAction.objects.get(key="reschedule-key-1").allocation == place


def test_a_retried_reschedule_changes_nothing_twice(world, place, next_day):
    args = {
        "allocation": place,
        "to_session": next_day,
        "requested_by": "person",
        "by": world.cora,
        "today": _today(),
        "key": "reschedule-key-2",
    }
    first = services.booking_reschedule(**args)
    assert services.booking_reschedule(**args) == first
    assert Allocation.objects.filter(requirement=world.alex_requirement, session=next_day).count() == 1


def test_a_reschedule_the_hard_rules_refuse_records_no_outcome(world, place, next_day):
    _exclude_site_of(world.alex, next_day)
    with pytest.raises(services.BookingError):
        services.booking_reschedule(
            allocation=place, to_session=next_day, requested_by="service", by=world.cora, today=_today()
        )
    assert not AttendanceRecord.objects.filter(allocation=place).exists()
    assert not SyncAction.objects.exists()


def test_the_session_page_links_each_place_to_its_change_page(client, world, place):
    client.force_login(world.cora)
    content = client.get(reverse("session", args=[world.session_a.pk])).content.decode()
    assert reverse("booking_change", args=[place.pk]) in content


def test_the_person_page_links_each_place_to_its_change_page(client, world, place):
    client.force_login(world.cora)
    content = client.get(reverse("person", args=[world.alex.crn])).content.decode()
    assert reverse("booking_change", args=[place.pk]) in content


def test_the_change_page_moves_a_place_and_goes_back_to_the_session(client, world, place, next_day):
    client.force_login(world.cora)
    url = reverse("booking_change", args=[place.pk])
    assert next_day.project.name in client.get(url).content.decode()
    response = client.post(url, {"change": "move", "session": next_day.pk, "back": "session"})
    assert response.status_code == 302
    assert response.url == reverse("session", args=[world.session_a.pk])
    assert _live(world.alex_requirement) == [next_day.pk]


def test_the_change_page_shows_why_a_move_is_refused(client, world, place, next_day):
    _exclude_site_of(world.alex, next_day)
    client.force_login(world.cora)
    content = client.post(
        reverse("booking_change", args=[place.pk]), {"change": "move", "session": next_day.pk}
    ).content.decode()
    assert "There is a problem" in content
    assert "exclusion zones" in content
    assert _live(world.alex_requirement) == [world.session_a.pk]


def test_the_change_page_asks_for_a_reason_to_cancel(client, world, place):
    client.force_login(world.cora)
    content = client.post(reverse("booking_change", args=[place.pk]), {"change": "cancel"}).content.decode()
    assert "Choose why the place is cancelled" in content


def test_the_api_moves_a_place(client, world, place, next_day):
    response = client.post(
        f"/api/v1/bookings/{place.pk}/move",
        {"session_id": next_day.pk},
        content_type="application/json",
        **bearer(world.cora),
    )
    assert response.status_code == 200, response.content
    assert response.json()["session_id"] == next_day.pk


def test_the_api_says_which_hard_rules_a_move_breaks(client, world, place, next_day):
    _exclude_site_of(world.alex, next_day)
    response = client.post(
        f"/api/v1/bookings/{place.pk}/move",
        {"session_id": next_day.pk},
        content_type="application/json",
        **bearer(world.cora),
    )
    assert response.status_code == 409
    assert any("exclusion zones" in reason for reason in response.json()["reasons"])


def test_the_api_refuses_a_coordinator_of_another_region_without_saying_why(client, world, place):
    response = client.post(
        f"/api/v1/bookings/{place.pk}/cancel",
        {"reason": "other"},
        content_type="application/json",
        **bearer(world.nia),
    )
    assert response.status_code == 404
    place.refresh_from_db()
    assert place.status == AllocationStatus.ALLOCATED


def test_a_supervisor_cannot_change_places(client, world, place):
    response = client.post(
        f"/api/v1/bookings/{place.pk}/cancel",
        {"reason": "other"},
        content_type="application/json",
        **bearer(world.sam),
    )
    assert response.status_code in (403, 404)


def test_a_rescheduled_place_no_longer_holds_its_session(world, place, next_day):
    booking = services.booking_reschedule(
        allocation=place, to_session=next_day, requested_by="person", by=world.cora, today=_today()
    )
    place.refresh_from_db()
    assert place.status == AllocationStatus.CANCELLED
    assert AttendanceRecord.objects.get(allocation=place).outcome == "RSOF"
    assert _live(world.alex_requirement) == [next_day.pk]
    # The old session's place is free again, and the person may be booked back onto it.
    back = services.booking_move(allocation=booking, to_session=world.session_a, by=world.cora, today=_today())
    assert back.session == world.session_a


@pytest.mark.pin_clock("2026-12-07T11:00")
def test_a_place_cannot_move_onto_a_session_that_has_started(world, place):
    started = f.SessionFactory(project=world.project_a, date=_today(), start_time=dt.time(9), end_time=dt.time(16))
    later = f.SessionFactory(project=world.project_a, date=_today(), start_time=dt.time(13), end_time=dt.time(16))
    with pytest.raises(services.BookingError, match="already started"):
        services.booking_move(allocation=place, to_session=started, by=world.cora, today=_today())
    targets = services.change_targets(allocation=place, sessions=Session.objects.all(), today=_today())
    assert started not in targets and later in targets
    assert services.booking_move(allocation=place, to_session=later, by=world.cora, today=_today()).session == later
