"""Changing a requirement's hours by hand: an adjustment, or reversing a ledger entry."""

from django import forms

from upw.web.govuk_forms import GovukForm


class AdjustmentForm(GovukForm):
    minutes = forms.IntegerField(
        label="Minutes (negative to take time off)",
        min_value=-6000,
        max_value=6000,
        error_messages={
            "required": "Enter the minutes to add or take off",
            "invalid": "The minutes must be a whole number, like 90 or -30",
            "min_value": "Enter a number of minutes between -6,000 and 6,000",
            "max_value": "Enter a number of minutes between -6,000 and 6,000",
        },
    )
    reason = forms.CharField(
        max_length=200,
        error_messages={
            "required": "Give the reason for the adjustment",
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
