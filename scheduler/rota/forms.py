"""Forms of the rota pages: start a run (or plan the fortnight), add a supervisor to a session."""

from django import forms
from django.core.exceptions import ValidationError

from scheduler.periods import next_fortnight
from scheduler.rota.services import validate_rota_period
from scheduler.run_limits import max_run_seconds, time_limit_error
from upw.web.date_input import GovukDateField
from upw.web.govuk_forms import GovukForm


class RotaRunForm(GovukForm):
    region = forms.ModelChoiceField(
        queryset=None,
        empty_label=None,
        error_messages={"required": "Select a region", "invalid_choice": "Select one of your regions"},
    )
    start_date = GovukDateField(
        label="First day",
        what="first day",
        help_text="Sessions from tomorrow on.",
        error_messages={"required": "Enter the first day of the rota"},
    )
    end_date = GovukDateField(
        label="Last day",
        what="last day",
        help_text="Usually a fortnight after the first day.",
        error_messages={"required": "Enter the last day of the rota"},
    )
    time_limit_s = forms.IntegerField(
        label="Time limit (seconds)",
        min_value=2,
        initial=20,
        help_text="How long the engine may search.",
        error_messages={
            "required": "Enter how long the engine may search, in seconds",
            "invalid": "The time limit must be a whole number of seconds, like 20",
            "min_value": "The time limit must be 2 seconds or more",
        },
    )
    then_match = forms.BooleanField(
        label="Plan the fortnight: then run matching for the same days, leaving out sessions the rota cannot staff",
        required=False,
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["time_limit_s"].help_text = f"How long the engine may search, at most {max_run_seconds()} seconds."
        start, end = next_fortnight()
        self.fields["start_date"].initial = start
        self.fields["end_date"].initial = end

    def clean_time_limit_s(self):
        seconds = self.cleaned_data["time_limit_s"]
        problem = time_limit_error(seconds)
        if problem:
            raise ValidationError(problem)
        return seconds

    def clean(self):
        # As the matching form: the service's period rules, checked here so every error shows at once.
        data = super().clean()
        if data.get("start_date") and data.get("end_date"):
            try:
                validate_rota_period(start_date=data["start_date"], end_date=data["end_date"])
            except ValidationError as error:
                self.add_error(None, error)
        return data


class AddSupervisorForm(GovukForm):
    session = forms.TypedChoiceField(
        coerce=int,
        label="Session",
        error_messages={"required": "Select a session", "invalid_choice": "Select a session from the list"},
    )
    supervisor = forms.TypedChoiceField(
        coerce=int,
        label="Supervisor",
        error_messages={"required": "Select a supervisor", "invalid_choice": "Select a supervisor from the list"},
    )

    def __init__(self, *args, sessions: list[tuple[int, str]], supervisors: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", "Choose a session"), *sessions]
        self.fields["supervisor"].choices = [("", "Choose a supervisor"), *supervisors]
