"""What the matching pages say: session choices, plurals, hand edits restated, the review order."""

import datetime as dt

import pytest
from django.urls import reverse

from scheduler.matching import selectors, services
from scheduler.matching.adapter import session_credit_minutes
from scheduler.matching.engine.explain import place_heading, placed_summary
from scheduler.models import ProposalSource, ProposedAllocation
from tests import factories as f

from .conftest import future_day
from .helpers import person, run, session

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(plan):
    created = services.run_create(
        user=plan.world.cora, region=plan.world.north_east, start_date=plan.start, end_date=plan.end
    )
    return services.run_execute(run_id=created.pk)


def _credit(s) -> int:
    return session_credit_minutes(s.start_time, s.end_time, s.project.unpaid_break_minutes)


# --- The engine's words --------------------------------------------------------------------------


def test_one_suitable_session_is_not_all_1():
    _problem, result = run([person(1, credited_minutes=0, minutes_left=100 * 60), person(2)], [session(capacity=1)])
    left = [e for e in result.explanations.values() if not e.placed]
    assert left and "the one suitable session with free places" in left[0].summary
    assert "All 1" not in left[0].summary and "all 1 " not in left[0].summary


def test_one_unsuitable_session_is_singular():
    _problem, result = run([person(no_children=True)], [session(involves_children=True)])
    assert "1 involves children" in result.explanations[1].summary


def test_a_detail_line_names_the_date_once():
    s = session(label="Thornaby park on Mon 09 Mar")
    assert place_heading(s) == "Thornaby park on Mon 09 Mar 09:00-16:30"
    assert place_heading(session(label="S1")) == "S1, Mon 09 Mar 09:00-16:30"
    _problem, result = run([person()], [s])
    (line,) = result.explanations[1].details
    assert line.count("Mon 09 Mar") == 1 and line.endswith("km from home")


def test_the_placed_summary_counts_in_words():
    assert placed_summary(1, 60, 420) == "Placed on 1 session (1 hour of 7 hours left)."
    assert placed_summary(2, 870, 3600, "on pace") == (
        "Placed on 2 sessions (14.5 hours of 60 hours left); priority: on pace."
    )


# --- Session choices -----------------------------------------------------------------------------


# Which sessions the run fills depends on the weekdays of the fortnight ahead, so the day is fixed.
@pytest.mark.pin_clock("2026-12-07T09:00")
def test_session_choices_say_places_free_or_full_with_room_first(ready, plan):
    full = f.SessionFactory(
        project=plan.garden, date=plan.days[0], capacity=1, start_time=dt.time(17, 0), end_time=dt.time(20, 0)
    )
    f.AllocationFactory(requirement__person__pdu=plan.world.newcastle, session=full)
    choices = selectors.session_choices(ready)
    labels = [label for _, label in choices]
    assert not any(" of " in label.split(":")[-1] for label in labels)  # no "(6 of 6 places)"
    is_full = [label.endswith(": full") for label in labels]
    assert is_full == sorted(is_full) and is_full[-1]  # room first, then the full ones
    assert all(full or label.endswith("free") for full, label in zip(is_full, labels, strict=True))
    assert dict(choices)[full.pk].endswith(": full")
    room = next(s for s in selectors.run_sessions(ready) if s.pk == plan.children_session.pk)
    free = room.capacity - room.booked - room.proposed
    assert free > 0
    assert dict(choices)[room.pk].endswith(f": {free} place{'' if free == 1 else 's'} free")

    move = selectors.session_choices(ready, leave_out_full=True, exclude=[plan.sessions[0].pk])
    assert full.pk not in dict(move) and plan.sessions[0].pk not in dict(move)


def test_the_move_form_lists_only_sessions_with_room(client, ready, plan):
    full = f.SessionFactory(
        project=plan.garden, date=plan.days[0], capacity=1, start_time=dt.time(17, 0), end_time=dt.time(20, 0)
    )
    f.AllocationFactory(requirement__person__pdu=plan.world.newcastle, session=full)
    proposal = ready.proposals.first()
    client.force_login(plan.world.cora)
    page = client.get(reverse("matching-move", args=[ready.pk, proposal.pk]))
    offered = dict(page.context["form"].fields["session"].choices)
    assert full.pk not in offered and proposal.session_id not in offered
    assert "Choose a session" in page.text and "places free" in page.text


def test_a_rota_run_limits_the_places_offered(ready, plan):
    ready.parameters = {
        **ready.parameters,
        "excluded_sessions": [plan.sessions[1].pk],
        "session_places": {str(plan.sessions[2].pk): 0},
    }
    ready.save()
    choices = dict(selectors.session_choices(ready))
    assert plan.sessions[1].pk not in choices
    assert choices[plan.sessions[2].pk].endswith(": full")


# --- Hand edits restated -------------------------------------------------------------------------


def test_a_move_works_out_minutes_distance_and_words_for_the_new_session(client, ready, plan):
    proposal = ready.proposals.filter(session__in=plan.sessions).select_related("session").first()
    day = proposal.session.date
    other = f.ProjectFactory(organisation=plan.world.org_a, site=plan.garden.site, name="Leazes Park north")
    short = f.SessionFactory(project=other, date=day, start_time=dt.time(9, 0), end_time=dt.time(12, 0), capacity=4)
    long = f.SessionFactory(project=other, date=day, start_time=dt.time(8, 30), end_time=dt.time(16, 0), capacity=4)
    client.force_login(plan.world.cora)
    crn = proposal.requirement.person.crn

    r = client.post(reverse("matching-move", args=[ready.pk, proposal.pk]), {"session": short.pk})
    assert r.status_code == 302, r.context["form"].errors
    moved = ProposedAllocation.objects.get(run=ready, requirement=proposal.requirement, session=short)
    assert moved.minutes == _credit(short) == 180
    assert moved.source == ProposalSource.MANUAL and moved.distance_km is not None
    assert moved.explanation.startswith(f"{moved.distance_km:.1f} km from home") and "Added by" in moved.explanation

    r = client.post(reverse("matching-move", args=[ready.pk, moved.pk]), {"session": long.pk})
    assert r.status_code == 302, r.context["form"].errors
    moved = ProposedAllocation.objects.get(run=ready, requirement=proposal.requirement, session=long)
    assert moved.minutes == _credit(long)

    page = client.get(reverse("matching-people", args=[ready.pk]), {"q": crn})
    (row,) = page.context["rows"]
    places = ProposedAllocation.objects.filter(run=ready, requirement=proposal.requirement)
    hours = sum(p.minutes for p in places) / 60
    assert f"({hours:g} hours of" in row.summary and row.change == "changed"
    assert "Changed by hand." in page.text
    why = next(p.why for p in row.places if p.pk == moved.pk)
    assert why.count("km") == 1 and f"{day:%a %d %b}" not in why


def test_the_why_column_says_each_fact_once(client, ready, plan):
    client.force_login(plan.world.cora)
    page = client.get(reverse("matching-people", args=[ready.pk]), {"placed": "placed"})
    rows = [row for row in page.context["rows"] if row.places]
    assert rows
    for row in rows:
        for place in row.places:
            assert place.why.count("km") == 1, place.why
            assert place.session.project.name not in place.why
            assert f"{place.session.date:%a %d %b}" not in place.why


def test_an_old_explanation_loses_its_session_heading(ready):
    place = ready.proposals.select_related("session").first()
    place.explanation = f"Leazes Park on Mon 05 Jan, Mon 05 Jan 09:00-16:30: {place.distance_km:.1f} km from home"
    assert selectors.place_why(place) == f"{place.distance_km:.1f} km from home"


def test_taking_out_a_place_recounts_the_others(ready, plan):
    requirement = plan.men[0]
    places = ProposedAllocation.objects.filter(run=ready, requirement=requirement).order_by("session__date")
    if places.count() < 2:
        pytest.skip("the engine gave this person one place")
    first, second = list(places.select_related("session__project"))[:2]
    # Ten hours left: the first session counts in full, the second only what is left.
    ready.explanations.filter(requirement=requirement).update(minutes_left=_credit(first.session) + 180)
    services._recount(ready, requirement.pk, _credit(first.session) + 180)
    second.refresh_from_db()
    assert second.minutes == 180
    services.proposal_remove(run=ready, user=plan.world.cora, proposal_id=first.pk)
    second.refresh_from_db()
    assert second.minutes == min(_credit(second.session), _credit(first.session) + 180)


def test_changed_by_hand_counts_removals_too(client, ready, plan):
    client.force_login(plan.world.cora)
    assert "changed by hand" not in client.get(reverse("matching-run", args=[ready.pk])).text
    proposal = ready.proposals.first()
    client.post(reverse("matching-remove", args=[ready.pk, proposal.pk]))
    totals = selectors.run_totals(ready)
    assert (totals["manual"], totals["removed"], totals["changed"]) == (0, 1, 1)
    page = client.get(reverse("matching-run", args=[ready.pk])).text
    assert "changed by hand: 1 of the engine's places taken out" in page


def test_a_place_added_by_hand_is_restated(client, ready, plan):
    woman = plan.women[0]
    ProposedAllocation.objects.filter(run=ready, requirement=woman).delete()
    full = "Not matched: all suitable sessions are full."
    ready.explanations.filter(requirement=woman).update(placed=False, summary=full)
    client.force_login(plan.world.cora)
    data = {"crn": woman.person.crn, "session": plan.women_session.pk}
    r = client.post(reverse("matching-add", args=[ready.pk]), data)
    assert r.status_code == 302
    page = client.get(reverse("matching-people", args=[ready.pk]), {"q": woman.person.crn})
    (row,) = page.context["rows"]
    assert row.change == "added" and row.summary.startswith("Placed by hand on 1 session (")
    assert "The engine had left them out: Not matched: all suitable sessions are full." in page.text


def test_approving_an_approved_run_says_so_with_a_link_back(client, ready, plan):
    client.force_login(plan.world.cora)
    url = reverse("matching-approve", args=[ready.pk])
    client.post(url)
    page = client.get(url)
    assert f"Run {ready.pk} is already approved" in page.text
    assert "cannot be approved" not in page.text and "It is approved" not in page.text
    assert f'href="{reverse("matching-run", args=[ready.pk])}"' in page.text


def test_the_approval_message_counts_in_words(client, ready, plan):
    ProposedAllocation.objects.filter(run=ready).exclude(pk=ready.proposals.first().pk).delete()
    client.force_login(plan.world.cora)
    r = client.post(reverse("matching-approve", args=[ready.pk]), follow=True)
    assert "Approved: 1 place booked." in r.text


# --- The review order ----------------------------------------------------------------------------


def test_review_by_person_shows_the_placed_first_unless_asked(client, ready, plan):
    ProposedAllocation.objects.filter(run=ready, requirement=plan.men[0]).delete()  # someone left out
    client.force_login(plan.world.cora)
    url = reverse("matching-people", args=[ready.pk])

    def placed(params=None):
        return [bool(row.places) for row in client.get(url, params or {}).context["rows"]]

    default = placed()
    assert default[0] and not default[-1] and default == sorted(default, reverse=True)
    assert "placed first" in client.get(url).text
    left_first = placed({"order": "left_out"})
    assert not left_first[0] and left_first == sorted(left_first)
    rows = client.get(url, {"order": "name"}).context["rows"]
    names = [(r.explanation.requirement.person.last_name, r.explanation.requirement.person.first_name) for r in rows]
    assert names == sorted(names)


def test_a_short_session_on_a_later_day_is_offered_to_add(ready, plan):
    later = f.SessionFactory(project=plan.garden, date=future_day(9), capacity=3)
    assert dict(selectors.session_choices(ready))[later.pk].endswith(": 3 places free")
