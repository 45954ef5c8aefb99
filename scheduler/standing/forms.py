"""Forms of the standing allocation pages: make one, search the list."""

from django import forms

from partners.models import Project
from scheduler.models import Frequency, StandingStatus
from scheduler.models.standing import WEEKDAYS
from upw.models import Requirement
from upw.web.date_input import GovukDateField
from upw.web.govuk_forms import GovukForm


class StandingForm(GovukForm):
    requirement = forms.ModelChoiceField(
        queryset=None,
        label="Order",
        empty_label=None,
        error_messages={
            "required": "Select the order to book the places against",
            "invalid_choice": "Select one of the person's running orders",
        },
    )
    project = forms.ModelChoiceField(
        queryset=None,
        label="Project",
        empty_label="Choose a project",
        error_messages={"required": "Select a project", "invalid_choice": "Select one of the projects listed"},
    )
    weekday = forms.TypedChoiceField(
        label="Day of the week",
        coerce=int,
        choices=[("", "Choose a day"), *enumerate(WEEKDAYS)],
        error_messages={"required": "Select the day of the week to book", "invalid_choice": "Select a day of the week"},
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        initial=Frequency.WEEKLY,
        error_messages={"required": "Select how often", "invalid_choice": "Select every week or every other week"},
    )
    start_date = GovukDateField(
        label="First day",
        what="first day",
        help_text="Tomorrow or later, on the day of the week chosen.",
        error_messages={"required": "Enter the first day to book"},
    )
    end_date = GovukDateField(
        label="Last day (optional)",
        what="last day",
        required=False,
        help_text="Leave it empty to book until the person's hours are all booked.",
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "The notes must be 500 characters or fewer"},
    )

    def __init__(self, *args, requirements=None, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The view passes the person's running orders and the region's projects; none without them.
        self.fields["requirement"].queryset = requirements if requirements is not None else Requirement.objects.none()
        self.fields["project"].queryset = projects if projects is not None else Project.objects.none()


class StandingSearchForm(GovukForm):
    q = forms.CharField(label="CRN, name or project", required=False, max_length=100,
                        error_messages={"max_length": "Search for 100 characters or fewer"})  # fmt: skip
    region = forms.ChoiceField(label="Region", required=False, choices=(),
                               error_messages={"invalid_choice": "Select one of your regions"})  # fmt: skip
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any"), *StandingStatus.choices],
        error_messages={"invalid_choice": "Select a status from the list"},
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "All your regions"), *((r.code, r.name) for r in regions)]
