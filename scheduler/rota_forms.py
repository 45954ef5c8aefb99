"""Forms of the rota pages: start a run (or plan the fortnight), add a supervisor to a session."""

import datetime as dt

from django import forms
from django.utils import timezone

from scheduler.services.rota import DEFAULT_RUN_DAYS
from upw.web.govuk_forms import GovukForm


def next_fortnight(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    start = (today or timezone.localdate()) + dt.timedelta(days=1)
    return start, start + dt.timedelta(days=DEFAULT_RUN_DAYS - 1)


class RotaRunForm(GovukForm):
    region = forms.ModelChoiceField(queryset=None, empty_label=None)
    start_date = forms.DateField(label="First day", help_text="For example, 27 11 2026. Sessions from tomorrow on.")
    end_date = forms.DateField(label="Last day", help_text="Usually a fortnight after the first day.")
    time_limit_s = forms.IntegerField(
        label="Time limit (seconds)",
        min_value=2,
        max_value=600,
        initial=20,
        help_text="How long the engine may search.",
    )
    then_match = forms.BooleanField(
        label="Plan the fortnight: then run matching for the same days, leaving out sessions the rota cannot staff",
        required=False,
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        start, end = next_fortnight()
        self.fields["start_date"].initial = start
        self.fields["end_date"].initial = end


class AddSupervisorForm(GovukForm):
    session = forms.TypedChoiceField(coerce=int, label="Session")
    supervisor = forms.TypedChoiceField(coerce=int, label="Supervisor")

    def __init__(self, *args, sessions: list[tuple[int, str]], supervisors: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [("", "Choose a session"), *sessions]
        self.fields["supervisor"].choices = [("", "Choose a supervisor"), *supervisors]
