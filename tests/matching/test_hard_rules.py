"""One test per hard rule: each builds an instance where breaking the rule would pay, and checks the
engine refuses and the checker would have caught it."""

import datetime as dt
from dataclasses import replace

import pytest

from scheduler.matching.engine import Allocation, ExclusionZone, Rules, check_plan
from scheduler.matching.engine.model import FEMALE, FEMALE_ONLY, INDIVIDUAL, NOT_FEMALE, NOT_MALE

from .helpers import MONDAY, person, placed, run, session


def assert_refused(people, sessions, pair, **kw):
    problem, result = run(people, sessions, **kw)
    assert pair not in placed(result)
    assert check_plan(problem, result.allocations) == []
    # The checker on its own refuses the forbidden pair too.
    assert (
        check_plan(problem, [Allocation(*pair)]) != []
        or check_plan(problem, [*result.allocations, Allocation(*pair)]) != []
    )
    return problem, result


def test_it_places_a_suitable_person():
    _problem, result = run([person()], [session()])
    assert placed(result) == {(1, 1)}
    assert result.explanations[1].placed
    assert "km from home" in result.explanations[1].details[0]


def test_it_respects_capacity():
    problem, result = run([person(k) for k in range(1, 6)], [session(capacity=3)])
    assert len(result.allocations) == 3
    assert check_plan(problem, result.allocations) == []


def test_it_counts_places_already_taken():
    _problem, result = run([person(k) for k in range(1, 6)], [session(capacity=3, taken=2)])
    assert len(result.allocations) == 1


def test_it_respects_availability():
    only_evenings = sum(1 << (d * 3 + 2) for d in range(7))
    assert_refused([person(availability_mask=only_evenings)], [session()], (1, 1))


def test_a_session_spanning_two_parts_needs_both():
    monday_morning_only = 1 << 0
    assert_refused([person(availability_mask=monday_morning_only)], [session()], (1, 1))


def test_it_gives_at_most_one_session_a_day():
    _problem, result = run([person()], [session(1), session(2, project_id=7)])
    assert len(result.allocations) == 1


def test_it_respects_busy_dates():
    assert_refused([person(busy_dates=frozenset({MONDAY}))], [session()], (1, 1))


def test_it_never_plans_more_than_the_minutes_left():
    # 500 minutes left: one 7-hour day (420) fits, a second would not.
    days = [session(k, date=MONDAY + dt.timedelta(days=k - 1)) for k in range(1, 4)]
    _problem, result = run([person(minutes_left=500)], days)
    assert len(result.allocations) == 1


def test_a_person_finishing_may_have_one_last_longer_session():
    problem, result = run([person(minutes_left=100)], [session(1), session(2, date=MONDAY + dt.timedelta(days=1))])
    assert len(result.allocations) == 1
    assert result.stats.minutes_placed == 100
    two = [Allocation(1, 1), Allocation(1, 2)]
    assert any("minutes with only" in v for v in check_plan(problem, two))


def test_it_respects_the_weekly_maximum():
    days = [session(k, date=MONDAY + dt.timedelta(days=k - 1)) for k in range(1, 6)]
    _, result = run([person()], days)
    assert len(result.allocations) == 3  # 21 hours: three 7-hour days
    _problem, result = run([person(intensive=True)], days)
    assert len(result.allocations) == 4  # 28 hours


def test_the_weekly_maximum_counts_minutes_already_planned():
    days = [session(k, date=MONDAY + dt.timedelta(days=k - 1)) for k in range(1, 6)]
    week = MONDAY.isocalendar()
    _problem, result = run([person(planned_minutes_by_week={(week[0], week[1]): 900})], days)
    assert len(result.allocations) == 0
    assert "weekly maximum" in result.explanations[1].summary


@pytest.mark.parametrize(
    ("restriction", "flag"),
    [
        ("no_children", "involves_children"),
        ("no_vulnerable_adults", "involves_vulnerable_adults"),
        ("not_public_facing", "public_facing"),
        ("no_heavy_work", "heavy_work"),
    ],
)
def test_it_respects_restrictions(restriction, flag):
    assert_refused([person(**{restriction: True})], [session(**{flag: True})], (1, 1))


def test_it_needs_an_accessible_site_when_asked():
    assert_refused([person(needs_accessible_site=True)], [session(accessible_site=False)], (1, 1))


def test_individual_only_gets_only_individual_placements():
    assert_refused([person(individual_only=True)], [session()], (1, 1))
    _problem, result = run([person(individual_only=True)], [session(kind=INDIVIDUAL)])
    assert placed(result) == {(1, 1)}


def test_unsuitable_for_individual_gets_no_individual_placement():
    assert_refused([person(unsuitable_for_individual=True)], [session(kind=INDIVIDUAL)], (1, 1))


def test_women_only_sessions_take_only_women():
    assert_refused([person()], [session(women_only=True)], (1, 1))


def test_a_female_only_preference_gets_no_mixed_group():
    woman = person(gender=FEMALE, placement_preference=FEMALE_ONLY)
    assert_refused([woman, person(2, gender=FEMALE)], [session()], (1, 1))


def test_supervisor_gender_restrictions():
    assert_refused(
        [person(supervisor_gender_restriction=NOT_MALE)], [session(supervisor_genders=frozenset({"male"}))], (1, 1)
    )
    assert_refused(
        [person(supervisor_gender_restriction=NOT_FEMALE)],
        [session(supervisor_genders=frozenset({FEMALE, "male"}))],
        (1, 1),
    )
    # Nobody rostered yet: allowed (documented in model.py).
    _problem, result = run([person(supervisor_gender_restriction=NOT_MALE)], [session()])
    assert placed(result) == {(1, 1)}


def test_it_respects_exclusion_zones():
    zone = ExclusionZone(lat=54.98, lon=-1.61, radius_km=2.0, label="victim")
    assert_refused([person(exclusion_zones=(zone,))], [session()], (1, 1))


def test_it_respects_maximum_travel():
    assert_refused([person(max_travel_km=5)], [session(lat=55.2)], (1, 1))


def test_non_associated_people_never_share_a_session():
    problem, result = run([person(1), person(2)], [session()], non_associations=[(1, 2)])
    assert len(result.allocations) == 1
    assert any("must not be placed" in v for v in check_plan(problem, [Allocation(1, 1), Allocation(2, 1)]))


def test_non_association_counts_people_already_there():
    assert_refused(
        [person(1)], [session(taken=1, allocated_person_ids=frozenset({2}))], (1, 1), non_associations=[(1, 2)]
    )


def test_a_woman_is_never_the_only_woman_in_a_mixed_group():
    _, result = run([person(1, gender=FEMALE), person(2), person(3)], [session()])
    assert (1, 1) not in placed(result)
    assert placed(result) == {(2, 1), (3, 1)}
    _problem, result = run([person(1, gender=FEMALE), person(2, gender=FEMALE), person(3)], [session()])
    assert placed(result) == {(1, 1), (2, 1), (3, 1)}


def test_the_only_woman_rule_is_a_setting():
    _problem, result = run([person(1, gender=FEMALE)], [session()], rules=Rules(women_never_only_woman=False))
    assert placed(result) == {(1, 1)}


def test_men_do_not_join_a_woman_left_alone_in_a_mixed_group():
    s = session(taken=1, allocated_person_ids=frozenset({9}), women_already=1)
    _problem, result = run([person(1)], [s])
    assert result.allocations == []


def test_people_without_induction_are_not_matched():
    _problem, result = run([person(eligible=False)], [session()])
    assert result.allocations == []
    assert result.explanations[1].reason_codes == ["induction_not_done"]


def test_check_placement_explains_a_refusal():
    from scheduler.matching.engine import Problem, check_placement

    from .helpers import TODAY

    problem = Problem(people=[person(no_children=True)], sessions=[session(involves_children=True)], today=TODAY)
    reasons = check_placement(problem, [], 1, 1)
    assert reasons and "children" in reasons[0]
    problem = replace(problem, sessions=[session()])
    assert check_placement(problem, [], 1, 1) == []
