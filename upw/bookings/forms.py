"""The three ways of changing a booked place, one form each (the page shows all three)."""

from django import forms

from upw.bookings.services import CANCEL_REASONS
from upw.web.govuk_forms import GovukForm


class CancelForm(GovukForm):
    reason = forms.ChoiceField(
        label="Why is the place cancelled?",
        choices=[("", "Choose a reason"), *CANCEL_REASONS.items()],
        error_messages={
            "required": "Choose why the place is cancelled",
            "invalid_choice": "Choose a reason from the list",
        },
    )
    note = forms.CharField(
        label="More detail (optional)",
        required=False,
        max_length=60,
        error_messages={"max_length": "The detail must be 60 characters or fewer"},
    )


class _SessionChoices:
    """Offers the sessions a place could go to as the `session` field's choices."""

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [
            ("", "Choose a session"),
            *(
                (
                    s.pk,
                    f"{s.date:%a %d %b %Y} {s.start_time:%H:%M}-{s.end_time:%H:%M}, {s.project.name} "
                    f"({s.capacity - s.places_taken} free)",
                )
                for s in targets
            ),
        ]


class MoveForm(_SessionChoices, GovukForm):
    session = forms.TypedChoiceField(
        label="Move to",
        coerce=int,
        error_messages={
            "required": "Choose the session to move to",
            "invalid_choice": "Choose a session from the list",
        },
    )


class RescheduleForm(_SessionChoices, GovukForm):
    session = forms.TypedChoiceField(
        label="Reschedule to",
        coerce=int,
        error_messages={
            "required": "Choose the session to reschedule to",
            "invalid_choice": "Choose a session from the list",
        },
    )
    requested_by = forms.ChoiceField(
        label="Who asked for the change?",
        widget=forms.RadioSelect,
        choices=[("service", "The service (RSSR)"), ("person", "The person (RSOF)")],
        error_messages={
            "required": "Say whether the service or the person asked for the change",
            "invalid_choice": "Say whether the service or the person asked for the change",
        },
    )
