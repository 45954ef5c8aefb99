"""A free place on Leazes Park next Wednesday, and people of Newcastle around it: some who fit (nearer
or further, on pace or behind it) and some the hard rules refuse, each for one reason.

Every test runs on Monday 7 December 2026, so the session's weekday and the bank holidays ahead are
the same whatever day the suite runs."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tests import factories as f
from tests.rota_product.conftest import rota_world  # noqa: F401 (the rota's region, for the staffing tests)
from upw.models import ExclusionZone, NonAssociation

MONDAY = "2026-12-07T09:00"
WEDNESDAY_BIT = 1 << (2 * 3)  # Wednesday morning in the availability mask


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/candidates/" in str(item.fspath) and not item.get_closest_marker("pin_clock"):
            item.add_marker(pytest.mark.pin_clock(MONDAY))


def _requirement(pdu, *, crn, lat, lon, sentenced_days_ago=30, hours=100, **person):
    today = timezone.localdate()
    return f.RequirementFactory(
        person__pdu=pdu,
        person__crn=crn,
        person__latitude=lat,
        person__longitude=lon,
        hours_ordered=hours,
        sentence_date=today - dt.timedelta(days=sentenced_days_ago),
        **{f"person__{k}": v for k, v in person.items()},
    )


@pytest.fixture
def fill(world):
    newcastle = world.newcastle
    wednesday = timezone.localdate() + dt.timedelta(days=2)
    project = f.ProjectFactory(
        organisation=world.org_a,
        site__pdu=newcastle,
        site__latitude=54.98,
        site__longitude=-1.60,
        name="Leazes Park",
    )
    session = f.SessionFactory(project=project, date=wednesday, capacity=4)
    near = _requirement(newcastle, crn="N100001", lat=54.981, lon=-1.601, email="near@example.org")
    further = _requirement(newcastle, crn="N100002", lat=54.93, lon=-1.62)
    behind = _requirement(newcastle, crn="N100003", lat=54.95, lon=-1.63, sentenced_days_ago=200, hours=200)
    busy = _requirement(newcastle, crn="N100004", lat=54.982, lon=-1.602, availability_mask=0)
    excluded = _requirement(newcastle, crn="N100005", lat=54.97, lon=-1.59)
    ExclusionZone.objects.create(
        person=excluded.person, label="Victim's home", postcode="NE1 4LP", latitude=54.98, longitude=-1.60, radius_km=1
    )
    enemy = _requirement(newcastle, crn="N100006", lat=54.975, lon=-1.605)
    already_there = _requirement(newcastle, crn="N100007", lat=54.99, lon=-1.61)
    f.AllocationFactory(requirement=already_there, session=session)
    a, b = sorted([enemy.person, already_there.person], key=lambda p: p.pk)
    NonAssociation.objects.create(person_a=a, person_b=b, reason="Co-defendants")
    far_away = _requirement(newcastle, crn="N100008", lat=55.60, lon=-1.70)
    return SimpleNamespace(
        world=world,
        session=session,
        project=project,
        near=near,
        further=further,
        behind=behind,
        busy=busy,
        excluded=excluded,
        enemy=enemy,
        already_there=already_there,
        far_away=far_away,
    )
