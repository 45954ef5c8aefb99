"""The coordinator's decision on an enforceable outcome or absence."""

from django import forms

from upw.models import AttendanceRecord
from upw.models.attendance import ATTENDED_OUTCOMES
from upw.models.enforcement import ReferralOutcome
from upw.web.date_input import GovukDateField
from upw.web.filters import PduFilterForm, days_waited_field
from upw.web.govuk_forms import GovukForm

ACCEPTABLE_ABSENCE_CODES = ("AAME", "AAEM", "AAFC", "AACL", "AASD", "CO05")
CHOOSE_DECISION = "Select whether the failure was acceptable or unacceptable"
CHOOSE_CODE = "Select the acceptable absence code"
GIVE_REASON = "Give the reason for the decision"
CHOOSE_OUTCOME = "Select what came of the referral"


class AbsenceDecisionForm(GovukForm):
    decision = forms.ChoiceField(
        choices=[
            ("acceptable", "Acceptable"),
            ("unacceptable", "Unacceptable: give a warning"),
            ("refer", "Unacceptable: refer to the enforcement officer now"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_DECISION, "invalid_choice": CHOOSE_DECISION},
    )
    acceptable_outcome = forms.ChoiceField(
        label="Acceptable absence code",
        required=False,
        error_messages={"invalid_choice": "Select an acceptable absence code from the list"},
    )
    reason = forms.CharField(
        max_length=300,
        error_messages={"required": GIVE_REASON, "max_length": "The reason must be 300 characters or fewer"},
    )
    evidence = forms.CharField(label="Evidence", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, record: AttendanceRecord, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        labels = dict(AttendanceRecord._meta.get_field("outcome").choices)
        # A failure while attending that is excused becomes "failure deemed acceptable".
        codes = ("AFDA",) if record.outcome in ATTENDED_OUTCOMES else ACCEPTABLE_ABSENCE_CODES
        self.fields["acceptable_outcome"].choices = [("", "Choose a code"), *((c, f"{c}: {labels[c]}") for c in codes)]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "acceptable" and not data.get("acceptable_outcome"):
            self.add_error("acceptable_outcome", CHOOSE_CODE)
        return data


class ReferralOutcomeForm(GovukForm):
    outcome = forms.ChoiceField(
        label="Outcome of the referral",
        choices=ReferralOutcome.choices,
        widget=forms.RadioSelect,
        help_text="Breach laid ends the order as breached and cancels its future bookings",
        error_messages={"required": CHOOSE_OUTCOME, "invalid_choice": CHOOSE_OUTCOME},
    )
    outcome_on = GovukDateField(
        label="Date of the outcome",
        what="date of the outcome",
        must_be="today_or_past",
        error_messages={"required": "Enter the date the outcome was decided"},
    )
    note = forms.CharField(
        label="Notes",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The notes must be 1,000 characters or fewer"},
    )


class RespondByForm(GovukForm):
    respond_by = GovukDateField(label="Respond by", what="respond-by date", must_be="today_or_future")


class AbsenceFilterForm(PduFilterForm):
    waiting_days = days_waited_field(
        label="Waiting for a decision for more than (days)",
        help_text="Counted from the day of the session",
    )
