"""Hand edits on a rota: refused with a clear message when they break a hard rule."""

import datetime as dt

import pytest

from scheduler.models import RotaAssignment, RotaAssignmentSource
from scheduler.rota import services
from scheduler.rota.services import edits, runs
from tests import factories as f
from tests.rota_product.helpers import pairs, start_run
from upw.models import Leave


@pytest.fixture
def empty_run(rota_world, django_capture_on_commit_callbacks):
    """A finished run with every assignment cleared, so each test sets up exactly what it needs."""
    run = start_run(rota_world, django_capture_on_commit_callbacks)
    RotaAssignment.objects.filter(run=run).delete()
    return run


def add(run, rw, session, supervisor):
    return services.assignment_add(run=run, user=rw.world.cora, session_id=session.pk, supervisor_id=supervisor.pk)


def refused(run, rw, session, supervisor) -> str:
    with pytest.raises(services.EditRefused) as error:
        add(run, rw, session, supervisor)
    return " ".join(error.value.reasons)


def test_it_adds_a_supervisor_and_refreshes_the_shortfalls(rota_world, empty_run):
    rw = rota_world
    runs._store_shortfalls(empty_run, edits._build(empty_run), [])
    assert empty_run.shortfalls.filter(session=rw.sessions[0]).exists()
    assignment = add(empty_run, rw, rw.sessions[0], rw.sam)
    assert assignment.source == RotaAssignmentSource.MANUAL and assignment.created_by == rw.world.cora
    assert assignment.role == "lead"
    assert not empty_run.shortfalls.filter(session=rw.sessions[0]).exists()


def test_it_refuses_a_supervisor_on_leave(rota_world, empty_run):
    rw = rota_world
    Leave.objects.create(supervisor=rw.sam, start_date=rw.monday, end_date=rw.monday, reason="Annual leave")
    message = refused(empty_run, rw, rw.sessions[0], rw.sam)
    assert "cannot work on" in message and "on leave (annual leave)" in message


def test_it_refuses_a_day_outside_the_working_pattern(rota_world, empty_run):
    rw = rota_world
    rw.sam.working_days_mask = 0b0011110  # Tuesday to Friday
    rw.sam.save()
    assert "does not work on Mondays" in refused(empty_run, rw, rw.sessions[0], rw.sam)


def test_it_refuses_a_second_session_the_same_day(rota_world, empty_run):
    rw = rota_world
    afternoon = f.SessionFactory(project=rw.project, date=rw.monday, start_time=dt.time(17), end_time=dt.time(20))
    add(empty_run, rw, rw.sessions[0], rw.sam)
    message = refused(empty_run, rw, afternoon, rw.sam)
    assert "already supervises" in message and "one session a day" in message


def test_it_refuses_less_than_eleven_hours_rest(rota_world, empty_run):
    rw = rota_world
    late = f.SessionFactory(
        project=rw.project, date=rw.monday + dt.timedelta(days=3), start_time=dt.time(16), end_time=dt.time(23)
    )
    early = f.SessionFactory(
        project=rw.project, date=rw.monday + dt.timedelta(days=4), start_time=dt.time(7), end_time=dt.time(12)
    )
    add(empty_run, rw, late, rw.sam)
    message = refused(empty_run, rw, early, rw.sam)
    assert "8h of rest" in message and "at least 11h" in message


def test_it_refuses_more_than_the_contract_allows(rota_world, empty_run):
    rw = rota_world
    rw.sam.contracted_minutes_per_week = 10 * 60
    rw.sam.save()
    add(empty_run, rw, rw.sessions[0], rw.sam)  # 7h30
    message = refused(empty_run, rw, rw.sessions[1], rw.sam)
    assert "more than their contract allows" in message and "15h" in message


def test_it_refuses_taking_the_last_place_from_a_needed_van_driver(rota_world, empty_run):
    rw = rota_world
    rw.project.pick_up_point = "Haymarket"
    rw.project.save()
    add(empty_run, rw, rw.sessions[0], rw.sam)  # one of the two places; no driver yet
    message = refused(empty_run, rw, rw.sessions[0], rw.sid)
    assert "is not a van driver" in message and "no place left" in message
    add(empty_run, rw, rw.sessions[0], rw.dan)  # a driver is fine


def test_it_refuses_a_man_on_a_women_only_group_with_no_room_left_for_a_woman(rota_world, empty_run):
    rw = rota_world
    rw.project.women_only = True
    rw.project.save()
    add(empty_run, rw, rw.sessions[0], rw.sam)
    assert "is not a female supervisor" in refused(empty_run, rw, rw.sessions[0], rw.sid)
    assignment = add(empty_run, rw, rw.sessions[0], rw.fran)
    assert assignment.pk


def test_it_refuses_a_man_when_someone_on_the_session_must_not_have_a_male_supervisor(rota_world, empty_run):
    rw = rota_world
    f.AllocationFactory(session=rw.sessions[0], requirement__person__supervisor_gender_restriction="not_male")
    assert "must not be supervised by a man" in refused(empty_run, rw, rw.sessions[0], rw.sam)
    add(empty_run, rw, rw.sessions[0], rw.fran)


def test_it_refuses_a_supervisor_from_another_region(rota_world, empty_run):
    rw = rota_world
    welsh = f.SupervisorFactory(base_office__pdu=rw.world.cardiff)
    assert "not an active supervisor" in refused(empty_run, rw, rw.sessions[0], welsh)


def test_it_removes_a_supervisor_and_shows_the_session_unstaffed(rota_world, empty_run):
    rw = rota_world
    assignment = add(empty_run, rw, rw.sessions[0], rw.sam)
    services.assignment_remove(run=empty_run, user=rw.world.cora, assignment_id=assignment.pk)
    assert (rw.sessions[0].pk, rw.sam.pk) not in pairs(empty_run)
    assert empty_run.shortfalls.filter(session=rw.sessions[0], assigned=0).exists()
    assert assignment.history.filter(history_type="-").exists()


def test_it_allows_an_extra_supervisor_beyond_the_need(rota_world, empty_run):
    rw = rota_world
    add(empty_run, rw, rw.sessions[0], rw.sam)  # the one supervisor eight people need
    assert add(empty_run, rw, rw.sessions[0], rw.sid).pk  # a second, shadowing: the coordinator's call
    assert "already on this session" in refused(empty_run, rw, rw.sessions[0], rw.sid)


def test_it_refuses_too_little_rest_after_a_session_outside_the_rota(rota_world, empty_run):
    rw = rota_world
    sunday_before = rw.monday - dt.timedelta(days=1)
    late = f.SessionFactory(project=rw.project, date=sunday_before, start_time=dt.time(17), end_time=dt.time(23))
    f.SessionSupervisorFactory(session=late, supervisor=rw.sid)
    message = refused(empty_run, rw, rw.sessions[0], rw.sid)  # Monday 09:00: only 10h after 23:00
    assert "only 10h of rest after" in message and "the day before" in message


def test_a_supervisor_of_another_region_is_refused_without_being_named(rota_world, empty_run):
    rw = rota_world
    elsewhere = f.SupervisorFactory(
        user__first_name="Gwen", user__last_name="Morgan", base_office__pdu=rw.world.cardiff
    )
    with pytest.raises(services.EditRefused) as error:
        add(empty_run, rw, rw.sessions[0], elsewhere)
    said = " ".join(error.value.reasons)
    assert "Gwen" not in said and "Morgan" not in said
    assert "That supervisor is not an active supervisor based in" in said
