"""The form that starts a national plan: the dates and each region's engine time limit."""

from django import forms
from django.core.exceptions import ValidationError

from scheduler.matching.services import MAX_RUN_DAYS, validate_run_period
from scheduler.periods import next_fortnight
from scheduler.run_limits import max_run_seconds, time_limit_error
from upw.web.date_input import GovukDateField
from upw.web.govuk_forms import GovukForm


class NationalPlanForm(GovukForm):
    start_date = GovukDateField(
        label="First day",
        what="first day",
        help_text="Sessions from tomorrow on.",
        error_messages={"required": "Enter the first day of the plan"},
    )
    end_date = GovukDateField(
        label="Last day",
        what="last day",
        help_text=f"At most {MAX_RUN_DAYS} days after the first day.",
        error_messages={"required": "Enter the last day of the plan"},
    )
    time_limit_s = forms.FloatField(
        label="Time limit for each region (seconds)",
        min_value=5,
        initial=30,
        error_messages={
            "required": "Enter how long the engine may search each region, in seconds",
            "invalid": "The time limit must be a number of seconds, like 30",
            "min_value": "The time limit must be 5 seconds or more",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "time_limit_s"
        ].help_text = f"How long the engine may search each region, at most {max_run_seconds()} seconds."
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
        data = super().clean()
        if data.get("start_date") and data.get("end_date"):
            try:
                validate_run_period(start_date=data["start_date"], end_date=data["end_date"])
            except ValidationError as error:
                self.add_error(None, error)
        return data
