"""The reports page's filters: which period and which scope."""

import datetime as dt

from django import forms

from upw.reports import selectors
from upw.web.date_input import GovukDateField
from upw.web.govuk_forms import GovukForm

CHOOSE_PERIOD = "Choose a month, quarter, financial year or custom dates"
CHOOSE_SCOPE = "Choose a region, delivery unit or England and Wales from the list"
ENTER_START = "Enter the first day of the custom period"
ENTER_END = "Enter the last day of the custom period"


class ReportFilterForm(GovukForm):
    kind = forms.ChoiceField(
        label="Period",
        choices=selectors.PERIOD_KINDS,
        required=False,
        error_messages={"invalid_choice": CHOOSE_PERIOD},
    )
    on = GovukDateField(
        label="A day in the period",
        what="day in the period",
        required=False,
        help_text="For a month, quarter or financial year. Leave it empty for the one running today.",
    )
    start = GovukDateField(label="Custom period from", what="first day of the custom period", required=False)
    end = GovukDateField(label="Custom period to", what="last day of the custom period", required=False)
    scope = forms.ChoiceField(label="Area", required=False, error_messages={"invalid_choice": CHOOSE_SCOPE})

    def __init__(self, *args, scope_choices: list[tuple[str, str]] | tuple = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scope_choices

    def period(self, *, today: dt.date) -> selectors.Period:
        """The period asked for (call once the form is valid)."""
        kind = self.cleaned_data.get("kind") or selectors.PeriodKind.QUARTER
        if kind == selectors.PeriodKind.CUSTOM:
            return selectors.custom(self.cleaned_data["start"], self.cleaned_data["end"])
        day = self.cleaned_data.get("on") or today
        return {
            selectors.PeriodKind.MONTH: selectors.month_of,
            selectors.PeriodKind.QUARTER: selectors.quarter_of,
            selectors.PeriodKind.FINANCIAL_YEAR: selectors.financial_year_of,
        }[kind](day)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == selectors.PeriodKind.CUSTOM:
            start, end = cleaned.get("start"), cleaned.get("end")
            if start is None and "start" not in self.errors:
                self.add_error("start", ENTER_START)
            if end is None and "end" not in self.errors:
                self.add_error("end", ENTER_END)
            if start and end:
                try:
                    selectors.parse_period(f"custom:{start.isoformat()}..{end.isoformat()}", today=start)
                except ValueError as problem:
                    self.add_error("end", str(problem))
        return cleaned
