"""Recording a case review."""

import datetime as dt

from django import forms
from django.conf import settings

from upw.web.govuk_forms import GovukForm


class ReviewForm(GovukForm):
    held_on = forms.DateField(label="Date of the review", help_text="For example, 2026-11-23.")
    progress = forms.CharField(label="Progress", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    decisions = forms.CharField(
        label="Decisions (optional)", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_review_on = forms.DateField(label="Next review", help_text="For example, 2027-01-18.")

    @staticmethod
    def initial_for(today: dt.date) -> dict:
        return {
            "held_on": today.isoformat(),
            "next_review_on": (today + dt.timedelta(weeks=settings.UPW["REVIEW_INTERVAL_WEEKS"])).isoformat(),
        }
