"""Recording a case review."""

import datetime as dt

from django import forms
from django.conf import settings

from upw.web.date_input import GovukDateField
from upw.web.govuk_forms import GovukForm


class ReviewForm(GovukForm):
    held_on = GovukDateField(
        label="Date of the review",
        what="date of the review",
        error_messages={"required": "Enter the date the review was held"},
    )
    progress = forms.CharField(
        label="Progress",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Describe the person's progress",
            "max_length": "Progress must be 5,000 characters or fewer",
        },
    )
    decisions = forms.CharField(
        label="Decisions (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Decisions must be 5,000 characters or fewer"},
    )
    next_review_on = GovukDateField(
        label="Next review",
        what="date of the next review",
        error_messages={"required": "Enter the date of the next review"},
    )

    @staticmethod
    def initial_for(today: dt.date) -> dict:
        return {
            "held_on": today.isoformat(),
            "next_review_on": (today + dt.timedelta(weeks=settings.UPW["REVIEW_INTERVAL_WEEKS"])).isoformat(),
        }
