"""Coordinators' review forms: the queue's filters and a project's next step."""

from django import forms

from partners import workflow
from partners.models import (
    ProjectStatus,
    ProjectType,
)
from upw.web.filters import pdu_filter_field
from upw.web.govuk_forms import GovukForm


class TransitionForm(GovukForm):
    action = forms.ChoiceField(
        choices=[(a.value, a.value) for a in workflow.Action],
        error_messages={"required": "Choose an action", "invalid_choice": "Choose one of the actions offered"},
    )
    message = forms.CharField(
        label="Message to the partner",
        widget=forms.Textarea,
        required=False,
        max_length=5000,
        error_messages={"max_length": "The message must be 5,000 characters or fewer"},
    )


class ReviewFilterForm(GovukForm):
    status = forms.ChoiceField(
        label="Status",
        choices=[("awaiting", "Waiting for a decision"), *ProjectStatus.choices],
        required=False,
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    region = forms.ModelChoiceField(
        label="Region",
        queryset=None,
        required=False,
        empty_label="All my regions",
        error_messages={"invalid_choice": "Select one of your regions"},
    )
    q = forms.CharField(
        label="Project or partner",
        required=False,
        max_length=100,
        error_messages={"max_length": "The search must be 100 characters or fewer"},
    )
    project_type = forms.ChoiceField(
        label="Type",
        choices=[("", "Any type"), *ProjectType.choices],
        required=False,
        error_messages={"invalid_choice": "Select a type of project from the list"},
    )
    pdu = pdu_filter_field()

    def __init__(self, *args, regions, pdus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["pdu"].queryset = pdus
