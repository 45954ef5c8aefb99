"""The people list's filters."""

from django import forms

from upw.models import RequirementStatus
from upw.people.selectors import STATUS_ACTIVE
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
