import datetime as dt

import pytest

from scheduler.matching import adapter, engine
from scheduler.models import Frequency, StandingBooking, StandingShortfall
from scheduler.standing import services
from tests import factories as f
from tests.standing.conftest import BANK_HOLIDAYS, FIRST_FRIDAY, FRIDAYS, MONDAY
from upw.models import Allocation, AllocationStatus, AttendanceRecord

FRIDAY = 4


def make(world, *, frequency=Frequency.WEEKLY, start=FIRST_FRIDAY, end=None, requirement=None, project=None):
    standing, created = services.standing_create(
        requirement=requirement or world.alex_requirement,
        project=project or world.project_a,
        weekday=start.weekday(),
        frequency=frequency,
        start_date=start,
        end_date=end,
        by=world.cora,
        today=MONDAY,
    )
    assert created
    return standing


def booked_dates(standing):
    return sorted(StandingBooking.objects.filter(standing=standing).values_list("date", flat=True))


def shortfalls(standing):
    return dict(StandingShortfall.objects.filter(standing=standing).values_list("date", "reason"))


def test_it_books_every_friday_but_the_bank_holidays(world, fridays):
    standing = make(world)

    assert booked_dates(standing) == [d for d in FRIDAYS if d not in BANK_HOLIDAYS]
    places = Allocation.objects.filter(standing_booking__standing=standing)
    assert {p.session_id for p in places} == {s.pk for s in fridays.values()}
    assert all(p.requirement_id == world.alex_requirement.pk and p.source == "standing" for p in places)


def test_it_reports_the_bank_holidays_as_shortfalls(world, fridays):
    standing = make(world)

    assert shortfalls(standing) == dict.fromkeys(sorted(BANK_HOLIDAYS), services.BANK_HOLIDAY)


def test_fortnightly_books_every_other_week_from_the_start_date(world, fridays):
    standing = make(world, frequency=Frequency.FORTNIGHTLY)

    every_other = FRIDAYS[::2]  # 11 Dec, 25 Dec (bank holiday), 8 Jan, 22 Jan
    assert booked_dates(standing) == [d for d in every_other if d not in BANK_HOLIDAYS]
    assert list(shortfalls(standing)) == [dt.date(2026, 12, 25)]


def test_a_day_with_no_session_is_a_shortfall(world, fridays):
    fridays[FRIDAYS[1]].delete()
    standing = make(world)

    assert FRIDAYS[1] not in booked_dates(standing)
    assert shortfalls(standing)[FRIDAYS[1]] == services.NO_SESSION


def test_an_absence_recorded_that_day_is_skipped(world, fridays):
    other = f.SessionFactory(project=f.ProjectFactory(site__pdu=world.newcastle), date=FRIDAYS[4])
    away = f.AllocationFactory(requirement=world.alex_requirement, session=other)
    AttendanceRecord.objects.create(allocation=away, outcome="AAME")
    standing = make(world)

    assert FRIDAYS[4] not in booked_dates(standing)
    assert shortfalls(standing)[FRIDAYS[4]] == services.ABSENT


def test_it_stops_at_the_end_date(world, fridays):
    standing = make(world, end=FRIDAYS[1])

    assert booked_dates(standing) == FRIDAYS[:2]
    assert shortfalls(standing) == {}


def test_it_stops_when_the_hours_are_all_booked(world, fridays):
    world.alex_requirement.hours_ordered = 40  # 2,400 minutes, 420 of them already on session_a
    world.alex_requirement.save()
    standing = make(world)

    # Four Fridays leave 300 minutes: one last session may go over, then nothing is owed.
    assert booked_dates(standing) == [dt.date(2026, 12, 11), dt.date(2026, 12, 18), *FRIDAYS[4:7]]
    assert FRIDAYS[7] not in shortfalls(standing)
    assert services.generate_bookings(today=MONDAY).hours_done == 1


def test_a_place_the_hard_rules_refuse_is_not_booked_and_says_why(world, fridays):
    world.project_a.involves_children = True
    world.project_a.save()
    world.alex.no_children = True
    world.alex.save()
    standing = make(world)

    assert booked_dates(standing) == []
    assert not Allocation.objects.filter(requirement=world.alex_requirement, source="standing").exists()
    reason = shortfalls(standing)[FIRST_FRIDAY]
    assert "children" in reason.lower()


def test_a_full_session_is_refused_by_the_capacity_rule(world, fridays):
    full = fridays[FIRST_FRIDAY]
    full.capacity = 1
    full.save()
    f.AllocationFactory(session=full, requirement=f.RequirementFactory(person__pdu=world.newcastle))
    standing = make(world)

    assert FIRST_FRIDAY not in booked_dates(standing)
    assert "for 1 place." in shortfalls(standing)[FIRST_FRIDAY]


def test_generating_again_books_nothing_new(world, fridays):
    standing = make(world)
    before = Allocation.objects.count()

    again = services.generate_bookings(today=MONDAY)

    assert again.booked == 0
    assert again.already_booked == len(booked_dates(standing))
    assert Allocation.objects.count() == before
    assert len(shortfalls(standing)) == len(BANK_HOLIDAYS)


def test_a_cancelled_standing_place_is_not_booked_again(world, fridays):
    standing = make(world)
    place = Allocation.objects.get(standing_booking__standing=standing, session__date=FIRST_FRIDAY)
    place.status = AllocationStatus.CANCELLED
    place.save()

    assert services.generate_bookings(today=MONDAY).booked == 0


def test_two_people_on_one_project_share_the_places_and_the_second_is_told_when_it_is_full(world, fridays):
    for session in fridays.values():
        session.capacity = 1
        session.save()
    other = f.RequirementFactory(person=f.PersonFactory(pdu=world.newcastle))
    first = make(world)
    second = make(world, requirement=other)

    assert len(booked_dates(first)) == 6
    assert booked_dates(second) == []
    assert all("for 1 place." in reason for day, reason in shortfalls(second).items() if day not in BANK_HOLIDAYS)


def test_pausing_stops_new_bookings_and_ending_cancels_the_places_ahead(world, fridays):
    standing = make(world, end=FRIDAYS[1])
    standing = services.standing_pause(standing=standing, by=world.cora)
    standing.end_date = None
    standing.save()
    assert services.generate_bookings(today=MONDAY).booked == 0

    cancelled = services.standing_end(standing=standing, by=world.cora, today=MONDAY)

    assert cancelled == 2
    assert not Allocation.objects.filter(standing_booking__standing=standing, status="allocated").exists()
    with pytest.raises(services.StandingError, match=services.ALREADY_ENDED):
        services.standing_end(standing=standing, by=world.cora, today=MONDAY)


def test_the_person_and_the_sessions_have_history_entries(world, fridays):
    make(world, end=FIRST_FRIDAY)

    assert world.alex.history.filter(history_change_reason__startswith="Standing allocation made").exists()
    session = fridays[FIRST_FRIDAY]
    assert session.history.filter(history_change_reason="Place booked by a standing allocation").exists()


def test_matching_treats_standing_places_as_taken_and_the_hours_as_planned(world, fridays):
    before = adapter.build_problem(region=world.north_east, start=FIRST_FRIDAY, end=FRIDAYS[-1], today=MONDAY)
    left_before = before.problem.person_by_id()[world.alex_requirement.pk].minutes_left
    make(world)

    built = adapter.build_problem(region=world.north_east, start=FIRST_FRIDAY, end=FRIDAYS[-1], today=MONDAY)

    alex = built.problem.person_by_id()[world.alex_requirement.pk]
    friday = built.sessions[fridays[FIRST_FRIDAY].pk]
    assert friday.taken == 1 and world.alex_requirement.pk in friday.allocated_person_ids
    assert FIRST_FRIDAY in alex.busy_dates
    assert alex.minutes_left == left_before - 6 * 420
    # Matching cannot put Alex on that Friday again, nor on another session that day.
    assert engine.check_placement(built.problem, [], alex.id, friday.id)
