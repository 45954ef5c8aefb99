"""Fixtures for the partner portal: offices to place sites, postcode districts to geocode them,
uploads kept in a temporary MEDIA_ROOT, and a cache emptied between tests (rate limits)."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from partners.projects import services
from tests import factories as f
from upw.models import PostcodeDistrict, Skill

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "risk.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx(name: str = "risk.docx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield settings.MEDIA_ROOT
    cache.clear()


@pytest.fixture
def places(world):
    """Offices in Newcastle and Cardiff and the districts of the test postcodes."""
    f.OfficeFactory(pdu=world.newcastle, name="Newcastle office", latitude=54.97, longitude=-1.61)
    f.OfficeFactory(pdu=world.cardiff, name="Cardiff office", postcode="CF10 1BB", latitude=51.48, longitude=-3.18)
    PostcodeDistrict.objects.create(district="NE2", area="NE", latitude=54.98, longitude=-1.60, postcode_count=900)
    PostcodeDistrict.objects.create(district="CF10", area="CF", latitude=51.47, longitude=-3.17, postcode_count=900)
    Skill.objects.get_or_create(code="gardening", defaults={"name": "Gardening"})
    return world


def proposal_fields(**overrides) -> dict:
    fields = {
        "name": "Ouseburn riverside clear-up",
        "description": "Clearing litter and brambles along the river path.",
        "beneficiary": "Walkers and the local school",
        "project_type": "group",
        "work_type": "gardening",
        "capacity": 6,
        "start_date": dt.date(2027, 3, 1),
        "end_date": None,
        "tools_provided": True,
        "ppe_provided": True,
        "toilets": True,
        "shelter": False,
        "hi_vis_required": True,
        "involves_children": False,
        "involves_vulnerable_adults": False,
        "public_facing": True,
        "accessible_site": False,
        "heavy_work": True,
    }
    fields.update(overrides)
    return fields


SITE = services.SiteDetails(name="Ouseburn path", address="Ouseburn Road, Newcastle", postcode="NE2 1AA")
SLOTS = [services.Slot(weekday=0, start_time=dt.time(10, 0), end_time=dt.time(15, 0))]


@pytest.fixture
def propose(places):
    """A project of Pat's organisation in draft, with a schedule and a risk assessment."""

    def make(user=None, **overrides):
        return services.project_create(
            user=user or places.pat,
            organisation=places.org_a,
            fields=proposal_fields(**overrides),
            site=SITE,
            slots=SLOTS,
            risk_assessment=pdf(),
        )

    return make
