"""The people list's filters, the transfer of a case to another region, and coordinators' changes to a
person's contact details, availability and restrictions."""

from django import forms

from upw import domain
from upw.core import at_risk
from upw.models import ProbationDeliveryUnit, RequirementStatus
from upw.models.people import RiskLevel, SupervisorGenderRestriction
from upw.people.selectors import AT_RISK_ANY, STATUS_ACTIVE, WAITING_FIRST_SESSION, WAITING_INDUCTION
from upw.people.services import (
    EDIT_NO_REASON,
    EDIT_REASON_MAX,
    EDIT_REASON_TOO_LONG,
    TRANSFER_NO_REASON,
    TRANSFER_REASON_MAX,
    TRANSFER_REASON_TOO_LONG,
)
from upw.web.filters import pdu_filter_field
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
    pdu = pdu_filter_field("Select one of your probation delivery units")
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


class DetailsForm(GovukForm):
    """A change to one part of a person's details, with the reason the history keeps."""

    reason = forms.CharField(
        label="Why you are making this change",
        help_text=f"For example, the person has a new phone number. At most {EDIT_REASON_MAX} characters.",
        max_length=EDIT_REASON_MAX,
        error_messages={"required": EDIT_NO_REASON, "max_length": EDIT_REASON_TOO_LONG},
    )

    @classmethod
    def initial_from(cls, person) -> dict:
        return {name: getattr(person, name) for name in cls.base_fields if name != "reason"}

    def changes(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "reason"}


class ContactForm(DetailsForm):
    phone = forms.CharField(
        label="Phone (optional)",
        max_length=30,
        required=False,
        error_messages={"max_length": "The phone number must be 30 characters or fewer"},
    )
    email = forms.EmailField(
        label="Email (optional)",
        max_length=254,
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "The email address must be 254 characters or fewer",
        },
    )
    address = forms.CharField(
        label="Address (optional)",
        max_length=200,
        required=False,
        error_messages={"max_length": "The address must be 200 characters or fewer"},
    )
    postcode = forms.CharField(
        label="Home postcode",
        max_length=8,
        error_messages={
            "required": "Enter the person's home postcode",
            "max_length": "Enter a real postcode, like NE1 4XX",
        },
    )
    field_order = ["phone", "email", "address", "postcode", "reason"]


def _slot_choices() -> list[tuple[str, str]]:
    return [
        (f"{d}-{p}", f"{day} {part}")
        for d, day in enumerate(domain.WEEKDAYS)
        for p, part in enumerate(domain.PARTS_OF_DAY)
    ]


NO_SLOTS = "Select at least one time of the week the person can work"


class AvailabilityForm(DetailsForm):
    slots = forms.MultipleChoiceField(
        label="When can the person work?",
        choices=_slot_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": NO_SLOTS, "invalid_choice": NO_SLOTS, "invalid_list": NO_SLOTS},
    )
    field_order = ["slots", "reason"]

    @classmethod
    def initial_from(cls, person) -> dict:
        return {"slots": [f"{d}-{p}" for d, p in sorted(person.availability)]}

    def changes(self) -> dict:
        slots = (tuple(int(part) for part in slot.split("-")) for slot in self.cleaned_data["slots"])
        return {"availability_mask": domain.availability_mask(slots)}


class RestrictionsForm(DetailsForm):
    risk_level = forms.ChoiceField(
        label="Risk of serious harm",
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the person's risk of serious harm",
            "invalid_choice": "Select the person's risk of serious harm",
        },
    )
    supervisor_gender_restriction = forms.ChoiceField(
        label="Supervisor restriction",
        choices=SupervisorGenderRestriction.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select a supervisor restriction from the list"},
    )
    individual_only = forms.BooleanField(label="Risk in a group: individual placement only", required=False)
    unsuitable_for_individual = forms.BooleanField(
        label="Unsuitable for an individual (partner-supervised) placement", required=False
    )
    close_supervision = forms.BooleanField(label="Needs close supervision", required=False)
    not_public_facing = forms.BooleanField(label="Unsuitable for public-facing work", required=False)
    no_children = forms.BooleanField(label="No contact with children", required=False)
    no_vulnerable_adults = forms.BooleanField(label="No contact with vulnerable adults", required=False)
    field_order = [*domain.RESTRICTION_FIELDS, "reason"]


DETAILS_FORMS = {"contact": ContactForm, "availability": AvailabilityForm, "restrictions": RestrictionsForm}
