"""The forms of an order's life: a court extension, a pause, a resumption and the ways an order ends."""

from django import forms

from upw.models import PauseReason
from upw.web.date_input import GovukDateField
from upw.web.govuk_forms import GovukForm

GIVE_REASON = "Give the reason"
REASON_LENGTH = "The reason must be 1,000 characters or fewer"


def _reason(label: str, *, required: bool = True, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=1000,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": GIVE_REASON, "max_length": REASON_LENGTH},
    )


def _text(label: str, length: int, what: str, *, required: bool = True, hint: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=length,
        help_text=hint,
        error_messages={
            "required": f"Enter the {what}",
            "max_length": f"The {what} must be {length} characters or fewer",
        },
    )


class ExtensionForm(GovukForm):
    new_deadline = GovukDateField(
        label="New deadline",
        what="new deadline",
        must_be="future",
        error_messages={"required": "Enter the new deadline the court set"},
    )
    court = _text("Court", 120, "court that extended the order")
    decided_on = GovukDateField(
        label="Date of the court's decision", what="date of the decision", must_be="today_or_past"
    )
    court_reference = _text(
        "Court reference", 60, "court reference", required=False, hint="As on the court's record, if there is one"
    )
    reason = _reason("Notes", required=False)


class PauseForm(GovukForm):
    pause_reason = forms.ChoiceField(
        label="Why is the order paused?",
        choices=PauseReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose why the order is paused",
            "invalid_choice": "Choose why the order is paused",
        },
    )
    effective_on = GovukDateField(
        label="Date the pause started",
        what="date the pause started",
        must_be="today_or_past",
        error_messages={"required": "Enter the date the person stopped being able to work"},
    )
    reason = _reason("Details", hint="For example: remanded in custody at HMP Durham")


class ResumeForm(GovukForm):
    effective_on = GovukDateField(
        label="Date the person can work again",
        what="date the person can work again",
        must_be="today_or_past",
        error_messages={"required": "Enter the date from which the person can work again"},
        help_text="The deadline moves on by the days the order was paused",
    )
    reason = _reason("Notes", required=False)


class EndForm(GovukForm):
    effective_on = GovukDateField(
        label="Date it took effect",
        what="date it took effect",
        must_be="today_or_past",
        error_messages={"required": "Enter the date the order ended"},
    )
    court = _text("Court", 120, "court", required=False)
    court_reference = _text("Court reference", 60, "court reference", required=False)
    reason = _reason("Reason")


class TransferForm(EndForm):
    transferred_to = _text(
        "Transferred to", 120, "place the order is transferred to", hint="For example: Scotland (Glasgow CJSW)"
    )
    field_order = ["transferred_to", "effective_on", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["court"], self.fields["court_reference"]


FORMS = {
    "extend": ExtensionForm,
    "pause": PauseForm,
    "resume": ResumeForm,
    "revoke": EndForm,
    "breach": EndForm,
    "transfer": TransferForm,
}
