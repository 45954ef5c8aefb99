"""The GOV.UK date input: a date asked for as three boxes, Day, Month and Year.

https://design-system.service.gov.uk/components/date-input/

`GovukDateField` reads the three parts (`name-day`, `name-month`, `name-year`) and also a single
value `name=2026-12-07` (or 07/12/2026), which links, scripts and tests post, so nothing that
sent one date breaks. Each way an answer can be wrong has its own message naming the date asked
for (`what`), and the parts at fault are marked, as the Design System asks.
"""

import datetime as dt
import re
from typing import NamedTuple

from django import forms
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.html import format_html, format_html_join

PARTS = ("day", "month", "year")

EXAMPLE = dt.date(2027, 3, 27)

ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
UK_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")

# Which side of today the date must fall, and how to say so when it does not.
BOUNDS = {
    "past": ("The {what} must be in the past", lambda day, today: day < today),
    "today_or_past": ("The {what} must be today or in the past", lambda day, today: day <= today),
    "future": ("The {what} must be in the future", lambda day, today: day > today),
    "today_or_future": ("The {what} must be today or in the future", lambda day, today: day >= today),
}


class DateParts(NamedTuple):
    """What was typed in each box; `unreadable` holds a single value that was not a date at all."""

    day: str = ""
    month: str = ""
    year: str = ""
    unreadable: str = ""

    @property
    def blank(self) -> bool:
        return not (self.day or self.month or self.year or self.unreadable)

    @property
    def missing(self) -> list[str]:
        return [part for part in PARTS if not getattr(self, part)]


def parts_of(value) -> DateParts:
    """The three parts of a date, an ISO or day/month/year string, or parts already split."""
    if value is None or value == "":
        return DateParts()
    if isinstance(value, DateParts):
        return value
    if isinstance(value, dt.date):
        return DateParts(str(value.day), str(value.month), str(value.year))
    text = str(value)
    if match := ISO_DATE.match(text):
        year, month, day = match.groups()
        return DateParts(str(int(day)), str(int(month)), year)
    if match := UK_DATE.match(text):
        day, month, year = match.groups()
        return DateParts(str(int(day)), str(int(month)), year)
    return DateParts(unreadable=text)


def parts_at_fault(parts: DateParts) -> set[str]:
    """The boxes to mark in error: the empty ones, else the unreal ones, else all three."""
    if parts.unreadable or parts.blank:
        return set(PARTS)
    if parts.missing:
        return set(parts.missing)
    not_numbers = {part for part in PARTS if not getattr(parts, part).isdigit()}
    if not_numbers:
        return not_numbers
    if len(parts.year) != 4:
        return {"year"}
    if not 1 <= int(parts.month) <= 12:
        return {"month"}
    try:
        dt.date(int(parts.year), int(parts.month), int(parts.day))
    except ValueError:
        return {"day"}
    # The date is real, so it was refused as a whole (too early, before another date...).
    return set(PARTS)


class GovukDateInput(forms.Widget):
    """Three boxes; `templates/includes/date_input.html` draws them inside their fieldset."""

    def value_from_datadict(self, data, files, name) -> DateParts | None:
        typed = DateParts(*(str(data.get(f"{name}-{part}", "")).strip() for part in PARTS))
        if not typed.blank:
            return typed
        single = str(data.get(name, "")).strip()
        if single:
            return parts_of(single)
        return None if self.value_omitted_from_data(data, files, name) else DateParts()

    def value_omitted_from_data(self, data, files, name) -> bool:
        return name not in data and not any(f"{name}-{part}" in data for part in PARTS)

    def id_for_label(self, id_):
        # The day box carries the field's id, so the error summary's link lands on it.
        return id_

    def render(self, name, value, attrs=None, renderer=None):
        parts = parts_of(value)
        field_id = (attrs or {}).get("id") or f"id_{name}"
        return format_html(
            '<div class="govuk-date-input">{}</div>',
            format_html_join(
                "",
                '<div class="govuk-date-input__item"><input class="govuk-input govuk-date-input__input '
                'govuk-input--width-{}" id="{}" name="{}-{}" type="text" inputmode="numeric" value="{}"></div>',
                (
                    (4 if part == "year" else 2, field_id if part == "day" else f"{field_id}-{part}", name, part, value)
                    for part, value in zip(PARTS, parts[:3], strict=True)
                ),
            ),
        )


class GovukDateBoundField(BoundField):
    """A date field as the template needs it: the text of each box, and which boxes are at fault."""

    @property
    def parts(self) -> DateParts:
        return parts_of(self.value())

    @property
    def faulty(self) -> set[str]:
        return parts_at_fault(self.parts) if self.errors else set()

    @property
    def id_for_label(self) -> str:
        # The error summary links to the first box at fault, as the Design System asks.
        first = next((part for part in PARTS if part in self.faulty), "day")
        return self.auto_id if first == "day" else f"{self.auto_id}-{first}"

    @property
    def hint(self) -> str:
        example = f"For example, {self.field.example.day} {self.field.example.month} {self.field.example.year}"
        return f"{self.help_text} {example}" if self.help_text else example


class GovukDateField(forms.DateField):
    """A date asked for as Day, Month and Year, with the Design System's error messages.

    `what` names the date in its messages ("start date": "The start date must include a month").
    `must_be` is one of BOUNDS ("past", "today_or_future"...) when the date must fall on one side
    of today.
    """

    widget = GovukDateInput

    def __init__(self, *, what: str, must_be: str | None = None, example: dt.date = EXAMPLE, **kwargs):
        messages = {
            "required": f"Enter the {what}",
            "invalid": f"The {what} must be a real date",
            "year_length": f"The year of the {what} must include 4 numbers",
            **kwargs.pop("error_messages", {}),
        }
        super().__init__(error_messages=messages, **kwargs)
        self.what = what
        self.must_be = must_be
        self.example = example

    def get_bound_field(self, form, field_name):
        return GovukDateBoundField(form, self, field_name)

    def to_python(self, value):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        parts = parts_of(value)
        if parts.blank:
            return None
        if parts.unreadable:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if parts.missing:
            message = f"The {self.what} must include a {' and '.join(parts.missing)}"
            raise forms.ValidationError(message, code="incomplete")
        if not all(getattr(parts, part).isdigit() for part in PARTS):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if len(parts.year) != 4:
            raise forms.ValidationError(self.error_messages["year_length"], code="year_length")
        try:
            return dt.date(int(parts.year), int(parts.month), int(parts.day))
        except ValueError as unreal:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from unreal

    def validate(self, value):
        super().validate(value)
        if value is None or self.must_be is None:
            return
        message, holds = BOUNDS[self.must_be]
        today = timezone.localdate()
        if not holds(value, today):
            raise forms.ValidationError(message.format(what=self.what), code=self.must_be)

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != self.to_python(initial)
        except forms.ValidationError:
            return True
