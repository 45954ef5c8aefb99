"""Who could fill a session's place: ranked as the engine ranks, the refused listed with why."""

import numpy as np
import pytest
from django.urls import reverse
from django.utils import timezone

from scheduler.candidates import selectors
from scheduler.matching import adapter, engine
from scheduler.matching.engine.candidates import build_arcs, build_context
from scheduler.matching.engine.solver import plan_objective
from scheduler.matching.engine.urgency import urgency_array
from upw.models import Person

pytestmark = pytest.mark.django_db


def _found(fill):
    return selectors.who_could_fill(session=fill.session, people=Person.objects.all(), today=timezone.localdate())


def _crns(candidates):
    return [c.person.crn for c in candidates]


def test_it_lists_the_people_who_fit_and_those_who_do_not(fill):
    found = _found(fill)
    assert set(_crns(found.fits)) == {"N100001", "N100002", "N100003"}
    # Alex is booked elsewhere that day; the person already on the session is on its page instead.
    assert set(_crns(found.refused)) == {"A123456", "N100004", "N100005", "N100006"}


def test_it_ranks_the_people_who_fit_by_the_engines_own_objective(fill):
    found = _found(fill)
    # The solver's own path: every allowed arc of the region's problem, and the plan objective of
    # choosing each arc alone.
    built = adapter.build_problem(
        region=fill.world.north_east, start=fill.session.date, end=fill.session.date, today=timezone.localdate()
    )
    problem = built.problem
    ctx = build_context(problem, urgency_array(problem.people, problem.today, problem.weights))
    arcs = build_arcs(ctx)
    on_session = np.nonzero(arcs.j == ctx.session_index[fill.session.pk])[0]
    objective = {}
    for a in on_session.tolist():
        alone = np.zeros(len(arcs.i), dtype=bool)
        alone[a] = True
        objective[problem.people[arcs.i[a]].label] = plan_objective(ctx, arcs, alone)
    assert set(objective) == set(_crns(found.fits))
    assert _crns(found.fits) == sorted(objective, key=lambda crn: -objective[crn])
    for candidate in found.fits:
        assert candidate.points == pytest.approx(objective[candidate.person.crn], abs=1e-2)


def test_someone_behind_pace_comes_before_someone_on_pace_nearer_by(fill):
    crns = _crns(_found(fill).fits)
    assert crns.index("N100003") < crns.index("N100001")


def test_each_person_who_fits_says_why(fill):
    near = next(c for c in _found(fill).fits if c.person.crn == "N100001")
    assert near.reasons[0].endswith("km from home")
    assert any("still to place" in reason for reason in near.reasons)
    assert any("on pace" in reason or "behind pace" in reason or "first session" in reason for reason in near.reasons)


def test_each_refused_person_has_the_checkers_own_reason(fill):
    refused = {c.person.crn: " ".join(c.refusals) for c in _found(fill).refused}
    assert "not available on Wednesday" in refused["N100004"]
    assert "exclusion zones (Victim's home)" in refused["N100005"]
    assert "must not be placed with someone already on" in refused["N100006"]


def test_people_far_beyond_their_travel_are_not_read_at_all(fill):
    found = _found(fill)
    assert "N100008" not in _crns(found.fits) + _crns(found.refused)


def test_the_refused_are_the_ones_check_placement_refuses(fill):
    for candidate in _found(fill).refused:
        problem = adapter.placement_problem(requirement_id=candidate.requirement_id, session_id=fill.session.pk)
        assert engine.check_placement(problem, [], candidate.requirement_id, fill.session.pk)


def test_a_women_only_session_lists_men_as_refused(fill):
    fill.project.women_only = True
    fill.project.save()
    refused = {c.person.crn: " ".join(c.refusals) for c in _found(fill).refused}
    assert "The session is for women only." in refused["N100001"]


def test_the_session_page_links_to_the_ranked_list_while_a_place_is_free(client, fill):
    client.force_login(fill.world.cora)
    page = client.get(reverse("session", args=[fill.session.pk])).content.decode()
    assert reverse("session-candidates", args=[fill.session.pk]) in page


def test_the_ranked_page_shows_who_fits_in_order_and_who_does_not(client, fill):
    client.force_login(fill.world.cora)
    response = client.get(reverse("session-candidates", args=[fill.session.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    fits = _crns(_found(fill).fits)
    positions = [page.index(crn) for crn in fits]
    assert positions == sorted(positions)
    assert "not available on Wednesday" in page


def test_a_coordinator_of_another_region_gets_404_and_learns_nothing(client, fill):
    client.force_login(fill.world.nia)
    response = client.get(reverse("session-candidates", args=[fill.session.pk]))
    assert response.status_code == 404
    assert b"N100001" not in response.content


def test_a_partner_is_refused(client, fill):
    client.force_login(fill.world.pat)
    response = client.get(reverse("session-candidates", args=[fill.session.pk]))
    assert response.status_code == 403
    assert b"N100001" not in response.content


def test_the_person_page_lists_the_sessions_the_person_could_do(client, fill):
    client.force_login(fill.world.cora)
    response = client.get(reverse("person-candidates", args=[fill.near.person.crn]))
    assert response.status_code == 200
    assert "Leazes Park" in response.content.decode()
    found = selectors.sessions_for(
        person=fill.near.person, sessions=fill.session.__class__.objects.all(), today=timezone.localdate()
    )
    assert fill.session.pk in [c.session.pk for c in found.fits]


def test_the_person_page_shows_why_a_session_does_not_fit(fill):
    found = selectors.sessions_for(
        person=fill.excluded.person, sessions=fill.session.__class__.objects.all(), today=timezone.localdate()
    )
    refused = {c.session.pk: " ".join(c.refusals) for c in found.refused}
    assert "exclusion zones" in refused[fill.session.pk]


def test_the_person_page_is_404_for_another_regions_coordinator(client, fill):
    client.force_login(fill.world.nia)
    assert client.get(reverse("person-candidates", args=[fill.near.person.crn])).status_code == 404
