"""Intake fixtures: postcode districts so that imported people can be placed on the map, and an
induction project in Cora's region with sessions next week."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from partners.models import ProjectType
from tests import factories as f
from upw.models import PostcodeDistrict

DISTRICTS = {"NE1": (54.972, -1.613), "NE6": (54.978, -1.565), "NE4": (54.969, -1.640), "CF10": (51.48, -3.18)}

HEADER = (
    "crn,first_name,last_name,date_of_birth,gender,postcode,pdu,order_reference,court,sentence_date,"
    "hours_ordered,order_type,concurrency,linked_order_reference,employment_status\n"
)


def csv_file(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


def row(crn="K100001", order="UPW/1", hours="120", pdu="newcastle", postcode="NE6 5XB", sentence=None, **kw) -> str:
    sentence = sentence or (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    values = {
        "crn": crn,
        "first_name": kw.get("first_name", "Jordan"),
        "last_name": kw.get("last_name", "Pickering"),
        "date_of_birth": kw.get("dob", "1994-06-12"),
        "gender": kw.get("gender", "M"),
        "postcode": postcode,
        "pdu": pdu,
        "order_reference": order,
        "court": "Newcastle Magistrates' Court",
        "sentence_date": sentence,
        "hours_ordered": hours,
        "order_type": kw.get("order_type", "CO"),
        "concurrency": kw.get("concurrency", "single"),
        "linked_order_reference": kw.get("linked", ""),
        "employment_status": kw.get("employment", "unemployed"),
    }
    return ",".join(f'"{v}"' if "," in v else v for v in values.values())


@pytest.fixture
def districts(db):
    for code, (lat, lon) in DISTRICTS.items():
        PostcodeDistrict.objects.create(district=code, area=code.rstrip("0123456789"), latitude=lat, longitude=lon)


@pytest.fixture
def induction_world(world, districts):
    """Two induction sessions in Newcastle next week, one with a single place."""
    project = f.ProjectFactory(
        organisation=world.org_a,
        site__pdu=world.newcastle,
        name="Induction at Newcastle",
        project_type=ProjectType.INDUCTION,
    )
    far = f.ProjectFactory(
        organisation=world.org_a,
        site__pdu=world.newcastle,
        site__latitude=55.4,
        site__longitude=-1.7,
        name="Induction at Alnwick",
        project_type=ProjectType.INDUCTION,
    )
    today = timezone.localdate()
    small = f.SessionFactory(project=project, date=today + dt.timedelta(days=3), capacity=1)
    big = f.SessionFactory(project=project, date=today + dt.timedelta(days=5), capacity=8)
    distant = f.SessionFactory(project=far, date=today + dt.timedelta(days=1), capacity=8)
    return SimpleNamespace(world=world, small=small, big=big, distant=distant, project=project)
