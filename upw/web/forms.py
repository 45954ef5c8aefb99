"""Search and filter forms for the list pages. They only read the query string."""

from django import forms

from partners.models import ProjectStatus, ProjectType
from upw.models import RequirementStatus
from upw.selectors import STATUS_ACTIVE
from upw.web.govuk_forms import GovukForm

REQUIREMENT_STATUS_CHOICES = [
    ("", "Any status"),
    (STATUS_ACTIVE, "Active (unallocated or in progress)"),
    *RequirementStatus.choices,
]


class PeopleFilterForm(GovukForm):
    q = forms.CharField(label="Name or CRN", required=False, max_length=100)
    pdu = forms.ModelChoiceField(label="Probation delivery unit", queryset=None, required=False, empty_label="Any PDU")
    status = forms.ChoiceField(label="Requirement status", choices=REQUIREMENT_STATUS_CHOICES, required=False)
    awaiting = forms.BooleanField(label="No session booked", required=False)
    at_risk = forms.BooleanField(label="At risk of missing the deadline", required=False)

    def __init__(self, *args, pdus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pdu"].queryset = pdus


class ProjectFilterForm(GovukForm):
    q = forms.CharField(label="Project, partner or site", required=False, max_length=100)
    status = forms.ChoiceField(label="Status", choices=[("", "Any status"), *ProjectStatus.choices], required=False)
    project_type = forms.ChoiceField(label="Type", choices=[("", "Any type"), *ProjectType.choices], required=False)


def valid_filters(form: forms.Form) -> dict:
    """The fields that passed validation: an unknown value in one filter leaves the others working."""
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if name not in form.errors}
