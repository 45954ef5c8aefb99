"""The coordinator's matching pages: scoping, starting a run, progress, review, hand edits, approval."""

import pytest
from django.urls import reverse

from scheduler import periods
from scheduler.matching import services
from scheduler.models import MatchingRun, ProposedAllocation, RunStatus
from upw.models import Allocation

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(plan):
    created = services.run_create(
        user=plan.world.cora, region=plan.world.north_east, start_date=plan.start, end_date=plan.end
    )
    return services.run_execute(run_id=created.pk)


def page_urls(run):
    proposal = run.proposals.first()
    return [
        reverse("matching-run", args=[run.pk]),
        reverse("matching-progress", args=[run.pk]),
        reverse("matching-people", args=[run.pk]),
        reverse("matching-sessions", args=[run.pk]),
        reverse("matching-add", args=[run.pk]),
        reverse("matching-approve", args=[run.pk]),
        reverse("matching-move", args=[run.pk, proposal.pk]),
        reverse("matching-remove", args=[run.pk, proposal.pk]),
    ]


def test_it_shows_cora_her_runs_and_every_page(client, run, plan):
    client.force_login(plan.world.cora)
    r = client.get(reverse("matching-runs"))
    assert r.status_code == 200
    assert f"Run {run.pk}" in r.text
    for url in page_urls(run):
        assert client.get(url).status_code == 200, url


def test_nia_cannot_see_coras_run(client, run, plan):
    client.force_login(plan.world.nia)
    assert f"Run {run.pk}" not in client.get(reverse("matching-runs")).text
    for url in page_urls(run):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("matching-approve", args=[run.pk])).status_code == 404
    assert not Allocation.objects.filter(source=f"matching run {run.pk}").exists()


@pytest.mark.parametrize("persona", ["pat", "sam"])
def test_partners_and_supervisors_are_refused(client, run, plan, persona):
    client.force_login(getattr(plan.world, persona))
    assert client.get(reverse("matching-runs")).status_code == 403
    assert client.get(reverse("matching-new")).status_code == 403
    for url in page_urls(run):
        assert client.get(url).status_code == 403, url


def test_signed_out_users_go_to_sign_in(client, run):
    r = client.get(reverse("matching-run", args=[run.pk]))
    assert r.status_code == 302 and "/login/" in r.url


def test_the_nav_shows_matching_to_coordinators_only(client, plan):
    client.force_login(plan.world.cora)
    assert 'href="/matching/"' in client.get(reverse("dashboard")).text
    client.force_login(plan.world.pat)
    assert 'href="/matching/"' not in client.get(reverse("projects")).text


def test_the_form_defaults_to_the_next_fortnight_and_starts_a_run(client, plan, django_capture_on_commit_callbacks):
    client.force_login(plan.world.cora)
    r = client.get(reverse("matching-new"))
    assert r.status_code == 200
    form = r.context["form"]
    start, end = form["start_date"].initial, form["end_date"].initial
    assert (end - start).days == 13
    assert list(form.fields["region"].queryset) == [plan.world.north_east]
    data = {
        "region": plan.world.north_east.pk,
        "start_date": plan.start.isoformat(),
        "end_date": plan.end.isoformat(),
        "time_limit_s": 10,
        **{f"w_{k}": v for k, v in services.adapter.default_weights().items() if f"w_{k}" in form.fields},
    }
    data["w_travel_per_km"] = 2
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("matching-new"), data)
    run = MatchingRun.objects.get()
    assert r.status_code == 302 and r.url == reverse("matching-run", args=[run.pk])
    assert run.status == RunStatus.READY
    assert run.parameters["weights"]["travel_per_km"] == 2
    page = client.get(r.url)
    assert "Review by person" in page.text and "figures" in page.text
    assert "People offered their weekly minimum" in page.text


def test_the_form_refuses_bad_dates_and_other_regions(client, plan):
    client.force_login(plan.world.cora)
    r = client.post(
        reverse("matching-new"),
        {"region": plan.world.wales.pk, "start_date": plan.end, "end_date": plan.start, "time_limit_s": 10},
    )
    assert r.status_code == 200
    assert "Select one of your regions" in r.text
    assert periods.END_BEFORE_START in r.text
    assert not MatchingRun.objects.exists()


def test_progress_is_json_and_the_page_works_without_js(client, plan):
    run = services.run_create(
        user=plan.world.cora, region=plan.world.north_east, start_date=plan.start, end_date=plan.end
    )
    services._progress(run.pk, 40, "Matching 7 people.")
    client.force_login(plan.world.cora)
    body = client.get(reverse("matching-progress", args=[run.pk])).json()
    assert body == {
        "status": "queued",
        "status_display": "Queued",
        "progress": 40,
        "message": "Matching 7 people.",
        "finished": False,
        "url": reverse("matching-run", args=[run.pk]),
    }
    page = client.get(reverse("matching-run", args=[run.pk])).text
    assert 'id="refresh"' in page and "js/run-progress.js" in page
    assert "<script>" not in page  # CSP: no inline script


def test_review_pages_search_and_filter(client, run, plan):
    client.force_login(plan.world.cora)
    crn = plan.men[0].person.crn
    r = client.get(reverse("matching-people", args=[run.pk]), {"q": crn})
    assert r.status_code == 200
    assert r.context["page_obj"].paginator.count == 1
    assert f"person-{crn}" in r.text
    r = client.get(reverse("matching-people", args=[run.pk]), {"placed": "left_out"})
    assert all(not e.placed for e, _ in r.context["rows"])
    r = client.get(reverse("matching-sessions", args=[run.pk]), {"q": "Leazes"})
    assert {s.project.name for s, _ in r.context["rows"]} == {"Leazes Park"}
    r = client.get(reverse("matching-sessions", args=[run.pk]), {"q": "nothing like this"})
    assert 'id="empty"' in r.text


def test_a_refused_hand_edit_shows_the_reason(client, run, plan):
    client.force_login(plan.world.cora)
    r = client.post(
        reverse("matching-add", args=[run.pk]),
        {"crn": plan.men[0].person.crn.lower(), "session": plan.women_session.pk},
    )
    assert r.status_code == 200
    assert "The session is for women only." in r.text
    assert not ProposedAllocation.objects.filter(run=run, session=plan.women_session, requirement=plan.men[0]).exists()


def test_a_hand_edit_for_an_unknown_crn_is_a_field_error(client, run, plan):
    client.force_login(plan.world.cora)
    r = client.post(
        reverse("matching-add", args=[run.pk]), {"crn": plan.world.bryn.crn, "session": plan.sessions[0].pk}
    )
    assert "No person with that CRN in this region." in r.text


def test_move_and_remove_through_the_pages(client, run, plan):
    client.force_login(plan.world.cora)
    woman = plan.women[0]
    ProposedAllocation.objects.filter(run=run, requirement=woman).delete()
    r = client.post(reverse("matching-add", args=[run.pk]), {"crn": woman.person.crn, "session": plan.women_session.pk})
    assert r.status_code == 302
    added = ProposedAllocation.objects.get(run=run, requirement=woman)
    r = client.post(reverse("matching-remove", args=[run.pk, added.pk]))
    assert r.status_code == 302
    assert not ProposedAllocation.objects.filter(run=run, requirement=woman).exists()


def test_approval_needs_the_confirmation_page_and_is_idempotent(client, run, plan):
    client.force_login(plan.world.cora)
    url = reverse("matching-approve", args=[run.pk])
    page = client.get(url)
    assert "Approve and book" in page.text
    assert not Allocation.objects.filter(source=f"matching run {run.pk}").exists()
    places = run.proposals.count()
    r = client.post(url)
    assert r.status_code == 302
    assert Allocation.objects.filter(source=f"matching run {run.pk}").count() == places
    r = client.post(url, follow=True)
    assert "already approved" in r.text
    assert Allocation.objects.filter(source=f"matching run {run.pk}").count() == places


def test_approval_refused_is_shown_on_the_confirmation_page(client, run, plan):
    from tests import factories as f

    session_id = run.proposals.filter(session__in=plan.sessions).values_list("session_id", flat=True).first()
    for _ in range(4):
        f.AllocationFactory(requirement__person__pdu=plan.world.newcastle, session_id=session_id)
    client.force_login(plan.world.cora)
    r = client.post(reverse("matching-approve", args=[run.pk]))
    assert r.status_code == 200
    assert services.PLAN_NO_LONGER_FITS in r.text


def test_replan_and_cancel_buttons(client, run, plan, django_capture_on_commit_callbacks):
    client.force_login(plan.world.cora)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(reverse("matching-replan", args=[run.pk]))
    new = MatchingRun.objects.exclude(pk=run.pk).get()
    assert r.url == reverse("matching-run", args=[new.pk])
    new.refresh_from_db()
    assert new.status == RunStatus.READY and new.previous_run_id == run.pk
    r = client.post(reverse("matching-cancel", args=[new.pk]))
    new.refresh_from_db()
    assert new.status == RunStatus.CANCELLED
    assert client.get(reverse("matching-cancel", args=[new.pk])).status_code == 405


def test_a_hand_edit_for_someone_not_yet_inducted_is_refused(client, run, plan):
    requirement = plan.men[2]
    requirement.induction_completed_on = None
    requirement.save()
    run.proposals.filter(requirement=requirement).delete()
    client.force_login(plan.world.cora)
    r = client.post(
        reverse("matching-add", args=[run.pk]), {"crn": requirement.person.crn, "session": plan.sessions[0].pk}
    )
    assert r.status_code == 200
    assert "is not waiting to be placed" in r.text


def test_a_hand_edit_naming_another_regions_requirement_learns_nothing_of_it(run, plan):
    # Even through the service, a requirement from another region is refused without its CRN.
    with pytest.raises(services.AdjustmentRefused) as refused:
        services.proposal_add(
            run=run,
            user=plan.world.admin,
            requirement_id=plan.world.bryn_requirement.pk,
            session_id=plan.sessions[0].pk,
        )
    assert plan.world.bryn.crn not in " ".join(refused.value.reasons)
    assert "That person is not waiting to be placed" in " ".join(refused.value.reasons)


def test_someone_never_assessed_is_not_placed_even_with_the_induction_marked_done(plan):
    from upw.core.selectors import placeable_requirements
    from upw.models import Requirement

    requirement = plan.men[0]
    requirement.person.assessed_on = None
    requirement.person.save()
    assert requirement.induction_completed_on is not None
    assert not placeable_requirements(Requirement.objects.filter(pk=requirement.pk)).exists()
