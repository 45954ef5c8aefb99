"""Forms of the matching pages: start a run, add or move a place, search the review lists."""

from django import forms
from django.core.exceptions import ValidationError

from scheduler.matching.adapter import default_weights
from scheduler.matching.services import MAX_RUN_DAYS, validate_run_period
from scheduler.periods import next_fortnight
from scheduler.run_limits import max_run_seconds, time_limit_error
from upw.web.date_input import GovukDateField
from upw.web.govuk_forms import GovukForm

# The weights offered on the form, in the order of the objective (scheduler.matching.engine.Weights).
WEIGHT_HELP = {
    "behind_pace": "Extra priority, per hour placed, for people behind the pace needed to finish in time.",
    "near_deadline": "Extra priority, per hour placed, as the deadline comes within 90 days.",
    "awaiting_first": "Extra priority, per hour placed, for people waiting for their first session.",
    "stood_down": "Extra priority, per hour placed, for people whose session was stood down lately.",
    "weekly_minimum_bonus": "Points for reaching each person's weekly minimum (one 7-hour day a week).",
    "travel_per_km": "Points taken off per kilometre from home to the site (up to 40 km).",
    "skill_match": "Points per skill the person has that the project uses (up to 3).",
    "continuity": "Points for placing someone on the same project as last time.",
    "keep_bonus": "Points for keeping a place from the run being re-planned.",
}


class RunForm(GovukForm):
    region = forms.ModelChoiceField(
        queryset=None,
        empty_label=None,
        error_messages={"required": "Select a region", "invalid_choice": "Select one of your regions"},
    )
    start_date = GovukDateField(
        label="First day",
        what="first day",
        help_text="Sessions from tomorrow on.",
        error_messages={"required": "Enter the first day of the run"},
    )
    end_date = GovukDateField(
        label="Last day",
        what="last day",
        help_text=f"At most {MAX_RUN_DAYS} days after the first day.",
        error_messages={"required": "Enter the last day of the run"},
    )
    time_limit_s = forms.FloatField(
        label="Time limit (seconds)",
        min_value=5,
        initial=30,
        help_text="How long the engine may search.",
        error_messages={
            "required": "Enter how long the engine may search, in seconds",
            "invalid": "The time limit must be a number of seconds, like 30",
            "min_value": "The time limit must be 5 seconds or more",
        },
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["time_limit_s"].help_text = f"How long the engine may search, at most {max_run_seconds()} seconds."
        start, end = next_fortnight()
        self.fields["start_date"].initial = start
        self.fields["end_date"].initial = end
        defaults = default_weights()
        for name, help_text in WEIGHT_HELP.items():
            words = name.replace("_", " ")
            self.fields[f"w_{name}"] = forms.FloatField(
                label=name.replace("_", " ").capitalize(),
                initial=defaults[name],
                min_value=0,
                max_value=10_000,
                help_text=f"{help_text} Default {defaults[name]:g}.",
                error_messages={
                    "required": f"Enter a weight for {words}, or {defaults[name]:g} to keep the default",
                    "invalid": f"The weight for {words} must be a number, like {defaults[name]:g}",
                    "min_value": f"Enter a weight for {words} between 0 and 10,000",
                    "max_value": f"Enter a weight for {words} between 0 and 10,000",
                },
            )

    def clean_time_limit_s(self):
        seconds = self.cleaned_data["time_limit_s"]
        problem = time_limit_error(seconds)
        if problem:
            raise ValidationError(problem)
        return seconds

    def clean(self):
        # The service checks the period too; checked here as well so that every error shows at once.
        data = super().clean()
        if data.get("start_date") and data.get("end_date"):
            try:
                validate_run_period(start_date=data["start_date"], end_date=data["end_date"])
            except ValidationError as error:
                self.add_error(None, error)
        return data

    @property
    def weight_fields(self):
        return [self[f"w_{name}"] for name in WEIGHT_HELP]

    def weights(self) -> dict:
        return {name: self.cleaned_data[f"w_{name}"] for name in WEIGHT_HELP}


CHOOSE_SESSION = ("", "Choose a session")


class AddPlaceForm(GovukForm):
    crn = forms.CharField(
        label="CRN",
        max_length=7,
        help_text="One letter and six digits, for example X123456.",
        error_messages={
            "required": "Enter the CRN of the person to place",
            "max_length": "Enter a CRN of one letter and six digits, like X123456",
        },
    )
    session = forms.TypedChoiceField(
        label="Session",
        coerce=int,
        choices=(),
        help_text="Sessions with free places come first; full ones are listed last.",
        error_messages={
            "required": "Select the session to place the person on",
            "invalid_choice": "Select a session from the list",
        },
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [CHOOSE_SESSION, *sessions]

    def clean_crn(self):
        return self.cleaned_data["crn"].strip().upper()


class MovePlaceForm(GovukForm):
    session = forms.TypedChoiceField(
        label="Move to session",
        coerce=int,
        choices=(),
        help_text="Only sessions with free places are listed.",
        error_messages={
            "required": "Select the session to move to",
            "invalid_choice": "Select a session with free places from the list",
        },
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [CHOOSE_SESSION, *sessions]


PLACED_CHOICES = [("", "Everybody"), ("placed", "Placed"), ("left_out", "Left out")]
ORDER_CHOICES = [("placed", "Placed first"), ("left_out", "Left out first"), ("name", "By name")]


class ReviewSearchForm(GovukForm):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        error_messages={"max_length": "The search must be 100 characters or fewer"},
    )
    placed = forms.ChoiceField(
        label="Show",
        choices=PLACED_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Select who to show from the list"},
    )
    order = forms.ChoiceField(
        label="Order",
        choices=ORDER_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Select an order from the list"},
    )
