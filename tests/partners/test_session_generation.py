"""Sessions from schedules: bank holidays, the clock change, end dates, schedule changes, idempotency."""

import datetime as dt

import pytest
import time_machine

from partners.models import Frequency, ProjectStatus, ScheduleSlot
from partners.projects import services
from partners.schedule.services import NO_LONGER_SCHEDULED, fill_horizon, generate_sessions
from partners.schedule.tasks import fill_session_horizon
from partners.workflow import Action
from tests import factories as f
from upw.core.calendar import is_bank_holiday, local_start
from upw.models import Session

pytestmark = pytest.mark.django_db

MON = 0


def approved(world, *, start=dt.date(2027, 1, 4), end=None, slots=((MON, dt.time(10), dt.time(15), "weekly"),)):
    project = f.ProjectFactory(
        organisation=world.org_a, site__pdu=world.newcastle, status=ProjectStatus.APPROVED, start_date=start,
        end_date=end, capacity=6,
    )  # fmt: skip
    for weekday, begin, finish, frequency in slots:
        ScheduleSlot.objects.create(
            project=project, weekday=weekday, start_time=begin, end_time=finish, frequency=frequency
        )
    return project


def dates(project):
    return list(Session.objects.filter(project=project).order_by("date").values_list("date", flat=True))


def test_it_knows_the_bank_holidays_of_england_and_wales():
    assert is_bank_holiday(dt.date(2027, 5, 3))  # early May bank holiday
    assert is_bank_holiday(dt.date(2027, 3, 29))  # Easter Monday
    assert not is_bank_holiday(dt.date(2027, 5, 10))


def test_it_skips_a_bank_holiday(world):
    project = approved(world, start=dt.date(2027, 4, 19))
    generate_sessions(project=project, today=dt.date(2027, 4, 18), weeks=4)
    assert dates(project) == [dt.date(2027, 4, 19), dt.date(2027, 4, 26), dt.date(2027, 5, 10)]
    assert dt.date(2027, 5, 3) not in dates(project)


def test_it_keeps_local_times_across_the_clock_change(world):
    # Clocks go forward on Sunday 28 March 2027; Monday 29 March is Easter Monday, a bank holiday.
    project = approved(world, start=dt.date(2027, 3, 22))
    generate_sessions(project=project, today=dt.date(2027, 3, 21), weeks=3)
    before, after = Session.objects.filter(project=project).order_by("date")
    assert (before.date, after.date) == (dt.date(2027, 3, 22), dt.date(2027, 4, 5))
    assert before.start_time == after.start_time == dt.time(10)
    assert local_start(before).utcoffset() == dt.timedelta(0)  # GMT
    assert local_start(after).utcoffset() == dt.timedelta(hours=1)  # BST
    assert local_start(before).astimezone(dt.UTC).hour == 10
    assert local_start(after).astimezone(dt.UTC).hour == 9


def test_it_keeps_local_times_when_the_clocks_go_back(world):
    project = approved(world, start=dt.date(2027, 10, 25), slots=((MON, dt.time(10), dt.time(15), "weekly"),))
    generate_sessions(project=project, today=dt.date(2027, 10, 24), weeks=2)
    # Clocks go back on Sunday 31 October 2027.
    first, second = Session.objects.filter(project=project).order_by("date")[:2]
    assert (first.date, second.date) == (dt.date(2027, 10, 25), dt.date(2027, 11, 1))
    assert first.start_time == second.start_time == dt.time(10)
    assert local_start(first).utcoffset() == dt.timedelta(hours=1)  # BST
    assert local_start(second).utcoffset() == dt.timedelta(0)  # GMT


def test_it_stops_at_the_end_date(world):
    project = approved(world, start=dt.date(2027, 1, 4), end=dt.date(2027, 1, 18))
    generate_sessions(project=project, today=dt.date(2027, 1, 3), weeks=8)
    assert dates(project) == [dt.date(2027, 1, 4), dt.date(2027, 1, 11), dt.date(2027, 1, 18)]


def test_it_fills_only_the_horizon(world):
    project = approved(world)
    generate_sessions(project=project, today=dt.date(2027, 1, 3), weeks=3)
    assert dates(project) == [dt.date(2027, 1, 4), dt.date(2027, 1, 11), dt.date(2027, 1, 18)]


def test_it_runs_fortnightly_slots_every_other_week_from_the_start(world):
    project = approved(world, slots=((MON, dt.time(9), dt.time(16), Frequency.FORTNIGHTLY),))
    generate_sessions(project=project, today=dt.date(2027, 1, 10), weeks=6)
    assert dates(project) == [dt.date(2027, 1, 18), dt.date(2027, 2, 1), dt.date(2027, 2, 15)]


def test_it_runs_a_once_slot_once(world):
    project = approved(world, slots=((2, dt.time(9), dt.time(16), Frequency.ONCE),))
    generate_sessions(project=project, today=dt.date(2027, 1, 3), weeks=8)
    assert dates(project) == [dt.date(2027, 1, 6)]


def test_it_is_idempotent(world):
    project = approved(world)
    first = generate_sessions(project=project, today=dt.date(2027, 1, 3), weeks=4)
    second = generate_sessions(project=project, today=dt.date(2027, 1, 3), weeks=4)
    assert first.created == 4
    assert not second
    assert Session.objects.filter(project=project).count() == 4


def test_it_sets_what_each_session_needs(world):
    project = approved(world)
    generate_sessions(project=project, today=dt.date(2027, 1, 3), weeks=1)
    session = Session.objects.get(project=project)
    assert (session.capacity, session.supervisors_needed, session.generated_from_schedule) == (6, 1, True)
    assert session.schedule_slot == project.schedule.get()


def test_it_makes_no_sessions_for_projects_not_approved(world):
    project = approved(world)
    project.status = ProjectStatus.IN_REVIEW
    project.save()
    generate_sessions(project=project, today=dt.date(2027, 1, 3), weeks=4)
    assert dates(project) == []


def test_it_changes_future_sessions_only_and_flags_those_with_people(world):
    project = approved(world)
    generate_sessions(project=project, today=dt.date(2027, 1, 3), weeks=4)
    past = Session.objects.get(project=project, date=dt.date(2027, 1, 4))
    taken = Session.objects.get(project=project, date=dt.date(2027, 1, 18))
    rostered = Session.objects.get(project=project, date=dt.date(2027, 1, 25))
    f.AllocationFactory(requirement=world.alex_requirement, session=taken)
    f.SessionSupervisorFactory(session=rostered, supervisor=world.sam.supervisor)

    # On 10 January the project moves from Mondays to Tuesdays.
    slot = project.schedule.get()
    slot.delete()
    ScheduleSlot.objects.create(project=project, weekday=1, start_time=dt.time(10), end_time=dt.time(15))
    result = generate_sessions(project=project, today=dt.date(2027, 1, 10), weeks=3)

    assert Session.objects.filter(pk=past.pk).exists()  # the past is never touched
    taken.refresh_from_db()
    rostered.refresh_from_db()
    assert taken.needs_attention and taken.attention_reason == NO_LONGER_SCHEDULED
    assert rostered.needs_attention
    assert not Session.objects.filter(project=project, date=dt.date(2027, 1, 11)).exists()  # free: deleted
    tuesdays = Session.objects.filter(project=project, date__week_day=3).values_list("date", flat=True)
    assert sorted(tuesdays) == [dt.date(2027, 1, 12), dt.date(2027, 1, 19), dt.date(2027, 1, 26)]
    assert (result.created, result.deleted, result.flagged) == (3, 1, 2)
    # Running again flags nothing new.
    assert not generate_sessions(project=project, today=dt.date(2027, 1, 10), weeks=3)


def test_it_flags_a_time_change_on_a_session_with_people(world):
    project = approved(world)
    generate_sessions(project=project, today=dt.date(2027, 1, 3), weeks=2)
    taken, free = Session.objects.filter(project=project).order_by("date")
    f.AllocationFactory(requirement=world.alex_requirement, session=taken)
    ScheduleSlot.objects.filter(project=project).update(end_time=dt.time(16))
    generate_sessions(project=project, today=dt.date(2027, 1, 3), weeks=2)
    taken.refresh_from_db()
    free.refresh_from_db()
    assert (taken.end_time, taken.needs_attention) == (dt.time(15), True)
    assert (free.end_time, free.needs_attention) == (dt.time(16), False)


def test_it_leaves_sessions_made_by_hand_alone(world):
    project = approved(world)
    manual = f.SessionFactory(project=project, date=dt.date(2027, 1, 6))
    generate_sessions(project=project, today=dt.date(2027, 1, 3), weeks=1)
    assert Session.objects.filter(pk=manual.pk).exists()


def test_it_generates_sessions_when_a_coordinator_approves(propose, places):
    with time_machine.travel(dt.datetime(2027, 2, 20, 12, tzinfo=dt.UTC)):
        project = propose()
        for user, action in ((places.pat, Action.SUBMIT), (places.cora, Action.START_REVIEW)):
            project = services.project_transition(project=project, user=user, action=action)
        assert not Session.objects.filter(project=project).exists()
        services.project_transition(project=project, user=places.cora, action=Action.APPROVE)
        # Eight weeks from 20 February, from the start on 1 March, less Easter Monday.
        assert dates(project) == [
            dt.date(2027, 3, 1),
            dt.date(2027, 3, 8),
            dt.date(2027, 3, 15),
            dt.date(2027, 3, 22),
            dt.date(2027, 4, 5),
            dt.date(2027, 4, 12),
        ]


def test_it_regenerates_when_the_schedule_is_edited(propose, places):
    with time_machine.travel(dt.datetime(2027, 2, 20, 12, tzinfo=dt.UTC)):
        project = propose()
        for user, action in (
            (places.pat, Action.SUBMIT),
            (places.cora, Action.START_REVIEW),
            (places.cora, Action.APPROVE),
        ):
            project = services.project_transition(project=project, user=user, action=action)
        services.project_update(
            project=project,
            user=places.cora,
            fields={},
            slots=[services.Slot(weekday=2, start_time=dt.time(9, 30), end_time=dt.time(12, 30))],
        )
        assert {d.weekday() for d in dates(project)} == {2}


def test_it_removes_free_future_sessions_when_paused(places):
    project = approved(places)
    with time_machine.travel(dt.datetime(2027, 1, 3, 12, tzinfo=dt.UTC)):
        project = services.project_transition(project=project, user=places.cora, action=Action.ACTIVATE)
        assert len(dates(project)) == 8
        taken = Session.objects.filter(project=project).order_by("date").last()
        f.AllocationFactory(requirement=places.alex_requirement, session=taken)
        services.project_transition(project=project, user=places.cora, action=Action.PAUSE, message="Flooded.")
    assert dates(project) == [taken.date]
    taken.refresh_from_db()
    assert taken.needs_attention


def test_the_periodic_task_fills_every_scheduled_project(world):
    project = approved(world, start=dt.date(2020, 1, 6))
    with time_machine.travel(dt.datetime(2027, 1, 3, 12, tzinfo=dt.UTC)):
        totals = fill_session_horizon.delay().get()
        assert totals["created"] == 8
        again = fill_horizon()
        assert (again["created"], again["deleted"], again["flagged"]) == (0, 0, 0)
    assert len(dates(project)) == 8


def test_the_periodic_task_is_scheduled(settings):
    from upw.celery import app as celery_app

    entry = settings.CELERY_BEAT_SCHEDULE["partners-fill-session-horizon"]
    assert entry["task"] == "partners.tasks.fill_session_horizon"
    celery_app.loader.import_default_modules()  # what a worker does when it starts
    assert entry["task"] in celery_app.tasks


def test_the_command_fills_the_horizon(world):
    from io import StringIO

    from django.core.management import call_command

    project = approved(world, start=dt.date(2020, 1, 6))
    out = StringIO()
    with time_machine.travel(dt.datetime(2027, 1, 3, 12, tzinfo=dt.UTC)):
        call_command("fill_session_horizon", stdout=out)
    assert "8 sessions created" in out.getvalue()
    assert len(dates(project)) == 8
