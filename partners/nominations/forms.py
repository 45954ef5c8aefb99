"""The public nomination form and the coordinators' triage."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from partners.models import (
    Nomination,
    NominationStatus,
    ProjectType,
    WorkType,
)
from partners.projects import services
from partners.projects.forms import INVALID_POSTCODE, YES_NO_UNKNOWN
from partners.uploads import validate_image
from upw.core import postcodes
from upw.web.date_input import GovukDateField
from upw.web.govuk_forms import GovukForm, GovukModelForm


class NominationForm(GovukModelForm):
    # A field people never see; bots fill it in. Named to tempt them.
    website = forms.CharField(label="Leave this empty", required=False)

    class Meta:
        model = Nomination
        fields = [
            "name",
            "description",
            "location",
            "postcode",
            "toilets",
            "accessible",
            "nominator_name",
            "nominator_email",
            "nominator_phone",
            "organisation_name",
            "photo",
        ]
        labels = {
            "name": "What needs doing?",
            "description": "Tell us about the work and who it would help",
            "location": "Where is it?",
            "postcode": "Postcode",
            "toilets": "Are there toilets and handwashing on site?",
            "accessible": "Can people with limited mobility get to and around the site?",
            "nominator_name": "Your name",
            "nominator_email": "Your email address",
            "nominator_phone": "Your phone number (optional)",
            "organisation_name": "Organisation or group you represent (optional)",
            "photo": "A photo of the place (optional)",
        }
        help_texts = {
            "name": "For example, clear the overgrown path by the allotments.",
            "location": "An address or description of the place.",
            "nominator_email": "We'll tell you if and when the work can start.",
            "photo": "JPG or PNG, up to 10 MB.",
        }
        widgets = {"toilets": forms.RadioSelect, "accessible": forms.RadioSelect}
        error_messages = {
            "name": {
                "required": "Enter what needs doing",
                "max_length": "What needs doing must be 150 characters or fewer",
            },
            "description": {"required": "Tell us about the work and who it would help"},
            "location": {
                "required": "Enter where the work is",
                "max_length": "Where the work is must be 250 characters or fewer",
            },
            "postcode": {"required": "Enter a postcode", "max_length": INVALID_POSTCODE},
            "toilets": {
                "required": "Select whether there are toilets and handwashing on site",
                "invalid_choice": "Select whether there are toilets and handwashing on site",
            },
            "accessible": {
                "required": "Select whether people with limited mobility can get to and around the site",
                "invalid_choice": "Select whether people with limited mobility can get to and around the site",
            },
            "nominator_name": {
                "required": "Enter your name",
                "max_length": "Your name must be 100 characters or fewer",
            },
            "nominator_email": {
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
                "max_length": "Your email address must be 254 characters or fewer",
            },
            "nominator_phone": {"max_length": "Your phone number must be 30 characters or fewer"},
            "organisation_name": {
                "max_length": "The name of your organisation or group must be 150 characters or fewer"
            },
            "photo": {
                "invalid": "The photo could not be read: choose it again",
                "missing": "The photo could not be read: choose it again",
                "empty": "The selected photo is empty",
                "max_length": "The photo's file name must be 250 characters or fewer",
                "contradiction": "Choose a new photo or remove the current one, not both",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("toilets", "accessible"):
            self.fields[name].choices = YES_NO_UNKNOWN

    # Fields of one line: a line break typed (or posted) into one is only ever a space.
    ONE_LINE_FIELDS = ("name", "location", "nominator_name", "nominator_phone", "organisation_name")

    def clean(self):
        data = super().clean()
        for name in self.ONE_LINE_FIELDS:
            if data.get(name):
                data[name] = " ".join(data[name].split())
        return data

    def clean_postcode(self) -> str:
        raw = self.cleaned_data["postcode"]
        if not postcodes.is_valid(raw):
            raise ValidationError(INVALID_POSTCODE)
        return postcodes.normalise(raw)

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload:
            validate_image(upload)
        return upload

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def nomination_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class NominationTriageForm(GovukForm):
    status = forms.ChoiceField(
        label="Decision",
        choices=[
            (NominationStatus.UNDER_CONSIDERATION, "Under consideration"),
            (NominationStatus.DECLINED, "Decline (the nominator is told)"),
            (NominationStatus.NEW, "Back to new"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a decision", "invalid_choice": "Select a decision"},
    )
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea,
        required=False,
        max_length=2000,
        error_messages={"max_length": "The note must be 2,000 characters or fewer"},
    )


class NominationConvertForm(GovukForm):
    organisation = forms.ModelChoiceField(
        label="Partner organisation",
        queryset=None,
        error_messages={
            "required": "Select the partner organisation that will run the project",
            "invalid_choice": "Select a partner organisation from the list",
        },
    )
    work_type = forms.ChoiceField(
        label="Type of work",
        choices=WorkType.choices,
        error_messages={"required": "Select a type of work", "invalid_choice": "Select a type of work from the list"},
    )
    project_type = forms.ChoiceField(
        label="Supervision",
        choices=[(t.value, t.label) for t in services.PARTNER_PROJECT_TYPES],
        initial=ProjectType.GROUP,
        error_messages={
            "required": "Select who supervises the work",
            "invalid_choice": "Select who supervises the work",
        },
    )
    start_date = GovukDateField(
        label="Start date",
        what="start date",
        initial=lambda: timezone.localdate() + dt.timedelta(days=28),
        error_messages={"required": "Enter the date the work starts"},
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
