"""Rota runs as Celery tasks: progress, figures, proposed assignments and shortfalls."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from scheduler import periods
from scheduler.models import RotaRunStatus
from scheduler.rota import selectors, services
from scheduler.rota.services import runs
from tests.rota_product.helpers import pairs, start_run
from upw.models import Leave


def test_it_runs_on_commit_and_stores_the_rota_with_figures(rota_world, django_capture_on_commit_callbacks):
    run = start_run(rota_world, django_capture_on_commit_callbacks)
    assert run.status == RotaRunStatus.READY, run.error
    assert run.progress == 100 and run.progress_message == "Ready for review."
    staffed = {ses for ses, _ in pairs(run)}
    assert {s.pk for s in rota_world.sessions} <= staffed
    for key in ("objective", "bound", "gap", "solver_status", "sessions", "supervisors", "unstaffed", "wall_s"):
        assert key in run.figures
    assert run.figures["unstaffed"] == 0
    assert run.started_at and run.finished_at


def test_it_records_progress_while_running(rota_world, django_capture_on_commit_callbacks, monkeypatch):
    seen = []
    original = runs._progress

    def spy(run_id, percent, message):
        seen.append(percent)
        original(run_id, percent, message)

    monkeypatch.setattr(runs, "_progress", spy)
    start_run(rota_world, django_capture_on_commit_callbacks)
    assert seen == sorted(seen) and seen[0] >= 5 and 20 in seen and 85 in seen


def test_it_explains_a_session_nobody_can_staff(rota_world, django_capture_on_commit_callbacks):
    rw = rota_world
    for sup in (rw.sam, rw.sid, rw.fran, rw.dan):
        Leave.objects.create(supervisor=sup, start_date=rw.monday, end_date=rw.monday)
    run = start_run(rw, django_capture_on_commit_callbacks)
    shortfall = run.shortfalls.get(session=rw.sessions[0], qualification="")
    assert shortfall.assigned == 0 and shortfall.blocks_session
    assert any("on leave" in r for r in shortfall.reasons)
    assert any("cancel" in s for s in shortfall.suggestions)
    assert selectors.unstaffable_session_ids(rw.north_east, rw.monday, rw.sunday) == {rw.sessions[0].pk}
    places = selectors.staffed_places(rw.north_east, rw.monday, rw.sunday)
    assert places[rw.sessions[0].pk] == 0 and places[rw.sessions[1].pk] == 8


def test_it_refuses_a_region_the_coordinator_does_not_run(rota_world):
    with pytest.raises(PermissionDenied):
        services.run_create(
            user=rota_world.world.nia,
            region=rota_world.north_east,
            start_date=rota_world.monday,
            end_date=rota_world.sunday,
        )


def test_it_refuses_a_period_that_is_too_long_or_backwards(rota_world):
    rw = rota_world
    with pytest.raises(ValidationError) as error:
        services.run_create(user=rw.world.cora, region=rw.north_east, start_date=rw.sunday, end_date=rw.monday)
    assert periods.END_BEFORE_START in str(error.value)
    with pytest.raises(ValidationError):
        services.run_create(
            user=rw.world.cora,
            region=rw.north_east,
            start_date=rw.monday,
            end_date=rw.monday.replace(year=rw.monday.year + 1),
        )


def test_it_does_the_work_once_when_the_task_is_delivered_twice(rota_world, django_capture_on_commit_callbacks):
    run = start_run(rota_world, django_capture_on_commit_callbacks)
    before = pairs(run)
    again = services.run_execute(run_id=run.pk)
    assert again.status == RotaRunStatus.READY and pairs(again) == before


def test_it_repairs_a_published_rota_with_few_changes(rota_world, django_capture_on_commit_callbacks):
    rw = rota_world
    run = start_run(rw, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.run_publish(run_id=run.pk, user=rw.world.cora)
    sick = run.assignments.filter(session=rw.sessions[1]).first().supervisor
    Leave.objects.create(supervisor=sick, start_date=rw.sessions[1].date, end_date=rw.sessions[1].date, reason="Sick")
    with django_capture_on_commit_callbacks(execute=True):
        repair = services.run_replan(run=run, user=rw.world.cora)
    repair.refresh_from_db()
    assert repair.status == RotaRunStatus.READY and repair.previous_run == run
    assert (rw.sessions[1].pk, sick.pk) not in pairs(repair)
    assert rw.sessions[1].pk in {ses for ses, _ in pairs(repair)}  # someone else took it
    kept = pairs(run) & pairs(repair)
    assert len(kept) >= len(pairs(run)) - 2  # only the sick day changes (one off, one on)


def test_it_registers_the_task_with_the_worker_and_runs_it(rota_world):
    from scheduler.models import RotaRun
    from scheduler.rota import tasks

    rw = rota_world
    run = RotaRun.objects.create(
        region=rw.north_east, start_date=rw.monday, end_date=rw.sunday, created_by=rw.world.cora,
        parameters={"time_limit_s": 5},
    )  # fmt: skip
    result = tasks.run_rota.delay(run.pk).get()
    assert result == {"run": run.pk, "status": "ready"}
    run.refresh_from_db()
    assert run.progress == 100 and run.figures["assignments"] >= 3


def test_it_keeps_men_off_a_session_with_someone_who_must_not_have_a_male_supervisor(
    rota_world, django_capture_on_commit_callbacks
):
    from tests import factories as f

    rw = rota_world
    f.AllocationFactory(session=rw.sessions[0], requirement__person__supervisor_gender_restriction="not_male")
    run = start_run(rw, django_capture_on_commit_callbacks)
    on = set(run.assignments.filter(session=rw.sessions[0]).values_list("supervisor__gender", flat=True))
    assert on == {"female"}  # Fran, the only woman
    Leave.objects.create(supervisor=rw.fran, start_date=rw.monday, end_date=rw.sunday)
    run = start_run(rw, django_capture_on_commit_callbacks)
    assert not run.assignments.filter(session=rw.sessions[0]).exists()
    shortfall = run.shortfalls.get(session=rw.sessions[0], qualification="")
    assert any("only women can take it" in r for r in shortfall.reasons)


def test_it_reports_no_unstaffable_sessions_before_any_rota(rota_world):
    rw = rota_world
    assert selectors.unstaffable_session_ids(rw.north_east, rw.monday, rw.sunday) == set()
    assert selectors.staffed_places(rw.north_east, rw.monday, rw.sunday) == {}


def test_it_takes_unstaffable_sessions_from_the_newest_rota(rota_world, django_capture_on_commit_callbacks):
    rw = rota_world
    leave = [
        Leave.objects.create(supervisor=sup, start_date=rw.monday, end_date=rw.monday)
        for sup in (rw.sam, rw.sid, rw.fran, rw.dan)
    ]
    start_run(rw, django_capture_on_commit_callbacks)
    assert rw.sessions[0].pk in selectors.unstaffable_session_ids(rw.north_east, rw.monday, rw.sunday)
    Leave.objects.filter(pk=leave[0].pk).delete()  # Sam is back: a new rota staffs Monday
    start_run(rw, django_capture_on_commit_callbacks)
    assert selectors.unstaffable_session_ids(rw.north_east, rw.monday, rw.sunday) == set()


def test_it_names_supervisors_and_drivers_in_the_explanations(rota_world):
    from scheduler.rota import adapter

    rw = rota_world
    built = adapter.build_problem(region=rw.north_east, start=rw.monday, end=rw.sunday)
    text = runs._humanise(f"offer overtime to sup{rw.sam.pk}; 0 of 2 supervisor with van-driver", built)
    assert text == f"offer overtime to {rw.sam}; 0 of 2 van driver"


def test_it_keeps_hand_added_supervisors_when_re_planning_unless_a_rule_now_refuses(
    rota_world, django_capture_on_commit_callbacks
):
    from scheduler.models import RotaAssignment

    rw = rota_world
    run = start_run(rw, django_capture_on_commit_callbacks)
    RotaAssignment.objects.filter(run=run, session__in=rw.sessions[:2]).delete()
    for session in rw.sessions[:2]:
        services.assignment_add(run=run, user=rw.world.cora, session_id=session.pk, supervisor_id=rw.dan.pk)
    Leave.objects.create(supervisor=rw.dan, start_date=rw.sessions[1].date, end_date=rw.sessions[1].date)
    with django_capture_on_commit_callbacks(execute=True):
        repair = services.run_replan(run=run, user=rw.world.cora)
    repair.refresh_from_db()
    assert repair.status == RotaRunStatus.READY, repair.error
    kept = repair.assignments.get(session=rw.sessions[0], supervisor=rw.dan)
    assert kept.source == "manual"
    assert not repair.assignments.filter(session=rw.sessions[1], supervisor=rw.dan).exists()
    assert repair.figures["pinned"] == 1


def test_it_keeps_the_rest_rule_next_to_sessions_outside_the_rota(rota_world, django_capture_on_commit_callbacks):
    import datetime as dt

    from tests import factories as f

    rw = rota_world
    late = f.SessionFactory(
        project=rw.project, date=rw.monday - dt.timedelta(days=1), start_time=dt.time(17), end_time=dt.time(23)
    )
    for sup in (rw.sam, rw.sid, rw.dan):
        f.SessionSupervisorFactory(session=late, supervisor=sup)
    run = start_run(rw, django_capture_on_commit_callbacks)
    on_monday = set(run.assignments.filter(session=rw.sessions[0]).values_list("supervisor_id", flat=True))
    assert on_monday == {rw.fran.pk}


def test_it_solves_with_the_configured_threads_and_stops_at_the_configured_gap(
    rota_world, django_capture_on_commit_callbacks, monkeypatch, settings
):
    settings.UPW_ROTA = {**settings.UPW_ROTA, "WORKERS": 3, "GAP_PERCENT": 2}
    asked = []
    original = runs.engine.solve

    def spy(problem, options):
        asked.append(options)
        return original(problem, options)

    monkeypatch.setattr(runs.engine, "solve", spy)
    run = start_run(rota_world, django_capture_on_commit_callbacks)
    assert run.status == RotaRunStatus.READY, run.error
    assert [(o.workers, o.relative_gap) for o in asked] == [(3, 0.02)]
