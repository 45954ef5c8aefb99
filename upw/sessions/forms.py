"""The week of sessions' filters."""

from django import forms

from upw.models import ProjectType
from upw.sessions.selectors import STAFFED, UNSTAFFED
from upw.web.filters import pdu_filter_field
from upw.web.govuk_forms import GovukForm


class SessionFilterForm(GovukForm):
    pdu = pdu_filter_field()
    project_type = forms.ChoiceField(
        label="Type of project",
        choices=[("", "Any type"), *ProjectType.choices],
        required=False,
        error_messages={"invalid_choice": "Select a type of project from the list"},
    )
    staffing = forms.ChoiceField(
        label="Supervisors",
        choices=[("", "Staffed or not"), (STAFFED, "With a supervisor"), (UNSTAFFED, "Without a supervisor")],
        required=False,
        error_messages={"invalid_choice": "Select whether the session has a supervisor from the list"},
    )

    def __init__(self, *args, pdus, with_staffing: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pdu"].queryset = pdus
        # Partners may not see supervisors, so they cannot filter by them either.
        if not with_staffing:
            del self.fields["staffing"]
