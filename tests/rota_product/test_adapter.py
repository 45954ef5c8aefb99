"""The rota problem built from the database: supervision need, driver, female supervisor, staff."""

import datetime as dt

from scheduler.rota import adapter, engine
from tests import factories as f
from upw.models import Leave


def build(rw, **kwargs):
    return adapter.build_problem(region=rw.north_east, start=rw.monday, end=rw.sunday, **kwargs)


def demand(built, session):
    return next(d for d in built.problem.demands if d.id == adapter.demand_id(session.pk))


def test_it_needs_one_supervisor_per_ratio_of_attendees(rota_world):
    session = rota_world.sessions[0]
    for _ in range(9):  # 9 people at 8 a supervisor: 2 supervisors
        f.AllocationFactory(session=session, requirement__person__pdu=rota_world.world.newcastle)
    built = build(rota_world)
    need = built.needs[session.pk]
    assert (need.attendees, need.ratio, need.supervisors, need.from_capacity) == (9, 8, 2, False)
    assert demand(built, session).headcount == 2


def test_it_counts_the_capacity_while_nobody_is_allocated(rota_world):
    session = rota_world.sessions[1]
    session.capacity = 17
    session.save()
    need = build(rota_world).needs[session.pk]
    assert (need.attendees, need.from_capacity, need.supervisors) == (17, True, 3)


def test_it_uses_the_stricter_project_ratio(rota_world, settings):
    rota_world.project.supervision_ratio = 4
    rota_world.project.save()
    need = build(rota_world).needs[rota_world.sessions[0].pk]
    assert (need.ratio, need.supervisors) == (4, 2)
    settings.UPW_ROTA = {**settings.UPW_ROTA, "RATIOS": {"group": 3}}
    need = build(rota_world).needs[rota_world.sessions[0].pk]
    assert (need.ratio, need.supervisors) == (3, 3)


def test_it_asks_for_a_van_driver_when_the_project_has_a_pick_up_point(rota_world):
    rota_world.project.pick_up_point = "Haymarket bus station"
    rota_world.project.save()
    d = demand(build(rota_world), rota_world.sessions[0])
    assert any(c.qualification == engine.VAN_DRIVER and c.required == 1 for c in d.cover)


def test_it_asks_for_a_female_supervisor_for_a_women_only_group(rota_world):
    rota_world.project.women_only = True
    rota_world.project.save()
    d = demand(build(rota_world), rota_world.sessions[0])
    assert any(c.qualification == engine.FEMALE for c in d.cover)
    assert not any(c.qualification == engine.VAN_DRIVER for c in d.cover)


def test_it_turns_leave_and_working_pattern_into_days_off(rota_world):
    rw = rota_world
    Leave.objects.create(supervisor=rw.fran, start_date=rw.monday, end_date=rw.monday + dt.timedelta(days=1))
    built = build(rw)
    fran = next(s for s in built.problem.staff if s.id == adapter.staff_id(rw.fran.pk))
    assert {0, 1, 5, 6} <= fran.days_off  # leave Monday and Tuesday, weekend outside the pattern
    assert 2 not in fran.days_off
    assert "on leave" in built.day_off_reasons[(rw.fran.pk, 0)]
    assert "does not work on Saturdays" in built.day_off_reasons[(rw.fran.pk, 5)]
    assert fran.max_minutes == 37 * 60  # a week's contract over a week
    assert engine.VAN_DRIVER in fran.qualifications and fran.gender == "female"


def test_it_leaves_out_other_regions_and_partner_supervised_sessions(rota_world):
    rw = rota_world
    wales_session = f.SessionFactory(project=rw.world.project_b, date=rw.monday)
    individual = f.SessionFactory(
        project=f.ProjectFactory(organisation=rw.world.org_a, site=rw.project.site, project_type="individual"),
        date=rw.monday,
    )
    built = build(rw)
    assert rw.sessions[0].pk in built.needs
    assert wales_session.pk not in built.needs
    assert individual.pk not in built.needs
    assert {s.id for s in built.problem.staff} == {adapter.staff_id(s.pk) for s in (rw.sam, rw.sid, rw.fran, rw.dan)}


def test_it_takes_the_rota_as_rostered_as_previous(rota_world):
    rw = rota_world
    f.SessionSupervisorFactory(session=rw.sessions[0], supervisor=rw.dan)
    built = build(rw)
    assert (
        engine.Assignment(adapter.staff_id(rw.dan.pk), adapter.demand_id(rw.sessions[0].pk)) in built.problem.previous
    )


def test_it_names_the_problem_after_the_region_and_dates(rota_world):
    built = build(rota_world)
    assert built.problem.name == f"North East {rota_world.monday} to {rota_world.sunday}"
    assert built.region_name == "North East"
