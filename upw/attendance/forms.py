"""Changing a requirement's hours by hand: an adjustment, or reversing a ledger entry."""

from django import forms

from upw.core.ledger import ADJUSTMENT_REASONS
from upw.models.attendance import ADVANCE_OUTCOMES, STOOD_DOWN_OUTCOME, OutcomeCode
from upw.web.date_input import GovukDateField
from upw.web.govuk_forms import GovukForm


class AdjustmentForm(GovukForm):
    reason_code = forms.ChoiceField(
        label="Reason",
        choices=[("", "Choose a reason"), *ADJUSTMENT_REASONS.items()],
        error_messages={
            "required": "Choose a reason for the adjustment",
            "invalid_choice": "Choose a reason from the list",
        },
    )
    minutes = forms.IntegerField(
        label="Minutes (positive credits time, negative takes it off)",
        min_value=-6000,
        max_value=6000,
        error_messages={
            "required": "Enter the minutes to add or take off",
            "invalid": "The minutes must be a whole number, like 90 or -30",
            "min_value": "Enter a number of minutes between -6,000 and 6,000",
            "max_value": "Enter a number of minutes between -6,000 and 6,000",
        },
    )
    effective_on = GovukDateField(what="date the adjustment applies from", must_be="today_or_past", required=False)
    reason = forms.CharField(
        label="Details",
        max_length=200,
        error_messages={
            "required": "Give the details of the adjustment",
            "max_length": "The reason must be 200 characters or fewer",
        },
    )

    def clean_minutes(self):
        minutes = self.cleaned_data["minutes"]
        if minutes == 0:
            raise forms.ValidationError("Enter a number of minutes other than zero")
        return minutes


class ReverseForm(GovukForm):
    reason = forms.CharField(
        max_length=200,
        error_messages={
            "required": "Give the reason for the correction",
            "max_length": "The reason must be 200 characters or fewer",
        },
    )


class AdvanceAbsenceForm(GovukForm):
    """An acceptable absence or a rescheduling recorded before the session."""

    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[
            ("", "Choose an outcome"),
            *((code, f"{code}: {OutcomeCode(code).label}") for code in ADVANCE_OUTCOMES if code != STOOD_DOWN_OUTCOME),
        ],
        error_messages={
            "required": "Choose the absence or rescheduling to record",
            "invalid_choice": "Choose an absence or rescheduling from the list",
        },
    )
    notes = forms.CharField(
        label="Reason and evidence",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say why the person will be absent, and what evidence you have seen",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )
