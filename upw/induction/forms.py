"""Recording an induction as done."""

from django import forms

from upw.web.govuk_forms import GovukForm


class InductionDoneForm(GovukForm):
    done_on = forms.DateField(
        label="Date of the induction",
        help_text="For example, 2026-11-23.",
        error_messages={
            "required": "Enter the date the induction was done",
            "invalid": "The date of the induction must be a real date, like 2026-11-23",
        },
    )
