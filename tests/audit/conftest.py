import pytest
from django.utils import timezone

from tests import factories as f
from upw.models import PersonalDataAccess, ProjectType


@pytest.fixture
def today_session(world):
    """A session today on project A, Sam rostered, Alex allocated."""
    session = f.SessionFactory(project=world.project_a, date=timezone.localdate(), capacity=50)
    f.SessionSupervisorFactory(session=session, supervisor=world.sam.supervisor)
    f.AllocationFactory(requirement=world.alex_requirement, session=session)
    return session


@pytest.fixture
def individual_placement_today(world):
    """Alex on an individual placement today with organisation A, which Pat's organisation supervises."""
    project = f.ProjectFactory(organisation=world.org_a, site__pdu=world.newcastle, project_type=ProjectType.INDIVIDUAL)
    session = f.SessionFactory(project=project, date=timezone.localdate())
    f.AllocationFactory(requirement=world.alex_requirement, session=session)
    return session


def logged():
    """Each logged read as (username, CRN, channel, path, address), oldest first."""
    return [
        (r.username, r.crn, r.channel, r.path, r.ip_address) for r in PersonalDataAccess.objects.order_by("at", "id")
    ]
