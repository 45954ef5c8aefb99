"""Travel time is not time on site: the van time from a pick-up point is claimed apart, approved by a
coordinator, at most the cap per session, for people allowed travel time on group or individual work."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from tests import factories as f
from upw.attendance import services
from upw.models import HoursLedgerEntry, TravelClaim
from upw.travel import services as travel

from .conftest import at

GRADES = {"work_quality": "good", "behaviour": "good"}


@pytest.fixture
def van_day(world):
    """Alex (allowed travel time) booked today on a 09:00-16:30 group session with a pick-up point; 18:00 now."""
    world.alex.travel_time_allowed = True
    world.alex.save(update_fields=["travel_time_allowed"])
    project = f.ProjectFactory(organisation=world.org_a, site__pdu=world.newcastle, pick_up_point="Haymarket")
    session = f.SessionFactory(project=project, date=timezone.localdate())
    f.SessionSupervisorFactory(session=session, supervisor=world.sam.supervisor)
    allocation = f.AllocationFactory(requirement=world.alex_requirement, session=session)
    with time_machine.travel(at(session.date, "18:00"), tick=True):
        yield allocation


def act(user, allocation, kind, key, **payload):
    return services.attendance_apply_action(
        user=user, key=key, allocation_id=allocation.pk, kind=kind, payload=payload, client_at=timezone.now()
    )


def _van_day(world, allocation, *, picked_up="08:15", back="17:10"):
    day = allocation.session.date
    act(world.sam, allocation, "check_in", "van-in-0001", at=at(day, picked_up).isoformat(), from_pick_up=True)
    return act(
        world.sam,
        allocation,
        "check_out",
        "van-out-0001",
        at=at(day, "16:30").isoformat(),
        returned_at=at(day, back).isoformat(),
        outcome="ATTC",
        **GRADES,
    )


def test_time_in_the_van_is_not_credited_as_attendance(world, van_day):
    _van_day(world, van_day)
    credits = HoursLedgerEntry.objects.filter(attendance__allocation=van_day, kind="credit")
    assert [e.minutes for e in credits] == [420]  # 09:00-16:30 less the break, not from 08:15
    claim = TravelClaim.objects.get()
    assert (claim.status, claim.minutes_claimed) == ("pending", 45 + 40)


def test_a_coordinator_approves_a_claim_up_to_the_cap(world, van_day):
    _van_day(world, van_day, picked_up="05:00", back="17:55")  # 4 hours and 1h 25m in the van
    claim = TravelClaim.objects.get()
    with pytest.raises(travel.TravelClaimError):
        travel.travel_claim_approve(claim_id=claim.pk, user=world.cora)  # more than 180 minutes asked
    travel.travel_claim_approve(claim_id=claim.pk, user=world.cora, minutes=180)
    entry = HoursLedgerEntry.objects.get(kind="travel")
    assert entry.minutes == 180
    world.alex_requirement.refresh_from_db()
    assert (
        world.alex_requirement.minutes_credited
        == 420 + 180 + world.alex_requirement.ledger_entries.filter(kind="earned_reduction").count() * 0
    )
    with pytest.raises(travel.TravelClaimError, match="already been decided"):
        travel.travel_claim_refuse(claim_id=claim.pk, user=world.cora, reason="Twice")


def test_nothing_is_claimed_for_someone_not_allowed_travel_time(world, van_day):
    world.alex.travel_time_allowed = False
    world.alex.save(update_fields=["travel_time_allowed"])
    _van_day(world, van_day)
    assert not TravelClaim.objects.exists()


def test_the_queue_page_approves_a_claim_and_another_region_learns_nothing(client, world, van_day):
    _van_day(world, van_day)
    claim = TravelClaim.objects.get()
    client.force_login(world.nia)
    assert client.get(f"/travel/{claim.pk}/").status_code == 404
    assert "A123456" not in client.get("/travel/").content.decode()
    assert (
        client.post(f"/api/v1/travel-claims/{claim.pk}/approve", {}, content_type="application/json").status_code == 404
    )
    client.force_login(world.cora)
    page = client.get("/travel/").content.decode()
    assert "Alex Jones" in page and "1h 25m" in page
    refused = client.post(f"/travel/{claim.pk}/", {"decision": "refuse", "reason": ""})
    assert "Give the reason for refusing the claim" in refused.content.decode()
    assert client.post(f"/travel/{claim.pk}/", {"decision": "approve", "minutes": "60"}).status_code == 302
    assert HoursLedgerEntry.objects.get(kind="travel").minutes == 60


def test_the_api_lists_and_refuses_claims(client, world, van_day):
    _van_day(world, van_day)
    client.force_login(world.cora)
    [listed] = client.get("/api/v1/travel-claims").json()
    assert (listed["crn"], listed["minutes_claimed"], listed["status"]) == ("A123456", 85, "pending")
    answer = client.post(
        f"/api/v1/travel-claims/{listed['id']}/refuse",
        {"reason": "Not on the van list"},
        content_type="application/json",
    )
    assert answer.status_code == 200 and answer.json()["status"] == "refused"
    assert not HoursLedgerEntry.objects.filter(kind="travel").exists()


def test_a_pick_up_dated_the_day_before_is_refused(world, van_day):
    day = van_day.session.date
    result = act(
        world.sam,
        van_day,
        "check_in",
        "van-in-early",
        at=at(day - dt.timedelta(days=1), "17:00").isoformat(),
        from_pick_up=True,
    )
    assert result.action.status == "rejected"
    assert result.action.result["field"] == "at"


def test_a_check_out_recorded_before_it_happens_is_refused(world):
    session = f.SessionFactory(project=world.project_a, date=timezone.localdate())
    f.SessionSupervisorFactory(session=session, supervisor=world.sam.supervisor)
    allocation = f.AllocationFactory(requirement=world.alex_requirement, session=session)
    with time_machine.travel(at(session.date, "07:00"), tick=False):
        result = act(world.sam, allocation, "check_out", "early-out-1", at=at(session.date, "16:30").isoformat())
    assert result.action.status == "rejected"
    assert result.action.result["error"] == services.TIME_IN_FUTURE
