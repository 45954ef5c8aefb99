"""Moving, cancelling and messaging several people at once: each through the per-place services,
each with its own result, and once only however often it is sent."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f
from upw.dayview import services
from upw.models import AllocationStatus, AttendanceRecord, BulkBookingChange, ExclusionZone

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _exclude(person, session):
    site = session.project.site
    ExclusionZone.objects.create(
        person=person, label="Victim", postcode="NE1 1AA", latitude=site.latitude, longitude=site.longitude, radius_km=2
    )


def _status(place):
    place.refresh_from_db()
    return place.status


def test_a_bulk_move_reports_each_person_and_one_refusal_leaves_the_others_moved(world, heaton):
    first, second = heaton.places
    _exclude(second.requirement.person, world.session_a)
    result = services.bulk_change(
        places=heaton.places, action="move", to_session=world.session_a, by=world.cora, today=_today(), key="k1"
    )
    by_crn = {o.crn: o for o in result.outcomes}
    assert by_crn[first.requirement.person.crn].done
    assert by_crn[first.requirement.person.crn].message.startswith("Moved to Jesmond Dene clearance")
    refused = by_crn[second.requirement.person.crn]
    assert not refused.done and "exclusion zone" in refused.message
    assert _status(first) == AllocationStatus.CANCELLED and _status(second) == AllocationStatus.ALLOCATED
    assert world.session_a.allocations.filter(requirement=first.requirement, status="allocated").exists()
    assert (result.done, result.refused) == (1, 1)


def test_the_same_key_again_changes_nothing_and_answers_the_same(world, heaton):
    first = services.bulk_change(
        places=heaton.places, action="move", to_session=world.session_a, by=world.cora, today=_today(), key="k1"
    )
    again = services.bulk_change(
        places=heaton.places, action="move", to_session=world.session_a, by=world.cora, today=_today(), key="k1"
    )
    assert again.repeated and again.outcomes == first.outcomes
    assert world.session_a.allocations.filter(requirement=heaton.requirements[0]).count() == 1
    assert BulkBookingChange.objects.count() == 1


def test_a_key_used_for_something_else_is_refused(world, heaton):
    services.bulk_change(
        places=heaton.places, action="cancel", reason="duplicate", by=world.cora, today=_today(), key="k1"
    )
    with pytest.raises(services.BulkError, match="different details"):
        services.bulk_change(
            places=heaton.places, action="move", to_session=world.session_a, by=world.cora, today=_today(), key="k1"
        )


def test_a_bulk_cancel_keeps_the_reason_on_each_places_history(world, heaton):
    done_already = heaton.places[1]
    AttendanceRecord.objects.create(allocation=done_already, outcome="AAME")
    result = services.bulk_change(
        places=heaton.places,
        action="cancel",
        reason="person_unavailable",
        note="Flu",
        by=world.cora,
        today=_today(),
        key="k2",
    )
    assert [o.done for o in result.outcomes] == [True, False]
    assert "already has an outcome (AAME)" in result.outcomes[1].message
    cancelled = heaton.places[0]
    assert _status(cancelled) == AllocationStatus.CANCELLED
    latest = cancelled.history.latest()
    assert latest.history_change_reason == "Cancelled: The person cannot attend. Flu"
    assert latest.history_user == world.cora


def test_a_cancel_needs_a_reason_and_a_move_a_session(world, heaton):
    with pytest.raises(services.BulkError):
        services.bulk_change(places=heaton.places, action="cancel", by=world.cora, today=_today(), key="k3")
    with pytest.raises(services.BulkError):
        services.bulk_change(places=heaton.places, action="move", by=world.cora, today=_today(), key="k4")
    with pytest.raises(services.BulkError):
        services.bulk_change(places=[], action="cancel", reason="other", by=world.cora, today=_today(), key="k5")
    assert all(_status(p) == AllocationStatus.ALLOCATED for p in heaton.places)
    assert not BulkBookingChange.objects.exists()


@pytest.fixture
def sent(monkeypatch):
    messages = []
    monkeypatch.setattr("upw.reminders.services.send", lambda message: messages.append(message) or ("console", ""))
    return messages


def test_a_bulk_message_is_sent_to_those_who_can_be_reached_and_names_the_others(
    world, heaton, sent, django_capture_on_commit_callbacks
):
    reached, not_reached = (p.requirement.person for p in heaton.places)
    reached.phone, reached.reminders_opt_out = "07700900123", False
    reached.save()
    not_reached.phone, not_reached.email = "", ""
    not_reached.save()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.bulk_change(
            places=heaton.places,
            action="message",
            subject="Bring boots",
            body="The ground is wet.",
            by=world.cora,
            today=_today(),
            key="k6",
        )
    assert [(o.crn, o.done) for o in result.outcomes] == [(reached.crn, True), (not_reached.crn, False)]
    assert [(m.channel, m.to) for m in sent] == [("sms", "07700900123")]
    assert "Bring boots. The ground is wet." in sent[0].text
    assert heaton.places[0].history.latest().history_change_reason == "Messaged: Bring boots"
    with django_capture_on_commit_callbacks(execute=True):
        services.bulk_change(
            places=heaton.places,
            action="message",
            subject="Bring boots",
            body="The ground is wet.",
            by=world.cora,
            today=_today(),
            key="k6",
        )
    assert len(sent) == 1


def test_a_bulk_cancel_tells_each_person_once(world, heaton, sent, django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.bulk_change(
                places=heaton.places, action="cancel", reason="other", by=world.cora, today=_today(), key="k9"
            )
    assert sorted(m.to for m in sent) == sorted(p.requirement.person.phone for p in heaton.places)


def test_a_place_in_the_past_is_refused_for_that_person_only(world, heaton):
    past = f.AllocationFactory(
        requirement=f.RequirementFactory(person__pdu=world.newcastle),
        session=f.SessionFactory(project=world.project_a, date=_today() - dt.timedelta(days=1)),
    )
    result = services.bulk_change(
        places=[*heaton.places, past], action="cancel", reason="other", by=world.cora, today=_today(), key="k7"
    )
    assert {o.allocation_id: o.done for o in result.outcomes} == {
        heaton.places[0].pk: True,
        heaton.places[1].pk: True,
        past.pk: False,
    }


def test_what_is_kept_for_a_repeat_names_nobody_and_no_restriction(world, heaton):
    second = heaton.places[1]
    _exclude(second.requirement.person, world.session_a)
    services.bulk_change(
        places=heaton.places, action="move", to_session=world.session_a, by=world.cora, today=_today(), key="k8"
    )
    kept = str(BulkBookingChange.objects.get(key="k8").results)
    for place in heaton.places:
        person = place.requirement.person
        assert person.crn not in kept and person.last_name not in kept
    assert "exclusion" not in kept
    again = services.bulk_change(
        places=heaton.places, action="move", to_session=world.session_a, by=world.cora, today=_today(), key="k8"
    )
    refused = next(o for o in again.outcomes if not o.done)
    assert refused.crn == second.requirement.person.crn and refused.message == services.RULES_REFUSED
