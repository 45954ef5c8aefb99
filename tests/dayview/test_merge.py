"""Merging a session that cannot run into one nearby on the same day: a preview, then confirm."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from upw.dayview import services
from upw.models import AllocationStatus, ExclusionZone

pytestmark = pytest.mark.django_db


def _live_on(session):
    return set(
        session.allocations.filter(status=AllocationStatus.ALLOCATED).values_list("requirement__person__crn", flat=True)
    )


def _crns(heaton):
    return {r.person.crn for r in heaton.requirements}


def test_the_preview_says_who_would_move_and_changes_nothing(world, heaton):
    preview = services.merge_preview(
        session=heaton.session, target=world.session_a, by=world.cora, today=timezone.localdate()
    )
    assert {o.crn for o in preview if o.done} == _crns(heaton)
    assert all(o.message == services.WOULD_MOVE for o in preview)
    assert _live_on(heaton.session) == _crns(heaton)
    assert _live_on(world.session_a) == {"A123456"}


def test_confirming_moves_everyone_through_the_move_service(world, heaton):
    result = services.merge_sessions(
        session=heaton.session, target=world.session_a, by=world.cora, today=timezone.localdate(), key="merge-1"
    )
    assert result.done == 2 and result.refused == 0
    assert _live_on(heaton.session) == set()
    assert _live_on(world.session_a) == {"A123456"} | _crns(heaton)
    moved = world.session_a.allocations.get(requirement=heaton.requirements[0], status=AllocationStatus.ALLOCATED)
    assert moved.history.latest().history_change_reason.startswith("Moved from session")
    assert moved.history.latest().history_user == world.cora
    note = heaton.session.history.latest()
    assert note.history_change_reason == f"Merged into session {world.session_a.pk}: 2 of 2 moved"
    assert (
        world.session_a.history.latest().history_change_reason
        == f"Merged from session {heaton.session.pk}: 2 moved here"
    )


def test_confirming_twice_moves_nobody_twice(world, heaton):
    first = services.merge_sessions(
        session=heaton.session, target=world.session_a, by=world.cora, today=timezone.localdate(), key="merge-1"
    )
    again = services.merge_sessions(
        session=heaton.session, target=world.session_a, by=world.cora, today=timezone.localdate(), key="merge-1"
    )
    assert again.repeated and again.outcomes == first.outcomes
    assert world.session_a.allocations.filter(requirement=heaton.requirements[0]).count() == 1


def test_someone_the_hard_rules_refuse_stays_where_they_are(world, heaton):
    site = world.session_a.project.site
    person = heaton.requirements[0].person
    ExclusionZone.objects.create(
        person=person, label="Victim", postcode="NE1 1AA", latitude=site.latitude, longitude=site.longitude, radius_km=2
    )
    preview = services.merge_preview(
        session=heaton.session, target=world.session_a, by=world.cora, today=timezone.localdate()
    )
    refused = [o for o in preview if not o.done]
    assert [o.crn for o in refused] == [person.crn] and "exclusion zone" in refused[0].message
    services.merge_sessions(
        session=heaton.session, target=world.session_a, by=world.cora, today=timezone.localdate(), key="merge-2"
    )
    assert _live_on(heaton.session) == {person.crn}


def test_nobody_moves_beyond_what_the_targets_supervisors_may_take(world, heaton):
    world.project_a.supervision_ratio = 2
    world.project_a.save()
    result = services.merge_sessions(
        session=heaton.session, target=world.session_a, by=world.cora, today=timezone.localdate(), key="merge-3"
    )
    assert result.done == 1 and result.refused == 1
    assert "no room left" in next(o for o in result.outcomes if not o.done).message


def test_the_page_offers_staffed_sessions_nearby_then_previews_then_confirms(client, world, heaton):
    client.force_login(world.cora)
    url = reverse("session_merge", args=[heaton.session.pk])
    page = client.get(url)
    assert [s.pk for s in page.context["targets"]] == [world.session_a.pk]
    preview = client.get(url + f"?target={world.session_a.pk}")
    assert {o.crn for o in preview.context["preview"]} == _crns(heaton)
    assert _live_on(heaton.session) == _crns(heaton)
    key = preview.context["key"]
    done = client.post(url, {"target": world.session_a.pk, "idempotency_key": key})
    assert done.context["result"].done == 2 and "Sessions merged" in done.content.decode()
    again = client.post(url, {"target": world.session_a.pk, "idempotency_key": key})
    assert again.context["result"].repeated


def test_another_regions_coordinator_gets_404_and_partners_403(client, world, heaton):
    client.force_login(world.nia)
    url = reverse("session_merge", args=[heaton.session.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"target": world.session_a.pk, "idempotency_key": "k"}).status_code == 404
    client.force_login(world.pat)
    assert client.get(url).status_code == 403
    assert _live_on(heaton.session) == _crns(heaton)


def test_a_session_on_another_day_is_not_offered_and_refused(client, world, heaton):
    other_day = f.SessionFactory(project=world.project_a, date=world.session_a.date + dt.timedelta(days=1))
    f.SessionSupervisorFactory(session=other_day, supervisor__base_office__pdu=world.newcastle)
    with pytest.raises(services.BulkError):
        services.merge_preview(session=heaton.session, target=other_day, by=world.cora, today=timezone.localdate())
    client.force_login(world.cora)
    page = client.get(reverse("session_merge", args=[heaton.session.pk]) + f"?target={other_day.pk}")
    assert page.context["preview"] is None and page.context["form"].errors


def test_the_preview_tells_nobody_and_the_confirm_tells_each_person_moved(
    world, heaton, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr("upw.reminders.services.send", lambda message: sent.append(message) or ("console", ""))
    with django_capture_on_commit_callbacks(execute=True):
        services.merge_preview(
            session=heaton.session, target=world.session_a, by=world.cora, today=timezone.localdate()
        )
    assert sent == []
    with django_capture_on_commit_callbacks(execute=True):
        services.merge_sessions(
            session=heaton.session, target=world.session_a, by=world.cora, today=timezone.localdate(), key="merge-4"
        )
    assert len(sent) == 2 and all("Your session is now on" in m.text for m in sent)


def test_previewing_with_no_session_chosen_says_to_choose_one(client, world, heaton):
    client.force_login(world.cora)
    url = reverse("session_merge", args=[heaton.session.pk])
    html = client.get(url, {"preview": "1"}).content.decode()
    assert "Choose the session to merge with" in html
    assert "govuk-error-summary" in html
