"""Dates are asked for as the GOV.UK date input: Day, Month and Year boxes, with the Design System's messages.

A single ISO value (`start_date=2027-03-01`) is still accepted, for links, scripts and the tests
that post one.
"""

import datetime as dt

import pytest
from django import forms
from django.template.loader import render_to_string
from django.urls import reverse

from partners.models import Project
from scheduler.models import MatchingRun
from tests.intake.conftest import districts  # noqa: F401 (a fixture)
from tests.matching.conftest import plan  # noqa: F401 (a fixture)
from tests.partners.conftest import places  # noqa: F401 (a fixture)
from tests.partners.test_portal_views import form_data
from upw.models import Requirement
from upw.web.date_input import GovukDateField
from upw.web.govuk_forms import GovukForm


class StartForm(GovukForm):
    start_date = GovukDateField(
        label="Start date", what="start date", error_messages={"required": "Enter the date the work starts"}
    )


class PastForm(GovukForm):
    born_on = GovukDateField(label="Date of birth", what="date of birth", must_be="past", required=False)


def three_parts(name: str, day: dt.date) -> dict:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def errors(data: dict, form_class=StartForm) -> list[str]:
    form = form_class(data)
    assert not form.is_valid()
    return [message for messages in form.errors.values() for message in messages]


def test_the_field_takes_day_month_and_year():
    form = StartForm({"start_date-day": "7", "start_date-month": "12", "start_date-year": "2026"})
    assert form.is_valid()
    assert form.cleaned_data["start_date"] == dt.date(2026, 12, 7)


@pytest.mark.parametrize("single", ["2026-12-07", "07/12/2026"])
def test_the_field_still_takes_a_single_date(single):
    form = StartForm({"start_date": single})
    assert form.is_valid()
    assert form.cleaned_data["start_date"] == dt.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the date the work starts"),
        ("7", "", "2026", "The start date must include a month"),
        ("", "", "2026", "The start date must include a day and month"),
        ("7", "12", "", "The start date must include a year"),
        ("31", "2", "2027", "The start date must be a real date"),
        ("7", "13", "2027", "The start date must be a real date"),
        ("seven", "12", "2027", "The start date must be a real date"),
        ("7", "12", "27", "The year of the start date must include 4 numbers"),
    ],
)
def test_each_mistake_has_its_own_message(day, month, year, message):
    assert errors({"start_date-day": day, "start_date-month": month, "start_date-year": year}) == [message]


def test_a_single_value_that_is_not_a_date_is_not_a_real_date():
    assert errors({"start_date": "next tuesday"}) == ["The start date must be a real date"]


@pytest.mark.pin_clock("2026-12-07T09:00")
def test_a_date_that_must_be_in_the_past_says_so():
    assert errors({"born_on": "2026-12-07"}, PastForm) == ["The date of birth must be in the past"]
    assert PastForm({"born_on": "2026-12-06"}).is_valid()


def test_it_renders_the_design_systems_date_input():
    html = render_to_string(
        "includes/gfield.html", {"field": StartForm(initial={"start_date": "2027-03-01"})["start_date"]}
    )
    assert '<fieldset class="govuk-fieldset" role="group"' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Start date</legend>' in html
    assert "For example, 27 3 2027" in html
    assert 'id="id_start_date" name="start_date-day" type="text" inputmode="numeric" value="1"' in html
    assert 'id="id_start_date-month" name="start_date-month" type="text" inputmode="numeric" value="3"' in html
    assert 'id="id_start_date-year" name="start_date-year" type="text" inputmode="numeric" value="2027"' in html
    assert "govuk-input--width-2" in html and "govuk-input--width-4" in html
    assert "govuk-input--error" not in html


def test_only_the_part_at_fault_is_marked_in_error():
    form = StartForm({"start_date-day": "7", "start_date-month": "", "start_date-year": "2027"})
    form.is_valid()
    html = render_to_string("includes/field.html", {"field": form["start_date"]})
    assert "govuk-form-group--error" in html
    assert "The start date must include a month" in html
    assert html.count("govuk-input--error") == 1
    assert 'govuk-input--width-2 govuk-input--error" id="id_start_date-month"' in html


def test_the_error_summary_links_to_the_first_part_at_fault():
    form = StartForm({"start_date-day": "7", "start_date-month": "", "start_date-year": ""})
    form.is_valid()
    html = render_to_string("includes/error_summary.html", {"form": form})
    assert '<a href="#id_start_date-month">The start date must include a month and year</a>' in html


def test_a_refused_whole_date_marks_all_three_parts():
    form = StartForm({"start_date": "2027-03-01"})
    form.is_valid()
    form.add_error("start_date", forms.ValidationError("The start date must be after today"))
    html = render_to_string("includes/gfield.html", {"field": form["start_date"]})
    assert html.count("govuk-input--error") == 3


def test_a_new_order_is_recorded_from_dates_in_three_parts(client, world, districts):  # noqa: F811
    client.force_login(world.cora)
    data = {
        "crn": "K400002",
        "first_name": "Sam",
        "last_name": "Tyne",
        **three_parts("date_of_birth", dt.date(1992, 5, 1)),
        "gender": "male",
        "postcode": "NE6 5XB",
        "pdu": "newcastle",
        "order_reference": "UPW/WEB/2",
        "court": "Newcastle Magistrates' Court",
        **three_parts("sentence_date", dt.date.today() - dt.timedelta(days=2)),
        "hours_ordered": 100,
        "order_type": "community_order",
        "concurrency": "single",
        "employment_status": "employed",
    }
    response = client.post(reverse("intake_new"), data)
    assert response.status_code == 302
    requirement = Requirement.objects.get(person__crn="K400002")
    assert requirement.person.date_of_birth == dt.date(1992, 5, 1)


def test_a_matching_run_takes_its_first_and_last_day_in_three_parts(client, plan):  # noqa: F811
    client.force_login(plan.world.cora)
    data = {
        "region": plan.world.north_east.pk,
        **three_parts("start_date", plan.start),
        **three_parts("end_date", plan.end),
        "time_limit_s": 10,
    }
    form = client.get(reverse("matching-new")).context["form"]
    data.update({name: field.initial for name, field in form.fields.items() if name.startswith("w_")})
    client.post(reverse("matching-new"), data)
    run = MatchingRun.objects.get()
    assert (run.start_date, run.end_date) == (plan.start, plan.end)


def test_a_partner_proposes_a_project_with_its_start_date_in_three_parts(client, places):  # noqa: F811
    client.force_login(places.pat)
    data = {**form_data(start_date=None), **three_parts("start_date", dt.date(2027, 3, 1))}
    response = client.post("/partner/projects/new/", data)
    assert response.status_code == 302
    assert Project.objects.get(name="Ouseburn riverside clear-up").start_date == dt.date(2027, 3, 1)
