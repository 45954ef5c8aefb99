import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Q

from upw.core import selectors
from upw.intake import selectors as intake_selectors
from upw.models import Allocation, AllocationStatus, Requirement, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_demo", people=400, partners=10, projects=20, supervisors=8, stdout=StringIO())


def test_the_demo_inducts_everyone_who_has_worked_and_leaves_some_waiting(seeded):
    worked = Requirement.objects.filter(
        Q(minutes_credited__gt=0)
        | Q(allocations__status=AllocationStatus.ALLOCATED, allocations__session__project__project_type="group")
    ).distinct()
    assert worked.exists()
    assert not worked.filter(induction_completed_on__isnull=True).exists()
    active = selectors.active_requirements(Requirement.objects.all())
    assert selectors.placeable_requirements(active).count() > active.count() * 0.8
    assert active.filter(person__assessed_on__isnull=True).exists()
    assert active.exclude(next_review_on=None).count() == active.count()
    assert Review.objects.exists()
    # Nobody waiting for assessment is booked on an induction.
    waiting = intake_selectors.waiting_for_assessment(Requirement.objects.all())
    assert not Allocation.objects.filter(requirement__in=waiting).exists()


def test_the_waiting_lists_show_each_person_once(world):
    from tests import factories as f

    person = f.PersonFactory(pdu=world.newcastle, assessed_on=None)
    f.RequirementFactory(person=person, induction_completed_on=None)
    f.RequirementFactory(
        person=person, induction_completed_on=None, sentence_date=dt.date.today() - dt.timedelta(days=9)
    )
    rows = intake_selectors.waiting(stage="assessment", requirements=Requirement.objects.all(), today=dt.date.today())
    assert [r.requirement.person for r in rows] == [person]
    assert rows[0].days == 30  # the longest wait of the two orders
