"""Filter forms shared by the list pages."""

from django import forms

from upw.web.govuk_forms import GovukForm

CHOOSE_PDU = "Select a probation delivery unit from the list"


def valid_filters(form: forms.Form) -> dict:
    """The fields that passed validation: an unknown value in one filter leaves the others working."""
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if name not in form.errors}


def pdu_filter_field(invalid: str = CHOOSE_PDU) -> forms.ModelChoiceField:
    """ "Any PDU" or one of those the form is given (its queryset is set by the form's `pdus`)."""
    return forms.ModelChoiceField(
        label="Probation delivery unit",
        queryset=None,
        required=False,
        empty_label="Any PDU",
        error_messages={"invalid_choice": invalid},
    )


def days_waited_field(*, label: str, help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_value=3650,
        error_messages={
            "invalid": "Enter the number of days as a whole number, like 14",
            "min_value": "The number of days must be 0 or more",
            "max_value": "The number of days must be 3650 or fewer",
        },
    )


class PduFilterForm(GovukForm):
    """A list's filters, starting with the PDU: `pdus` are the ones the user's list can hold."""

    pdu = pdu_filter_field()

    def __init__(self, *args, pdus, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pdu"].queryset = pdus.order_by("name")
