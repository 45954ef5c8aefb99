"""Planning every region at once: one matching run per region, started together as a Celery group,
followed region by region to a summary; a run whose worker stopped is restarted or reported failed."""

import datetime as dt
import io
import json
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from scheduler.matching import services as matching
from scheduler.matching.tasks import run_matching
from scheduler.models import MatchingRun, NationalPlan, RunStatus
from scheduler.national import selectors, services

pytestmark = pytest.mark.django_db


def start_plan(plan, capture, user=None, **kw):
    with capture(execute=True):
        national = services.national_plan_start(
            user=user or plan.world.admin, start_date=plan.start, end_date=plan.end, time_limit_s=5, **kw
        )
    return services.national_plan_refresh(plan=NationalPlan.objects.get(pk=national.pk))


def test_it_plans_every_region_as_one_group_and_sums_up(plan, django_capture_on_commit_callbacks):
    with mock.patch("scheduler.national.services.enqueue_group", wraps=services.enqueue_group) as sent:
        national = start_plan(plan, django_capture_on_commit_callbacks)

    runs = MatchingRun.objects.filter(national_plan=national).order_by("region__name")
    assert [run.region.name for run in runs] == ["North East", "Wales"]
    [(task_name, calls)] = [c.args for c in sent.call_args_list]
    assert task_name == matching.RUN_MATCHING_TASK
    assert sorted(calls) == sorted((run.pk,) for run in runs)
    assert all(run.status == RunStatus.READY for run in runs)
    assert national.is_finished and national.group_id

    summary = selectors.plan_summary(plan=national)
    assert summary.regions == 2 and summary.by_status == {"ready": 2}
    assert summary.hours_placed == pytest.approx(sum(run.figures["hours_placed"] for run in runs))
    assert 0 < summary.hours_placed <= summary.upper_bound_hours
    assert summary.parallel_speed_up is not None


def test_only_an_administrator_may_plan_every_region(plan):
    with pytest.raises(PermissionDenied):
        services.national_plan_start(user=plan.world.cora, start_date=plan.start, end_date=plan.end)
    assert not NationalPlan.objects.exists()


def test_a_region_with_a_run_already_active_is_left_out_and_said_so(plan, django_capture_on_commit_callbacks):
    active = matching.run_create(
        user=plan.world.cora, region=plan.world.north_east, start_date=plan.start, end_date=plan.end
    )

    national = start_plan(plan, django_capture_on_commit_callbacks)

    assert [run.region.name for run in national.runs.all()] == ["Wales"]
    assert f"run {active.pk}" in national.skipped["North East"]


def test_it_refuses_when_no_region_can_be_planned(plan):
    for region in (plan.world.north_east, plan.world.wales):
        matching.run_create(user=plan.world.admin, region=region, start_date=plan.start, end_date=plan.end)
    with pytest.raises(ValidationError) as refused:
        services.national_plan_start(user=plan.world.admin, start_date=plan.start, end_date=plan.end)
    assert refused.value.messages == [services.NOTHING_TO_PLAN]


def test_a_task_handed_back_after_its_worker_stopped_runs_the_run_again(plan):
    run = matching.run_create(
        user=plan.world.cora, region=plan.world.north_east, start_date=plan.start, end_date=plan.end
    )
    # The first worker claimed the run and stopped before finishing it.
    MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=timezone.now(), progress=25)

    # As the broker hands it back (kombu marks a restored message redelivered).
    run_matching.push_request(delivery_info={"redelivered": True})
    try:
        outcome = run_matching.run(run.pk)
    finally:
        run_matching.pop_request()

    run.refresh_from_db()
    assert outcome == {"run": run.pk, "status": RunStatus.READY}
    assert run.proposals.exists()


def test_a_second_delivery_while_the_run_is_going_does_nothing(plan):
    run = matching.run_create(
        user=plan.world.cora, region=plan.world.north_east, start_date=plan.start, end_date=plan.end
    )
    MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=timezone.now(), progress=25)

    outcome = run_matching.apply(args=(run.pk,)).get()

    assert outcome["status"] == RunStatus.RUNNING
    assert not MatchingRun.objects.get(pk=run.pk).proposals.exists()


def test_the_task_is_acknowledged_late_requeued_if_its_worker_dies_and_time_limited():
    assert run_matching.acks_late and run_matching.reject_on_worker_lost
    assert run_matching.soft_time_limit >= 2 * 300 and run_matching.time_limit > run_matching.soft_time_limit


def test_a_run_past_its_time_limit_is_reported_failed_and_the_plan_finishes(plan, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        national = services.national_plan_start(user=plan.world.admin, start_date=plan.start, end_date=plan.end)
    # The tasks never ran (their worker was lost): the runs stay queued, long past their time.
    long_ago = timezone.now() - dt.timedelta(hours=3)
    MatchingRun.objects.filter(national_plan=national).update(created_at=long_ago)

    national = services.national_plan_refresh(plan=national)

    assert national.is_finished
    runs = list(national.runs.all())
    assert {run.status for run in runs} == {RunStatus.FAILED}
    assert all(run.error.startswith("Stopped: still queued") for run in runs)
    assert selectors.plan_summary(plan=national).by_status == {"failed": 2}


def test_a_run_that_raises_past_its_soft_time_limit_is_recorded_failed(plan):
    from celery.exceptions import SoftTimeLimitExceeded

    run = matching.run_create(
        user=plan.world.cora, region=plan.world.north_east, start_date=plan.start, end_date=plan.end
    )
    with mock.patch("scheduler.matching.engine.solve", side_effect=SoftTimeLimitExceeded()):
        run = matching.run_execute(run_id=run.pk)
    assert run.status == RunStatus.FAILED and "SoftTimeLimitExceeded" in run.error


@pytest.mark.django_db(transaction=True)
def test_the_command_plans_every_region_and_writes_the_summary(plan, tmp_path):
    # Committed for real, so the group starts as the command's transaction commits.
    out = io.StringIO()
    path = tmp_path / "national.json"
    call_command(
        "plan_national", "--start", plan.start.isoformat(), "--days", "7", "--time-limit", "5", "--wait",
        "--poll", "0", "--wait-at-most", "120", "--json", str(path), stdout=out,
    )  # fmt: skip
    figures = json.loads(path.read_text())
    assert figures["regions"] == 2 and figures["finished"] is True
    assert figures["by_status"] == {"ready": 2}
    assert "North East: Ready for review" in out.getvalue()


# --- The pages ------------------------------------------------------------------------------------


def test_an_administrator_starts_a_plan_and_follows_it(client, plan, django_capture_on_commit_callbacks):
    client.force_login(plan.world.admin)
    assert client.get(reverse("national-plans")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("national-plans"),
            {"start_date": plan.start.isoformat(), "end_date": plan.end.isoformat(), "time_limit_s": "5"},
        )
    national = NationalPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("national-plan", args=[national.pk])

    page = client.get(reverse("national-plan", args=[national.pk])).content.decode()
    assert "North East" in page and "Wales" in page and "Hours placed" in page
    progress = client.get(reverse("national-plan-progress", args=[national.pk])).json()
    assert progress["finished"] is True and progress["message"] == "2 of 2 regions finished."


def test_the_form_shows_what_is_wrong(client, plan):
    client.force_login(plan.world.admin)
    response = client.post(reverse("national-plans"), {"start_date": "", "end_date": "", "time_limit_s": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and "Error:" in page
    assert "Enter the first day of the plan" in page and "The time limit must be 5 seconds or more" in page


@pytest.mark.parametrize("persona", ["cora", "pat", "sam"])
def test_other_roles_are_refused(client, plan, persona):
    national = NationalPlan.objects.create(start_date=plan.start, end_date=plan.end)
    client.force_login(getattr(plan.world, persona))
    for url in (
        reverse("national-plans"),
        reverse("national-plan", args=[national.pk]),
        reverse("national-plan-progress", args=[national.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_signed_out_visitors_are_sent_to_sign_in(client):
    assert client.get(reverse("national-plans")).status_code == 302


def test_an_unknown_plan_is_not_found(client, plan):
    client.force_login(plan.world.admin)
    assert client.get(reverse("national-plan", args=[999])).status_code == 404


def test_a_plan_whose_administrator_was_deleted_is_still_listed(client, plan):
    NationalPlan.objects.create(start_date=plan.start, end_date=plan.end, created_by=None)
    client.force_login(plan.world.admin)
    assert client.get(reverse("national-plans")).status_code == 200


def test_the_list_of_plans_is_empty_at_first(client, plan):
    client.force_login(plan.world.admin)
    assert 'id="empty"' in client.get(reverse("national-plans")).content.decode()
