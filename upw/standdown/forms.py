"""Why sessions are stood down, and which days of a project."""

from django import forms

from upw.standdown.services import REASONS
from upw.web.date_input import GovukDateField
from upw.web.govuk_forms import GovukForm


class StandDownForm(GovukForm):
    reason = forms.ChoiceField(
        label="Why is it stood down?",
        widget=forms.RadioSelect,
        choices=list(REASONS.items()),
        error_messages={
            "required": "Choose why the session is stood down",
            "invalid_choice": "Choose why the session is stood down",
        },
    )
    note = forms.CharField(
        label="More detail (optional)",
        required=False,
        max_length=60,
        error_messages={"max_length": "The detail must be 60 characters or fewer"},
    )


class DateRangeForm(GovukForm):
    date_from = GovukDateField(
        label="First date",
        what="first date",
        error_messages={"required": "Enter the first date to stand down"},
    )
    date_to = GovukDateField(
        label="Last date",
        what="last date",
        error_messages={"required": "Enter the last date to stand down"},
    )
