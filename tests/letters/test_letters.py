"""The work instructions and induction letters: what they say, in English and Welsh, and who may make them."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f
from upw.letters import services as letters
from upw.models import ProjectType

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")


@pytest.fixture
def booked(world):
    """Alex, with two sessions booked ahead (one at a pick-up point) and an induction."""
    today = timezone.localdate()
    world.alex.address = "12 Dene Road, Jesmond, Newcastle"
    world.alex.postcode = "NE2 2AA"
    world.alex.email = "alex@example.org"
    world.alex.save()
    world.project_a.pick_up_point = "Haymarket bus station"
    world.project_a.save()
    later = f.SessionFactory(project=world.project_a, date=today + dt.timedelta(days=9), start_time=dt.time(9, 0))
    f.AllocationFactory(requirement=world.alex_requirement, session=later)
    induction_project = f.ProjectFactory(
        organisation=world.org_a, site__pdu=world.newcastle, project_type=ProjectType.INDUCTION, name="Induction"
    )
    induction = f.SessionFactory(project=induction_project, date=today + dt.timedelta(days=2))
    f.AllocationFactory(requirement=world.alex_requirement, session=induction)
    return world


def test_the_work_instructions_say_where_and_when_to_report_and_what_happens_if_not(booked):
    letter = letters.build(person=booked.alex, kind="work-instructions", language="en", today=timezone.localdate())
    html = letters.render_html(letter)

    assert "Pick-up point: Haymarket bus station" in html
    assert booked.session_a.start_time.strftime("%H:%M") in html
    assert "You have 120 hours left to do" in html
    assert "another warning under this order within 12 months" in html
    assert "Induction" not in [a.place for a in letter.appointments]
    assert letter.address_lines[-1] == "NE2 2AA"


def test_the_induction_letter_gives_the_induction_booked(booked):
    letter = letters.build(person=booked.alex, kind="induction", language="en", today=timezone.localdate())
    assert len(letter.appointments) == 1
    assert "Before you start, you must go to an induction." in letters.render_html(letter)


def test_letters_in_welsh_use_welsh_words_and_dates(booked):
    letter = letters.build(person=booked.alex, kind="work-instructions", language="cy", today=timezone.localdate())
    html = letters.render_html(letter)
    assert '<html lang="cy">' in html
    assert "Eich sesiynau nesaf" in html
    assert "120 awr ar ôl" in html
    assert "Rhagfyr" in html  # December
    assert "December" not in html


def test_time_left_is_written_out_in_each_language():
    assert letters.duration(58 * 60 + 30, "en") == "58 hours 30 minutes"
    assert letters.duration(61, "en") == "1 hour 1 minute"
    assert letters.duration(58 * 60 + 30, "cy") == "58 awr 30 munud"


def test_a_letter_is_a_pdf(booked):
    pdf = letters.render_pdf(
        letters.build(person=booked.alex, kind="work-instructions", language="cy", today=timezone.localdate())
    )
    assert pdf.startswith(b"%PDF")


def test_no_booking_means_no_letter_and_says_what_to_do(world):
    with pytest.raises(letters.LetterError, match="Book an induction first"):
        letters.build(person=world.bryn, kind="induction", language="en", today=timezone.localdate())


def test_a_coordinator_downloads_a_letter_and_sends_it(booked, client, caplog):
    client.force_login(booked.cora)
    page = client.get(f"/people/{booked.alex.crn}/letters/")
    assert page.status_code == 200
    assert "Download PDF" in page.content.decode()

    pdf = client.get(f"/people/{booked.alex.crn}/letters/work-instructions.pdf?language=cy")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")

    caplog.set_level("INFO", logger="upw.letters.services")
    sent = client.post(f"/people/{booked.alex.crn}/letters/induction/send/", {"language": "en"}, follow=True)
    assert "Induction letter sent by email (English)." in sent.content.decode()
    # The console backend logs no name, address or email address.
    assert "alex@example.org" not in caplog.text
    assert "Alex" not in caplog.text


def test_another_regions_coordinator_and_a_partner_get_nothing(booked, client):
    client.force_login(booked.nia)
    assert client.get(f"/people/{booked.alex.crn}/letters/").status_code == 404
    assert client.get(f"/people/{booked.alex.crn}/letters/work-instructions.pdf").status_code == 404
    client.force_login(booked.pat)
    assert client.get(f"/people/{booked.alex.crn}/letters/").status_code == 403
