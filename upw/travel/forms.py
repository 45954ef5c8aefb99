from django import forms

from upw.models import TravelClaimStatus
from upw.web.govuk_forms import GovukForm

STATUS_CHOICES = [("", "Any"), *TravelClaimStatus.choices]


class TravelFilterForm(GovukForm):
    status = forms.ChoiceField(
        label="Status",
        choices=STATUS_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Choose a status from the list"},
    )


class TravelDecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve"), ("refuse", "Refuse")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether to approve or refuse the claim",
            "invalid_choice": "Choose approve or refuse",
        },
    )
    minutes = forms.IntegerField(
        label="Minutes to credit",
        help_text="Leave as claimed, or lower it.",
        required=False,
        min_value=1,
        error_messages={
            "invalid": "Enter the minutes as a whole number, like 45",
            "min_value": "Enter at least 1 minute",
        },
    )
    reason = forms.CharField(
        label="Reason (required to refuse)",
        max_length=300,
        required=False,
        error_messages={"max_length": "The reason must be 300 characters or fewer"},
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", "Give the reason for refusing the claim")
        return data
