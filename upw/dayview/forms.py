"""The bulk change form (session page and people list) and the merge confirmation."""

from django import forms

from upw.bookings.services import CANCEL_REASONS
from upw.dayview.services import ACTIONS, CANCEL, MESSAGE, MESSAGE_SUBJECT_MAX, MOVE
from upw.web.govuk_forms import GovukForm

CHOOSE_PEOPLE = "Choose at least one person"
CHOOSE_TARGET = "Choose the session to move them to"
CHOOSE_REASON = "Choose why the places are cancelled"
WRITE_SUBJECT = "Enter what the message is about"
WRITE_BODY = "Enter the message"


class BulkChangeForm(GovukForm):
    allocation = forms.TypedMultipleChoiceField(
        label="People",
        coerce=int,
        error_messages={
            "required": CHOOSE_PEOPLE,
            "invalid_choice": "Choose people from the list",
            "invalid_list": CHOOSE_PEOPLE,
        },
    )
    action = forms.ChoiceField(
        label="What do you want to do with the people chosen?",
        widget=forms.RadioSelect,
        choices=list(ACTIONS.items()),
        error_messages={
            "required": "Choose what to do with the people chosen",
            "invalid_choice": "Choose what to do with the people chosen",
        },
    )
    session = forms.TypedChoiceField(
        label="Move to",
        coerce=int,
        required=False,
        error_messages={"invalid_choice": "Choose a session from the list"},
    )
    reason = forms.ChoiceField(
        label="Why are the places cancelled?",
        required=False,
        choices=[("", "Choose a reason"), *CANCEL_REASONS.items()],
        error_messages={"invalid_choice": "Choose a reason from the list"},
    )
    note = forms.CharField(
        label="More detail about the cancellation (optional)",
        required=False,
        max_length=60,
        error_messages={"max_length": "The detail must be 60 characters or fewer"},
    )
    subject = forms.CharField(
        label="What the message is about",
        required=False,
        max_length=MESSAGE_SUBJECT_MAX,
        error_messages={"max_length": f"What the message is about must be {MESSAGE_SUBJECT_MAX} characters or fewer"},
    )
    body = forms.CharField(
        label="Message",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "The message must be 1000 characters or fewer"},
    )
    idempotency_key = forms.CharField(
        widget=forms.HiddenInput,
        max_length=80,
        error_messages={
            "required": "Reload the page and try again",
            "max_length": "Reload the page and try again",
        },
    )

    def __init__(self, *args, places=(), targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allocation"].choices = [(p.pk, p.requirement.person.crn) for p in places]
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

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == MOVE and not data.get("session"):
            self.add_error("session", CHOOSE_TARGET)
        if action == CANCEL and not data.get("reason"):
            self.add_error("reason", CHOOSE_REASON)
        if action == MESSAGE:
            if not (data.get("subject") or "").strip():
                self.add_error("subject", WRITE_SUBJECT)
            if not (data.get("body") or "").strip():
                self.add_error("body", WRITE_BODY)
        return data


class MergeForm(GovukForm):
    target = forms.TypedChoiceField(
        label="Merge with",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the session to merge with",
            "invalid_choice": "Choose a session from the list",
        },
    )
    idempotency_key = forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        max_length=80,
        error_messages={"max_length": "Reload the page and try again"},
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [
            (
                s.pk,
                f"{s.project.name}, {s.start_time:%H:%M}-{s.end_time:%H:%M}"
                + (f", {s.distance_km} km away" if s.distance_km is not None else "")
                + f" ({s.room} place{'s'[: s.room != 1]} its supervisors can take)",
            )
            for s in targets
        ]
