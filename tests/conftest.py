"""Personas shared by the suite (conventions.md): coordinators Cora (North East) and Nia (Wales),
partners Pat (organisation A) and Quinn (organisation B), supervisor Sam, and Alex on probation."""

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine

from tests import factories as f
from upw.models import Role


@pytest.fixture
def world(db):
    north_east = f.RegionFactory(code="north-east", name="North East")
    wales = f.RegionFactory(code="wales", name="Wales")
    newcastle = f.PDUFactory(code="newcastle", name="Newcastle", region=north_east)
    cardiff = f.PDUFactory(code="cardiff", name="Cardiff", region=wales)

    cora = f.UserFactory(username="cora", role=Role.COORDINATOR, regions=[north_east])
    nia = f.UserFactory(username="nia", role=Role.COORDINATOR, regions=[wales])
    admin = f.UserFactory(username="ada", role=Role.ADMIN)

    org_a = f.OrganisationFactory(name="Tyneside Gardens Trust", region=north_east)
    org_b = f.OrganisationFactory(name="Cardiff Food Bank", region=wales)
    pat = f.MembershipFactory(user__username="pat", organisation=org_a).user
    quinn = f.MembershipFactory(user__username="quinn", organisation=org_b).user

    alex = f.PersonFactory(crn="A123456", first_name="Alex", last_name="Jones", pdu=newcastle)
    alex_requirement = f.RequirementFactory(person=alex, hours_ordered=120)
    bryn = f.PersonFactory(crn="W654321", first_name="Bryn", last_name="Evans", pdu=cardiff, postcode="CF10 1AA")
    bryn_requirement = f.RequirementFactory(person=bryn, hours_ordered=60)

    project_a = f.ProjectFactory(organisation=org_a, site__pdu=newcastle, name="Jesmond Dene clearance")
    project_b = f.ProjectFactory(organisation=org_b, site__pdu=cardiff, name="Food bank warehouse")
    session_a = f.SessionFactory(project=project_a)
    session_b = f.SessionFactory(project=project_b)

    sam = f.SupervisorFactory(user__username="sam", base_office__pdu=newcastle)
    other_supervisor = f.SupervisorFactory(user__username="sid", base_office__pdu=newcastle)
    f.SessionSupervisorFactory(session=session_a, supervisor=sam)
    # A fortnight before session_a: in the past, and on a day no test makes a session for.
    unstaffed_for_sam = f.SessionFactory(project=project_a, date=session_a.date - dt.timedelta(days=14))
    f.SessionSupervisorFactory(session=unstaffed_for_sam, supervisor=other_supervisor)
    f.AllocationFactory(requirement=alex_requirement, session=session_a)

    return SimpleNamespace(
        north_east=north_east,
        wales=wales,
        newcastle=newcastle,
        cardiff=cardiff,
        cora=cora,
        nia=nia,
        admin=admin,
        org_a=org_a,
        org_b=org_b,
        pat=pat,
        quinn=quinn,
        sam=sam.user,
        sid=other_supervisor.user,
        alex=alex,
        alex_requirement=alex_requirement,
        bryn=bryn,
        bryn_requirement=bryn_requirement,
        project_a=project_a,
        project_b=project_b,
        session_a=session_a,
        session_b=session_b,
        session_not_sams=unstaffed_for_sam,
    )


@pytest.fixture(autouse=True)
def _pinned_clock(request):
    """`@pytest.mark.pin_clock("2026-12-07T09:00")` runs a test (and its fixtures) on that day, so a test
    whose data depends on today's weekday or the bank holidays ahead gives the same result every day."""
    marker = request.node.get_closest_marker("pin_clock")
    if marker is None:
        yield
        return
    moment = dt.datetime.fromisoformat(marker.args[0]).replace(tzinfo=dt.UTC)
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, so one test's throttle counts and guards never reach
    another (in CI the cache is Redis, which outlives the process)."""
    from django.core.cache import cache

    cache.clear()
