"""Who can staff a session short of supervisors, from the rota: ranked by the rota engine's own
objective, the others with the rota's own reasons, and adding one through the rota's rule check."""

import pytest
from django.urls import reverse

from scheduler.candidates import services
from scheduler.models import RotaAssignment
from scheduler.rota.engine import evaluate
from scheduler.rota.services import edits
from tests.api import bearer
from tests.rota_product.helpers import start_run
from upw.models import Leave

pytestmark = pytest.mark.django_db


@pytest.fixture
def empty_run(rota_world, django_capture_on_commit_callbacks):
    run = start_run(rota_world, django_capture_on_commit_callbacks)
    RotaAssignment.objects.filter(run=run).delete()
    return run


def test_it_ranks_the_supervisors_by_the_rota_engines_objective(rota_world, empty_run):
    rw = rota_world
    session = rw.sessions[0]
    staffing = services.staffing_candidates(run=empty_run, session_id=session.pk)
    built = edits._build(empty_run)
    base, _ = evaluate(built.problem, [])
    costs = {}
    for candidate in staffing.fits:
        cost, _ = evaluate(built.problem, edits.adapter.engine_assignments([(session.pk, candidate.supervisor_id)]))
        costs[candidate.supervisor_id] = cost - base
    assert [c.cost for c in staffing.fits] == [costs[c.supervisor_id] for c in staffing.fits]
    assert [c.cost for c in staffing.fits] == sorted(costs.values())
    assert staffing.fits and all("contract hours left" in c.reasons[0] for c in staffing.fits)


def test_a_supervisor_on_leave_is_listed_with_the_rotas_reason(rota_world, empty_run):
    rw = rota_world
    Leave.objects.create(supervisor=rw.sam, start_date=rw.monday, end_date=rw.monday, reason="Annual leave")
    staffing = services.staffing_candidates(run=empty_run, session_id=rw.sessions[0].pk)
    refused = {c.supervisor_id: " ".join(c.refusals) for c in staffing.refused}
    assert "on leave (annual leave)" in refused[rw.sam.pk]
    assert rw.sam.pk not in [c.supervisor_id for c in staffing.fits]


def test_staffing_from_the_page_goes_through_the_rotas_rule_check(client, rota_world, empty_run):
    rw = rota_world
    url = reverse("rota-staffing", args=[empty_run.pk, rw.sessions[0].pk])
    client.force_login(rw.world.cora)
    page = client.get(url)
    assert page.status_code == 200 and "Who can staff this session?" in page.content.decode()
    Leave.objects.create(supervisor=rw.sam, start_date=rw.monday, end_date=rw.monday, reason="Annual leave")
    forged = client.post(url, {"supervisor": rw.sam.pk})
    assert forged.status_code == 409
    assert not RotaAssignment.objects.filter(run=empty_run, supervisor=rw.sam).exists()
    added = client.post(url, {"supervisor": rw.dan.pk})
    assert added.status_code == 302
    assert RotaAssignment.objects.filter(run=empty_run, session=rw.sessions[0], supervisor=rw.dan).exists()


def test_another_regions_coordinator_gets_404(client, rota_world, empty_run):
    rw = rota_world
    client.force_login(rw.world.nia)
    url = reverse("rota-staffing", args=[empty_run.pk, rw.sessions[0].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"supervisor": rw.dan.pk}).status_code == 404
    assert not RotaAssignment.objects.filter(run=empty_run).exists()


def test_the_api_ranks_the_supervisors_for_a_session(client, rota_world, empty_run):
    rw = rota_world
    url = f"/api/v1/candidates/rota/{empty_run.pk}/sessions/{rw.sessions[0].pk}"
    response = client.get(url, **bearer(rw.world.cora))
    assert response.status_code == 200, response.content
    body = response.json()
    costs = [c["cost"] for c in body["fits"]]
    assert costs == sorted(costs) and body["fits"]
    assert client.get(url, **bearer(rw.world.nia)).status_code == 404
