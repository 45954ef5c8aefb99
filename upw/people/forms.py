"""The people list's filters, and the transfer of a case to another region."""

from django import forms

from upw.core import at_risk
from upw.models import ProbationDeliveryUnit, RequirementStatus
from upw.people.selectors import AT_RISK_ANY, STATUS_ACTIVE, WAITING_FIRST_SESSION, WAITING_INDUCTION
from upw.people.services import TRANSFER_NO_REASON, TRANSFER_REASON_MAX, TRANSFER_REASON_TOO_LONG
from upw.web.govuk_forms import GovukForm

REQUIREMENT_STATUS_CHOICES = [
    ("", "Any status"),
    (STATUS_ACTIVE, "Active (unallocated or in progress)"),
    *RequirementStatus.choices,
]

AT_RISK_CHOICES = [
    ("", "Anyone"),
    (AT_RISK_ANY, "At risk, for any reason"),
    *((reason, f"At risk: {label.lower()}") for reason, label in at_risk.AT_RISK_REASONS.items()),
    (at_risk.PAST_DEADLINE, "Past the deadline"),
]
WAITING_CHOICES = [
    ("", "Anything"),
    (WAITING_INDUCTION, "An induction (since sentence)"),
    (WAITING_FIRST_SESSION, "A first session (since induction)"),
]


class PeopleFilterForm(GovukForm):
    q = forms.CharField(
        label="Name or CRN",
        required=False,
        max_length=100,
        error_messages={"max_length": "The search must be 100 characters or fewer"},
    )
    pdu = forms.ModelChoiceField(
        label="Probation delivery unit",
        queryset=None,
        required=False,
        empty_label="Any PDU",
        error_messages={"invalid_choice": "Select one of your probation delivery units"},
    )
    status = forms.ChoiceField(
        label="Requirement status",
        choices=REQUIREMENT_STATUS_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Select a requirement status from the list"},
    )
    awaiting = forms.BooleanField(label="No session booked", required=False)
    at_risk = forms.ChoiceField(
        label="At risk of missing the deadline",
        choices=AT_RISK_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Select a reason for being at risk from the list"},
    )
    waiting_for = forms.ChoiceField(
        label="Waiting for",
        choices=WAITING_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Select what the person is waiting for from the list"},
    )
    waiting_days = forms.IntegerField(
        label="For more than (days)",
        required=False,
        min_value=0,
        max_value=3650,
        error_messages={
            "invalid": "Enter the number of days as a whole number, like 14",
            "min_value": "The number of days must be 0 or more",
            "max_value": "The number of days must be 3650 or fewer",
        },
    )

    def __init__(self, *args, pdus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pdu"].queryset = pdus


class TransferForm(GovukForm):
    """An administrator moves a case to a delivery unit of another region (upw.people.services)."""

    pdu = forms.ModelChoiceField(
        label="Probation delivery unit it moves to",
        queryset=None,
        empty_label="Choose a delivery unit",
        error_messages={
            "required": "Select the delivery unit the case moves to",
            "invalid_choice": "Select a delivery unit from the list",
        },
    )
    reason = forms.CharField(
        label="Why it is being transferred",
        help_text=f"For example, the person has moved house. At most {TRANSFER_REASON_MAX} characters.",
        max_length=TRANSFER_REASON_MAX,
        error_messages={"required": TRANSFER_NO_REASON, "max_length": TRANSFER_REASON_TOO_LONG},
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pdu"].queryset = (
            ProbationDeliveryUnit.objects.exclude(pk=person.pdu_id)
            .select_related("region")
            .order_by("region__name", "name")
        )
        self.fields["pdu"].label_from_instance = lambda pdu: f"{pdu.name} ({pdu.region.name})"
