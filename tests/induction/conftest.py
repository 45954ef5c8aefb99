"""An induction session next week in Cora's region (Newcastle), with room for eight."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from partners.models import ProjectType
from tests import factories as f


@pytest.fixture
def induction(world):
    project = f.ProjectFactory(
        organisation=world.org_a,
        site__pdu=world.newcastle,
        site__latitude=54.97,
        site__longitude=-1.61,
        name="Induction at Newcastle",
        project_type=ProjectType.INDUCTION,
    )
    session = f.SessionFactory(project=project, date=timezone.localdate() + dt.timedelta(days=4), capacity=8)
    return SimpleNamespace(world=world, project=project, session=session)


def newcomer(world, crn: str, **person):
    """An assessed person in Newcastle with a new order, waiting for induction."""
    person = f.PersonFactory(crn=crn, pdu=world.newcastle, **person)
    return f.RequirementFactory(person=person, induction_completed_on=None)


def booked(induction, requirement):
    return f.AllocationFactory(requirement=requirement, session=induction.session, source="induction")
