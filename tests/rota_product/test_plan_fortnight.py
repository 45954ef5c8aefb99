"""Plan the fortnight: the rota first, then matching without the sessions the rota cannot staff."""

from scheduler.models import MatchingRun, ProposedAllocation, RotaRunStatus
from tests import factories as f
from tests.rota_product.helpers import start_run
from upw.models import Leave


def test_it_runs_matching_after_the_rota_without_unstaffable_sessions(rota_world, django_capture_on_commit_callbacks):
    rw = rota_world
    for sup in (rw.sam, rw.sid, rw.fran, rw.dan):
        Leave.objects.create(supervisor=sup, start_date=rw.monday, end_date=rw.monday)
    for _ in range(3):  # people waiting, free every day, near the sessions
        f.RequirementFactory(person__pdu=rw.world.newcastle)
    run = start_run(rw, django_capture_on_commit_callbacks, then_match=True)
    assert run.status == RotaRunStatus.READY, run.error
    matching = MatchingRun.objects.get(pk=run.parameters["matching_run"])
    assert matching.parameters["rota_run"] == run.pk
    assert rw.sessions[0].pk in matching.parameters["excluded_sessions"]
    assert matching.parameters["session_places"][str(rw.sessions[0].pk)] == 0
    assert matching.status in ("ready", "queued", "running")
    assert not ProposedAllocation.objects.filter(run=matching, session=rw.sessions[0]).exists()
    if matching.status == "ready":  # eager Celery: matching has run already
        assert ProposedAllocation.objects.filter(run=matching).exclude(session=rw.sessions[0]).exists()


def test_it_offers_plan_the_fortnight_on_the_form(client, rota_world):
    client.force_login(rota_world.world.cora)
    body = client.get("/rota/new/?plan=fortnight").content.decode()
    assert 'name="then_match"' in body and "checked" in body


def test_it_keeps_the_rota_when_matching_cannot_start(rota_world, django_capture_on_commit_callbacks, monkeypatch):
    from django.core.exceptions import PermissionDenied

    from scheduler.matching import services as matching_services

    def refuse(**kwargs):
        raise PermissionDenied("You can only plan the regions you coordinate.")

    monkeypatch.setattr(matching_services, "run_create", refuse)
    run = start_run(rota_world, django_capture_on_commit_callbacks, then_match=True)
    assert run.status == RotaRunStatus.READY and run.assignments.exists()
    assert "Matching could not start: You can only plan" in run.progress_message
    assert "matching_run" not in run.parameters


def test_places_booked_meanwhile_cannot_push_a_session_past_its_supervisors(
    rota_world, django_capture_on_commit_callbacks
):
    """The rota's caps hold at approval too, not only while the engine solves."""
    import pytest

    from scheduler.matching import services as matching_services
    from upw.models import Allocation, AllocationStatus, Session

    rw = rota_world
    for _ in range(3):
        f.RequirementFactory(person__pdu=rw.world.newcastle)
    run = start_run(rw, django_capture_on_commit_callbacks, then_match=True)
    matching = MatchingRun.objects.get(pk=run.parameters["matching_run"])
    assert matching.status == "ready", matching.error
    proposal = ProposedAllocation.objects.filter(run=matching).first()
    places = matching.parameters["session_places"][str(proposal.session_id)]
    # Room enough by capacity: only the supervisors' cap can refuse.
    Session.objects.filter(pk=proposal.session_id).update(capacity=places + 10)
    taken = Allocation.objects.filter(session_id=proposal.session_id, status=AllocationStatus.ALLOCATED).count()
    for _ in range(places - taken):
        f.AllocationFactory(requirement__person__pdu=rw.world.newcastle, session_id=proposal.session_id)
    with pytest.raises(matching_services.ApprovalRefused):
        matching_services.run_approve(run_id=matching.pk, user=rw.world.cora)
    assert not Allocation.objects.filter(source=f"matching run {matching.pk}").exists()
