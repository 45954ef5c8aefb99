"""New orders: one by hand, or a CSV file of many."""

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from upw.intake.csv_import import COLUMNS, FILE_TOO_BIG, MAX_FILE_BYTES, parse_order
from upw.models.people import EmploymentStatus, Gender
from upw.models.requirements import Concurrency, OrderType
from upw.web.govuk_forms import GovukForm

MAX_UPLOAD_BYTES = MAX_FILE_BYTES

NOT_CSV = "The selected file must be a CSV"

TOO_BIG = FILE_TOO_BIG

NO_FILE = "Select a CSV file of new orders"


class OrderForm(GovukForm):
    """The fields of one CSV row, checked by the same rules (upw.intake.csv_import.parse_order)."""

    crn = forms.CharField(label="CRN", max_length=7, help_text="One letter and six digits, like X123456.")
    first_name = forms.CharField(label="First name", max_length=100)
    last_name = forms.CharField(label="Last name", max_length=100)
    date_of_birth = forms.CharField(label="Date of birth", help_text="For example, 1990-03-27 or 27/03/1990.")
    gender = forms.ChoiceField(label="Gender", choices=Gender.choices)
    postcode = forms.CharField(label="Home postcode", max_length=8)
    pdu = forms.ChoiceField(label="Probation delivery unit")
    order_reference = forms.CharField(label="Order reference", max_length=40)
    court = forms.CharField(label="Court", max_length=120)
    sentence_date = forms.CharField(label="Sentence date", help_text="For example, 2026-11-20 or 20/11/2026.")
    hours_ordered = forms.CharField(label="Hours ordered", help_text="From 40 to 300.", max_length=3)
    order_type = forms.ChoiceField(label="Order type", choices=OrderType.choices)
    concurrency = forms.ChoiceField(label="Other orders", choices=Concurrency.choices)
    linked_order_reference = forms.CharField(
        label="Reference of the order it is concurrent with or additional to (optional)", max_length=40, required=False
    )
    employment_status = forms.ChoiceField(label="Employment", choices=EmploymentStatus.choices)
    phone = forms.CharField(label="Phone (optional)", max_length=30, required=False)
    email = forms.CharField(label="Email (optional)", max_length=254, required=False)
    address = forms.CharField(label="Address (optional)", max_length=200, required=False)

    def __init__(self, *args, pdus: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pdu"].choices = [("", "Choose a delivery unit"), *pdus.values_list("code", "name")]
        self.order = None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        values = {name: str(data.get(name) or "") for name in COLUMNS}
        order, problems = parse_order(values, line=1, today=timezone.localdate())
        for column, message in problems:
            self.add_error(column if column in self.fields else None, message[0].upper() + message[1:])
        self.order = order
        return data


class ImportForm(GovukForm):
    file = forms.FileField(label="CSV file of new orders", error_messages={"required": NO_FILE})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError(NOT_CSV)
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(TOO_BIG)
        return upload
