"""The coordinators' review pages: queue, filters, decisions, flagged sessions."""

import datetime as dt

import pytest

from partners.models import ProjectStatus
from partners.projects import services
from partners.workflow import Action
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(propose, places):
    soon = dt.date.today() + dt.timedelta(days=7)
    return services.project_transition(project=propose(start_date=soon), user=places.pat, action=Action.SUBMIT)


def test_it_lists_projects_waiting_for_review_in_the_coordinators_regions(client, submitted, places):
    welsh = f.ProjectFactory(organisation=places.org_b, site__pdu=places.cardiff, status="submitted", name="Welsh")
    client.force_login(places.cora)
    r = client.get("/review/")
    assert r.status_code == 200
    names = [p.name for p in r.context["page_obj"]]
    assert names == [submitted.name]
    assert welsh.name not in names
    assert "Jesmond Dene clearance" not in names  # active, not waiting


def test_it_filters_the_queue(client, submitted, places):
    client.force_login(places.cora)
    assert [p.name for p in client.get("/review/?status=active").context["page_obj"]] == ["Jesmond Dene clearance"]
    assert list(client.get("/review/?q=nothing-like-this").context["page_obj"]) == []
    r = client.get(f"/review/?region={places.north_east.pk}&q=ouseburn")
    assert [p.name for p in r.context["page_obj"]] == [submitted.name]
    # A region that is not the coordinator's is not a valid choice: the filter is ignored, not widened.
    r = client.get(f"/review/?region={places.wales.pk}")
    assert "region" in r.context["form"].errors


def test_it_refuses_the_queue_to_partners_and_supervisors(client, places):
    for user in (places.pat, places.sam):
        client.force_login(user)
        assert client.get("/review/").status_code == 403


def test_it_approves_through_the_page_and_sessions_appear(client, submitted, places):
    client.force_login(places.cora)
    url = f"/review/projects/{submitted.pk}/transition/"
    client.post(url, {"action": "start_review"})
    r = client.post(url, {"action": "approve"}, follow=True)
    submitted.refresh_from_db()
    assert submitted.status == ProjectStatus.APPROVED
    assert b"is approved." in r.content
    assert submitted.sessions.exists()
    assert b'id="upcoming-sessions"' in r.content


def test_it_shows_why_a_transition_is_refused(client, submitted, places):
    client.force_login(places.cora)
    r = client.post(f"/review/projects/{submitted.pk}/transition/", {"action": "approve"}, follow=True)
    assert b"You cannot approve a project that is submitted." in r.content
    r = client.post(f"/review/projects/{submitted.pk}/transition/", {"action": "reject"}, follow=True)
    assert b"Explain your decision to the partner." in r.content
    submitted.refresh_from_db()
    assert submitted.status == ProjectStatus.SUBMITTED


def test_it_refuses_a_coordinator_of_another_region(client, submitted, places):
    client.force_login(places.nia)
    assert client.get(f"/review/projects/{submitted.pk}/").status_code == 404
    assert client.post(f"/review/projects/{submitted.pk}/transition/", {"action": "start_review"}).status_code == 404


def test_it_only_accepts_posts_for_decisions(client, submitted, places):
    client.force_login(places.cora)
    assert client.get(f"/review/projects/{submitted.pk}/transition/").status_code == 405


def test_it_lists_and_resolves_sessions_needing_attention(client, places):
    session = places.session_a
    session.needs_attention = True
    session.attention_reason = "Moved."
    session.save()
    client.force_login(places.cora)
    r = client.get("/review/attention/")
    assert list(r.context["page_obj"]) == [session]
    client.post(f"/review/attention/{session.pk}/resolve/")
    session.refresh_from_db()
    assert not session.needs_attention
    client.force_login(places.nia)
    assert client.post(f"/review/attention/{session.pk}/resolve/").status_code == 404


def test_it_shows_the_coordinator_the_review_navigation(client, places):
    client.force_login(places.cora)
    assert b'href="/review/"' in client.get("/review/").content


def test_a_coordinator_changes_the_schedule_and_future_sessions_follow(client, submitted, places):
    from tests.partners.test_portal_views import form_data

    client.force_login(places.cora)
    url = f"/review/projects/{submitted.pk}/transition/"
    client.post(url, {"action": "start_review"})
    client.post(url, {"action": "approve"})
    assert {s.date.weekday() for s in submitted.sessions.all()} == {0}
    data = form_data(
        start_date=submitted.start_date.isoformat(), day_0=None, day_2="on", start_2="09:30", end_2="12:30"
    )
    r = client.post(f"/review/projects/{submitted.pk}/edit/", data, follow=True)
    assert b"has been saved" in r.content
    assert {s.date.weekday() for s in submitted.sessions.all()} == {2}
    assert submitted.events.filter(kind="edited", actor=places.cora).exists()


def test_the_coordinator_edit_page_is_scoped(client, submitted, places):
    client.force_login(places.nia)
    assert client.get(f"/review/projects/{submitted.pk}/edit/").status_code == 404
    client.force_login(places.pat)
    assert client.get(f"/review/projects/{submitted.pk}/edit/").status_code == 403
