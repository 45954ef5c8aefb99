"""The coordinators' rota pages: the grid, hand edits, publication, and who may see them."""

import pytest
from django.urls import reverse

from scheduler import periods
from scheduler.models import RotaAssignment, RotaRun, RotaRunStatus
from scheduler.rota import services
from scheduler.rota.services import edits, runs
from tests.rota_product.helpers import start_run
from upw.models import Leave, SessionSupervisor


@pytest.fixture
def run(rota_world, django_capture_on_commit_callbacks):
    return start_run(rota_world, django_capture_on_commit_callbacks)


def test_it_starts_a_run_from_the_form(client, rota_world, django_capture_on_commit_callbacks):
    rw = rota_world
    client.force_login(rw.world.cora)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("rota-new"),
            {"region": rw.north_east.pk, "start_date": rw.monday, "end_date": rw.sunday, "time_limit_s": 5},
        )
    run = RotaRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("rota-run", args=[run.pk])
    assert run.status == RotaRunStatus.READY and run.created_by == rw.world.cora


def test_it_shows_field_errors_for_a_bad_period(client, rota_world):
    rw = rota_world
    client.force_login(rw.world.cora)
    response = client.post(
        reverse("rota-new"),
        {"region": rw.north_east.pk, "start_date": rw.sunday, "end_date": rw.monday, "time_limit_s": 5},
    )
    assert response.status_code == 200 and periods.END_BEFORE_START in response.content.decode()
    assert not RotaRun.objects.exists()


def test_it_shows_the_grid_with_sites_times_and_unstaffed_sessions(client, rota_world, run):
    rw = rota_world
    Leave.objects.create(supervisor=rw.fran, start_date=rw.monday, end_date=rw.sunday)
    runs._store_shortfalls(run, edits._build(run), [])  # as if nobody were on the rota
    client.force_login(rw.world.cora)
    response = client.get(reverse("rota-run", args=[run.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="rota-grid"' in body and str(rw.sam) in body
    assert rw.project.name in body and rw.project.site.name in body and "09:00-16:30" in body
    assert f'id="unstaffed-{rw.sessions[0].pk}"' in body and "Cannot run" in body
    assert 'id="unstaffed-row"' in body and f'href="#unstaffed-{rw.sessions[0].pk}"' in body
    assert "cancel the session (stand it down and rebook its attendees)" in body


def test_it_shows_progress_as_json(client, rota_world, run):
    client.force_login(rota_world.world.cora)
    data = client.get(reverse("rota-progress", args=[run.pk])).json()
    assert data["finished"] and data["progress"] == 100 and data["url"] == reverse("rota-run", args=[run.pk])


def test_it_adds_a_supervisor_and_refuses_with_the_rule_broken(client, rota_world, run):
    rw = rota_world
    RotaAssignment.objects.filter(run=run).delete()
    Leave.objects.create(supervisor=rw.sid, start_date=rw.monday, end_date=rw.monday)
    client.force_login(rw.world.cora)
    url = reverse("rota-add", args=[run.pk])
    assert client.get(url, {"session": rw.sessions[0].pk}).status_code == 200
    response = client.post(url, {"session": rw.sessions[0].pk, "supervisor": rw.sid.pk})
    assert response.status_code == 200
    assert "cannot work on" in response.content.decode() and "on leave" in response.content.decode()
    response = client.post(url, {"session": rw.sessions[0].pk, "supervisor": rw.sam.pk})
    assert response.status_code == 302
    assert run.assignments.filter(session=rw.sessions[0], supervisor=rw.sam).exists()


def test_it_removes_after_confirmation(client, rota_world, run):
    assignment = run.assignments.first()
    client.force_login(rota_world.world.cora)
    url = reverse("rota-remove", args=[run.pk, assignment.pk])
    assert client.get(url).status_code == 200
    assert run.assignments.filter(pk=assignment.pk).exists()  # a GET changes nothing
    assert client.post(url).status_code == 302
    assert not run.assignments.filter(pk=assignment.pk).exists()


def test_it_publishes_after_confirmation_and_twice_is_harmless(
    client, rota_world, run, django_capture_on_commit_callbacks
):
    rw = rota_world
    client.force_login(rw.world.cora)
    url = reverse("rota-publish", args=[run.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
        assert client.post(url).status_code == 302
    run.refresh_from_db()
    assert run.status == RotaRunStatus.PUBLISHED and run.published_version == 1
    assert (
        SessionSupervisor.objects.filter(session__in=rw.sessions).count()
        == run.assignments.filter(session__in=rw.sessions).count()
    )
    assert "Published v1" in client.get(reverse("rota-run", args=[run.pk])).content.decode()


def test_it_hides_another_regions_run(client, rota_world, run):
    client.force_login(rota_world.world.nia)  # Wales
    for name in ("rota-run", "rota-progress", "rota-add", "rota-publish"):
        assert client.get(reverse(name, args=[run.pk])).status_code == 404
    assert client.post(reverse("rota-publish", args=[run.pk])).status_code == 404
    assert f"Rota run {run.pk}" not in client.get(reverse("rota-runs")).content.decode()


@pytest.mark.parametrize("persona", ["pat", "sam"])
def test_it_refuses_partners_and_supervisors(client, rota_world, run, persona):
    client.force_login(getattr(rota_world.world, persona))
    for url in (
        reverse("rota-runs"),
        reverse("rota-new"),
        reverse("rota-run", args=[run.pk]),
        reverse("rota-publish", args=[run.pk]),
    ):
        assert client.get(url).status_code == 403


def test_it_lets_an_administrator_see_every_region(client, rota_world, run):
    client.force_login(rota_world.world.admin)
    assert client.get(reverse("rota-run", args=[run.pk])).status_code == 200


def test_it_sends_anonymous_visitors_to_sign_in(client, rota_world, run):
    response = client.get(reverse("rota-run", args=[run.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_links_the_rota_in_the_navigation(client, rota_world):
    client.force_login(rota_world.world.cora)
    assert f'href="{reverse("rota-runs")}"' in client.get(reverse("rota-runs")).content.decode()
    client.force_login(rota_world.world.sam)
    assert f'href="{reverse("my-rota")}"' in client.get(reverse("my-rota")).content.decode()


def test_it_lists_runs_with_an_empty_state(client, world):
    client.force_login(world.cora)
    assert 'id="empty"' in client.get(reverse("rota-runs")).content.decode()


def test_it_refuses_edits_on_a_cancelled_run(client, rota_world, run):
    rw = rota_world
    RotaRun.objects.filter(pk=run.pk).update(status=RotaRunStatus.CANCELLED)
    client.force_login(rw.world.cora)
    response = client.post(reverse("rota-add", args=[run.pk]), {"session": rw.sessions[0].pk, "supervisor": rw.sam.pk})
    assert response.status_code == 302
    with pytest.raises(services.EditRefused):
        services.assignment_add(run=run, user=rw.world.cora, session_id=rw.sessions[0].pk, supervisor_id=rw.sam.pk)


def test_it_shows_progress_while_a_run_is_queued(client, rota_world):
    rw = rota_world
    run = RotaRun.objects.create(
        region=rw.north_east, start_date=rw.monday, end_date=rw.sunday, progress=20, progress_message="Rostering."
    )
    client.force_login(rw.world.cora)
    body = client.get(reverse("rota-run", args=[run.pk])).content.decode()
    assert 'id="run-progress"' in body and "js/run-progress.js" in body and "Rostering." in body
    data = client.get(reverse("rota-progress", args=[run.pk])).json()
    assert data == {
        "status": "queued",
        "status_display": "Queued",
        "progress": 20,
        "message": "Rostering.",
        "finished": False,
        "url": reverse("rota-run", args=[run.pk]),
    }
