"""The administrators' search of the log of reads."""

from django import forms

from upw.audit.selectors import UNTIL_BEFORE_SINCE, person_lookup
from upw.web.date_input import GovukDateField
from upw.web.govuk_forms import GovukForm

# The API takes ISO dates only; the form takes the GOV.UK date input.
DATE_NOT_UNDERSTOOD = "Enter the date as year, month and day, like 2026-11-23"


class ReadsSearchForm(GovukForm):
    person = forms.CharField(
        label="Person (CRN or ID number)",
        required=False,
        max_length=20,
        error_messages={"max_length": "Enter a CRN, like X123456, or an ID number"},
    )
    user = forms.CharField(
        label="Username",
        required=False,
        max_length=150,
        error_messages={"max_length": "The username must be 150 characters or fewer"},
    )
    since = GovukDateField(label="From", what="date to search from", required=False)
    until = GovukDateField(label="To", what="date to search to", required=False)

    def clean_person(self) -> str:
        value = self.cleaned_data["person"].strip()
        if value:
            try:
                person_lookup(value)
            except ValueError as problem:
                raise forms.ValidationError(str(problem)) from problem
        return value

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", UNTIL_BEFORE_SINCE)
        return cleaned
