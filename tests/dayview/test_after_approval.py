"""Approving a matching run after the rota was published, or publishing a rota after matching was
approved, warns of the sessions that leaves unable to run, and lists them."""

import pytest
from django.urls import reverse

from scheduler.matching import services as matching
from scheduler.models import MatchingRun, ProposedAllocation, RotaPublication, RotaRun, RotaRunStatus, RunStatus
from scheduler.rota import services as rota
from tests import factories as f

pytestmark = pytest.mark.django_db


def _rota_run(world, day, status=RotaRunStatus.READY):
    return RotaRun.objects.create(
        region=world.north_east, start_date=day, end_date=day, status=status, created_by=world.cora
    )


def _matching_run(world, session):
    """A ready run proposing one new person on `session`."""
    run = MatchingRun.objects.create(
        region=world.north_east,
        start_date=session.date,
        end_date=session.date,
        status=RunStatus.READY,
        created_by=world.cora,
    )
    requirement = f.RequirementFactory(person__pdu=world.newcastle)
    ProposedAllocation.objects.create(run=run, requirement=requirement, session=session, minutes=420)
    return run


@pytest.fixture
def published(world):
    day = world.session_a.date
    run = _rota_run(world, day, status=RotaRunStatus.PUBLISHED)
    return RotaPublication.objects.create(run=run, region=world.north_east, start_date=day, end_date=day, version=1)


def test_approving_onto_a_published_rotas_unstaffed_session_lists_it(world, published):
    empty = f.SessionFactory(project=f.ProjectFactory(organisation=world.org_a, site__pdu=world.newcastle))
    run = _matching_run(world, empty)
    result = matching.run_approve(run_id=run.pk, user=world.cora)
    assert result.created == 1 and result.cannot_run == (empty.pk,)


def test_approving_before_any_rota_is_published_warns_of_nothing(world):
    empty = f.SessionFactory(project=f.ProjectFactory(organisation=world.org_a, site__pdu=world.newcastle))
    run = _matching_run(world, empty)
    assert matching.run_approve(run_id=run.pk, user=world.cora).cannot_run == ()


def test_approving_onto_staffed_sessions_warns_of_nothing(world, published):
    run = _matching_run(world, world.session_a)
    assert matching.run_approve(run_id=run.pk, user=world.cora).cannot_run == ()


def test_the_approve_page_warns_and_lists_them_with_the_fixes(client, world, published):
    empty = f.SessionFactory(
        project=f.ProjectFactory(organisation=world.org_a, site__pdu=world.newcastle, name="Byker")
    )
    run = _matching_run(world, empty)
    client.force_login(world.cora)
    page = client.post(reverse("matching-approve", args=[run.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 session cannot run" in html and "Byker" in html
    assert reverse("session_merge", args=[empty.pk]) in html


def test_publishing_a_rota_that_leaves_booked_sessions_unstaffed_lists_them(client, world, heaton):
    run = _rota_run(world, world.session_a.date)  # staffs nobody: Sam is taken off Jesmond Dene too
    result = rota.run_publish(run_id=run.pk, user=world.cora)
    assert set(result.cannot_run) == {heaton.session.pk, world.session_a.pk}
    run2 = _rota_run(world, world.session_a.date)
    client.force_login(world.cora)
    page = client.post(reverse("rota-publish", args=[run2.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "2 sessions cannot run" in html and "Heaton Park" in html
