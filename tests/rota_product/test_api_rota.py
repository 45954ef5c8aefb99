"""The rota API: start a run, its status, assignments, edits, publish; a supervisor's own rota."""

from scheduler.models import RotaRun, RotaRunStatus
from tests import factories as f


def test_it_starts_a_run_and_reports_its_status(client, rota_world, django_capture_on_commit_callbacks):
    rw = rota_world
    client.force_login(rw.world.cora)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/rota/runs",
            {"region": "north-east", "start_date": str(rw.monday), "end_date": str(rw.sunday), "time_limit_s": 5},
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    run_id = response.json()["id"]
    data = client.get(f"/api/v1/rota/runs/{run_id}").json()
    assert data["status"] == RotaRunStatus.READY and data["progress"] == 100 and "objective" in data["figures"]
    items = client.get(f"/api/v1/rota/runs/{run_id}/assignments").json()["items"]
    assert {i["session_id"] for i in items} >= {s.pk for s in rw.sessions}
    assert {"supervisor", "site", "start_time", "role"} <= set(items[0])


def test_it_refuses_an_edit_with_the_reasons(client, rota_world, django_capture_on_commit_callbacks):
    rw = rota_world
    from tests.rota_product.helpers import start_run
    from upw.models import Leave

    run = start_run(rw, django_capture_on_commit_callbacks)
    run.assignments.all().delete()
    Leave.objects.create(supervisor=rw.sam, start_date=rw.monday, end_date=rw.monday)
    client.force_login(rw.world.cora)
    response = client.post(
        f"/api/v1/rota/runs/{run.pk}/edits",
        {"action": "add", "session_id": rw.sessions[0].pk, "supervisor_id": rw.sam.pk},
        content_type="application/json",
    )
    assert response.status_code == 409 and "on leave" in response.json()["reasons"][0]


def test_it_publishes_idempotently(client, rota_world, django_capture_on_commit_callbacks):
    rw = rota_world
    from tests.rota_product.helpers import start_run

    run = start_run(rw, django_capture_on_commit_callbacks)
    client.force_login(rw.world.cora)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/api/v1/rota/runs/{run.pk}/publish").json()
        second = client.post(f"/api/v1/rota/runs/{run.pk}/publish").json()
    assert first["version"] == 1 and not first["already_published"]
    assert second["version"] == 1 and second["already_published"] and second["added"] == 0


def test_it_scopes_runs_by_region_and_role(client, rota_world, django_capture_on_commit_callbacks):
    rw = rota_world
    from tests.rota_product.helpers import start_run

    run = start_run(rw, django_capture_on_commit_callbacks)
    client.force_login(rw.world.nia)
    assert client.get(f"/api/v1/rota/runs/{run.pk}").status_code == 404
    assert client.post(f"/api/v1/rota/runs/{run.pk}/publish").status_code == 404
    assert client.get("/api/v1/rota/runs").json()["count"] == 0
    response = client.post("/api/v1/rota/runs", {"region": "north-east"}, content_type="application/json")
    assert response.status_code == 403
    for persona in ("pat", "sam"):
        client.force_login(getattr(rw.world, persona))
        assert client.get(f"/api/v1/rota/runs/{run.pk}").status_code == 403
    assert RotaRun.objects.count() == 1


def test_it_gives_a_supervisor_their_own_rota_only(client, rota_world):
    rw = rota_world
    f.SessionSupervisorFactory(session=rw.sessions[0], supervisor=rw.sam)
    f.SessionSupervisorFactory(session=rw.sessions[1], supervisor=rw.sid)
    client.force_login(rw.world.sam)
    ids = {row["session_id"] for row in client.get("/api/v1/rota/mine").json()}
    assert rw.sessions[0].pk in ids and rw.sessions[1].pk not in ids
    client.force_login(rw.world.cora)
    assert client.get("/api/v1/rota/mine").status_code == 403


def test_it_documents_the_rota_endpoints(client, world):
    client.force_login(world.cora)
    schema = client.get("/api/openapi.json").json()
    assert {"/api/v1/rota/runs", "/api/v1/rota/runs/{run_id}/publish", "/api/v1/rota/mine"} <= set(schema["paths"])


def test_it_lists_the_shortfalls_with_reasons(client, rota_world, django_capture_on_commit_callbacks):
    from tests.rota_product.helpers import start_run
    from upw.models import Leave

    rw = rota_world
    for sup in (rw.sam, rw.sid, rw.fran, rw.dan):
        Leave.objects.create(supervisor=sup, start_date=rw.monday, end_date=rw.monday)
    run = start_run(rw, django_capture_on_commit_callbacks)
    client.force_login(rw.world.cora)
    items = client.get(f"/api/v1/rota/runs/{run.pk}/shortfalls").json()["items"]
    line = next(i for i in items if i["session_id"] == rw.sessions[0].pk and i["qualification"] == "")
    assert line["assigned"] == 0 and line["reasons"] and line["suggestions"]
