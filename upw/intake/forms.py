"""New orders: one by hand, or a CSV file of many."""

import datetime as dt

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from upw.intake.csv_import import COLUMNS, FILE_TOO_BIG, MAX_FILE_BYTES, parse_order
from upw.models.people import EmploymentStatus, Gender
from upw.models.requirements import Concurrency, OrderType
from upw.web.date_input import GovukDateField
from upw.web.filters import PduFilterForm, days_waited_field
from upw.web.govuk_forms import GovukForm

MAX_UPLOAD_BYTES = MAX_FILE_BYTES

NOT_CSV = "The selected file must be a CSV"

TOO_BIG = FILE_TOO_BIG

NO_FILE = "Select a CSV file of new orders"


class OrderForm(GovukForm):
    """The fields of one CSV row, checked by the same rules (upw.intake.csv_import.parse_order)."""

    crn = forms.CharField(
        label="CRN",
        max_length=7,
        help_text="One letter and six digits, like X123456.",
        error_messages={
            "required": "Enter the person's CRN",
            "max_length": "Enter a CRN of one letter and six digits, like X123456",
        },
    )
    first_name = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={
            "required": "Enter the person's first name",
            "max_length": "The first name must be 100 characters or fewer",
        },
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={
            "required": "Enter the person's last name",
            "max_length": "The last name must be 100 characters or fewer",
        },
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        what="date of birth",
        example=dt.date(1990, 3, 27),
        error_messages={"required": "Enter the person's date of birth"},
    )
    gender = forms.ChoiceField(
        label="Gender",
        choices=Gender.choices,
        # Radios with none chosen: a select would show its first choice as if the order said so.
        widget=forms.RadioSelect,
        error_messages={"required": "Select the person's gender", "invalid_choice": "Select a gender from the list"},
    )
    postcode = forms.CharField(
        label="Home postcode",
        max_length=8,
        error_messages={
            "required": "Enter the person's home postcode",
            "max_length": "Enter a real postcode, like NE1 4XX",
        },
    )
    pdu = forms.ChoiceField(
        label="Probation delivery unit",
        error_messages={
            "required": "Select the probation delivery unit that holds the case",
            "invalid_choice": "Select one of your probation delivery units",
        },
    )
    order_reference = forms.CharField(
        label="Order reference",
        max_length=40,
        error_messages={
            "required": "Enter the reference of the order",
            "max_length": "The order reference must be 40 characters or fewer",
        },
    )
    court = forms.CharField(
        label="Court",
        max_length=120,
        error_messages={
            "required": "Enter the court that made the order",
            "max_length": "The court must be 120 characters or fewer",
        },
    )
    sentence_date = GovukDateField(
        label="Sentence date",
        what="sentence date",
        example=dt.date(2026, 11, 20),
        error_messages={"required": "Enter the date the person was sentenced"},
    )
    hours_ordered = forms.CharField(
        label="Hours ordered",
        help_text="From 40 to 300.",
        max_length=3,
        error_messages={
            "required": "Enter the number of hours ordered",
            "max_length": "Enter a whole number of hours from 40 to 300",
        },
    )
    order_type = forms.ChoiceField(
        label="Order type",
        choices=OrderType.choices,
        error_messages={
            "required": "Select the type of order",
            "invalid_choice": "Select a type of order from the list",
        },
    )
    concurrency = forms.ChoiceField(
        label="Other orders",
        choices=Concurrency.choices,
        error_messages={
            "required": "Select whether the order runs alone, alongside or after another",
            "invalid_choice": "Select whether the order runs alone, alongside or after another",
        },
    )
    linked_order_reference = forms.CharField(
        label="Reference of the order it is concurrent with or additional to (optional)",
        max_length=40,
        required=False,
        error_messages={"max_length": "The reference of the other order must be 40 characters or fewer"},
    )
    employment_status = forms.ChoiceField(
        label="Employment",
        choices=EmploymentStatus.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the person's employment",
            "invalid_choice": "Select the person's employment from the list",
        },
    )
    phone = forms.CharField(
        label="Phone (optional)",
        max_length=30,
        required=False,
        error_messages={"max_length": "The phone number must be 30 characters or fewer"},
    )
    email = forms.CharField(
        label="Email (optional)",
        max_length=254,
        required=False,
        error_messages={"max_length": "The email address must be 254 characters or fewer"},
    )
    address = forms.CharField(
        label="Address (optional)",
        max_length=200,
        required=False,
        error_messages={"max_length": "The address must be 200 characters or fewer"},
    )

    def __init__(self, *args, pdus: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pdu"].choices = [("", "Choose a delivery unit"), *pdus.values_list("code", "name")]
        self.order = None

    def clean(self):
        data = super().clean()
        # A date the date input refused still lets the row's rules check the other answers, so
        # every mistake is shown at once; the row's own word on that date is not repeated.
        if set(self.errors) - {"date_of_birth", "sentence_date"}:
            return data
        # The dates are real by now (or refused); the row's rules read them as ISO text, like a CSV's.
        values = {name: str(data.get(name) or "") for name in COLUMNS}
        order, problems = parse_order(values, line=1, today=timezone.localdate())
        for column, message in problems:
            if column not in self.errors:
                self.add_error(column if column in self.fields else None, message[0].upper() + message[1:])
        self.order = None if self.errors else order
        return data


class ImportForm(GovukForm):
    file = forms.FileField(
        label="CSV file of new orders",
        error_messages={
            "required": NO_FILE,
            "invalid": "The selected file could not be read: choose it again",
            "missing": "The selected file could not be read: choose it again",
            "empty": "The selected file is empty",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(NOT_CSV)
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(TOO_BIG)
        return upload


class WaitingFilterForm(PduFilterForm):
    waiting_days = days_waited_field(
        label="Waiting for more than (days)",
        help_text="Counted from the sentence date",
    )
