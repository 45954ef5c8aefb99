"""The Django adapter: a Problem from the database, and proposals back."""

import datetime as dt

import pytest
from django.utils import timezone

from scheduler.matching import adapter
from scheduler.matching.engine import Allocation, SolverOptions, check_plan, solve
from tests import factories as f
from upw.models import AllocationStatus, ExclusionZone, NonAssociation, SessionStatus

REAL_BANK_HOLIDAY = adapter._bank_holiday


@pytest.fixture(autouse=True)
def no_bank_holidays(monkeypatch):
    """The fixture's sessions are a few days ahead: keep the tests true whatever today's date."""
    monkeypatch.setattr(adapter, "_bank_holiday", lambda day: False)


def _build(world, **kw):
    today = timezone.localdate()
    return adapter.build_problem(region=world.north_east, start=today, end=today + dt.timedelta(days=13), **kw)


@pytest.mark.django_db
def test_it_takes_the_regions_placeable_requirements_with_minutes_left(world):
    built = _build(world)
    people = built.problem.person_by_id()
    assert set(people) == {world.alex_requirement.id}  # Bryn is in Wales
    alex = people[world.alex_requirement.id]
    # 120 hours ordered, nothing credited, one 09:00-16:30 session planned (450 minutes less a 30-minute break).
    assert alex.minutes_left == 120 * 60 - 420
    assert alex.label == "A123456"
    assert alex.busy_dates == frozenset({world.session_a.date})
    year, week, _ = world.session_a.date.isocalendar()
    assert alex.planned_minutes_by_week == {(year, week): 420}
    assert not alex.awaiting_first_session


@pytest.mark.django_db
def test_it_reads_sessions_with_places_taken_flags_and_supervisors(world):
    world.project_a.women_only = True
    world.project_a.save()
    built = _build(world)
    session = built.sessions[world.session_a.id]
    assert session.taken == 1
    assert session.allocated_person_ids == frozenset({world.alex_requirement.id})
    assert session.women_already == 0
    assert session.women_only
    assert session.supervisor_genders == frozenset({"female"})
    assert session.credited_minutes == 420
    assert world.session_b.id not in built.sessions  # Wales


@pytest.mark.django_db
def test_it_leaves_out_sessions_that_cannot_be_planned(world):
    today = timezone.localdate()
    past = f.SessionFactory(project=world.project_a, date=today - dt.timedelta(days=1))
    stood_down = f.SessionFactory(
        project=world.project_a, date=today + dt.timedelta(days=3), status=SessionStatus.STOOD_DOWN
    )
    induction = f.SessionFactory(project=f.ProjectFactory(project_type="induction", site__pdu=world.newcastle))
    draft = f.SessionFactory(project=f.ProjectFactory(status="draft", site__pdu=world.newcastle))
    later = f.SessionFactory(project=world.project_a, date=today + dt.timedelta(days=20))
    ids = set(_build(world).sessions)
    assert world.session_a.id in ids
    assert not ids & {past.id, stood_down.id, induction.id, draft.id, later.id}


@pytest.mark.django_db
def test_it_skips_sessions_on_bank_holidays(world, monkeypatch):
    monkeypatch.setattr(adapter, "_bank_holiday", lambda day: day == world.session_a.date)
    assert world.session_a.id not in _build(world).sessions


def test_the_bank_holidays_are_those_of_england_and_wales():
    assert REAL_BANK_HOLIDAY(dt.date(2026, 12, 25))
    assert not REAL_BANK_HOLIDAY(dt.date(2026, 12, 22))


@pytest.mark.django_db
def test_it_skips_people_without_a_location_and_second_requirements(world):
    nowhere = f.RequirementFactory(person__pdu=world.newcastle, person__latitude=None, person__longitude=None)
    second = f.RequirementFactory(
        person=world.alex, deadline=world.alex_requirement.deadline + dt.timedelta(days=30), hours_ordered=50
    )
    built = _build(world)
    assert built.skipped[nowhere.id] == adapter.NO_COORDINATES
    assert built.skipped[second.id] == adapter.SECOND_REQUIREMENT
    assert nowhere.id not in built.people and second.id not in built.people


@pytest.mark.django_db
def test_it_maps_restrictions_zones_and_non_associations_to_requirement_ids(world):
    casey = f.RequirementFactory(
        person__pdu=world.newcastle, person__gender="female", person__no_children=True, person__max_travel_km=9
    )
    ExclusionZone.objects.create(
        person=casey.person, postcode="NE2 1AA", latitude=54.98, longitude=-1.60, radius_km=2, label="Victim home"
    )
    a, b = sorted([casey.person_id, world.alex.id])
    NonAssociation.objects.create(person_a_id=a, person_b_id=b, reason="Restraining order")
    built = _build(world)
    person = built.problem.person_by_id()[casey.id]
    assert person.gender == "female" and person.no_children and person.max_travel_km == 9
    assert person.exclusion_zones[0].label == "Victim home"
    assert person.awaiting_first_session
    assert tuple(sorted((casey.id, world.alex_requirement.id))) in {
        tuple(sorted(p)) for p in built.problem.non_associations
    }


@pytest.mark.django_db
def test_a_solved_plan_comes_back_as_legal_proposals_with_minutes_and_distance(world):
    people = [f.RequirementFactory(person__pdu=world.newcastle, hours_ordered=40) for _ in range(3)]
    f.SessionFactory(project=world.project_a, date=world.session_a.date + dt.timedelta(days=1), capacity=2)
    built = _build(world)
    result = solve(built.problem, SolverOptions(time_limit_s=5))
    assert check_plan(built.problem, result.allocations) == []
    proposals = adapter.proposals_from(built, result)
    assert proposals
    assert {p.requirement_id for p in proposals} <= {r.id for r in people} | {world.alex_requirement.id}
    for p in proposals:
        assert p.minutes == 420
        assert 0 < p.distance_km < 5
        assert p.explanation


@pytest.mark.django_db
def test_previous_plan_and_pins_are_passed_through(world):
    built = _build(world, previous_plan=[(1, 2)], pinned=[(3, 4)])
    assert built.problem.previous_plan == [Allocation(1, 2)]
    assert built.problem.pinned == [Allocation(3, 4)]


@pytest.mark.django_db
def test_cancelled_allocations_do_not_count(world):
    alloc = world.alex_requirement.allocations.get()
    alloc.status = AllocationStatus.CANCELLED
    alloc.save()
    built = _build(world)
    assert built.sessions[world.session_a.id].taken == 0
    assert built.problem.person_by_id()[world.alex_requirement.id].minutes_left == 120 * 60


def test_weights_come_from_parameters_with_defaults():
    weights = adapter.engine_weights({"weights": {"travel_per_km": 3, "nonsense": 1}})
    assert weights.travel_per_km == 3
    assert weights.continuity == adapter.default_weights()["continuity"]


@pytest.mark.django_db
def test_it_passes_close_supervision_and_the_supervisors_capacity(world):
    world.alex.close_supervision = True
    world.alex.save()
    world.project_a.supervision_ratio = 4
    world.project_a.save()
    built = _build(world)
    assert built.problem.people[0].close_supervision
    session = built.sessions[world.session_a.id]
    assert session.close_supervision_already == 1
    assert session.supervisors == 1  # the rostered supervisor
    assert session.people_per_supervisor == 4
    assert built.problem.rules.group_size == 8
    assert built.problem.rules.close_supervision_group_size == 4


@pytest.mark.django_db
def test_before_a_rota_the_session_expects_its_supervisors(world):
    world.session_a.supervisor_assignments.all().delete()
    world.session_a.supervisors_needed = 2
    world.session_a.save()
    assert _build(world).sessions[world.session_a.id].supervisors == 2


def test_minutes_to_place_is_ordered_less_credited_less_planned():
    row = {"hours_ordered": 40, "minutes_credited": 600}
    assert adapter.minutes_to_place(row, 420) == 40 * 60 - 600 - 420
    assert adapter.minutes_to_place(row, 5000) == 0
