"""Partner organisations, invitations and accepting one."""

from django import forms

from partners.models import (
    OrganisationKind,
)
from upw.web.govuk_forms import GovukForm


class OrganisationForm(GovukForm):
    name = forms.CharField(
        label="Organisation name",
        max_length=150,
        error_messages={
            "required": "Enter the name of the organisation",
            "max_length": "The organisation name must be 150 characters or fewer",
        },
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=OrganisationKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the partner is local or national",
            "invalid_choice": "Select whether the partner is local or national",
        },
    )
    region = forms.ModelChoiceField(
        label="Region (local partners)",
        queryset=None,
        required=False,
        empty_label="Choose a region",
        error_messages={"invalid_choice": "Select one of your regions"},
    )
    contact_name = forms.CharField(
        label="Contact name",
        max_length=100,
        required=False,
        error_messages={"max_length": "The contact name must be 100 characters or fewer"},
    )
    contact_email = forms.EmailField(
        label="Contact email",
        required=False,
        error_messages={
            "invalid": "Enter the contact's email address in the correct format, like name@example.com",
            "max_length": "The contact email address must be 254 characters or fewer",
        },
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    def clean(self):
        data = super().clean()
        if data.get("kind") == OrganisationKind.LOCAL and not data.get("region"):
            self.add_error("region", "Select the region of a local partner")
        return data


class InvitationForm(GovukForm):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": "The email address must be 254 characters or fewer",
        },
    )
    is_organisation_admin = forms.BooleanField(
        label="They can invite and remove colleagues", required=False, initial=False
    )


class AcceptInvitationForm(GovukForm):
    first_name = forms.CharField(
        label="First name",
        max_length=150,
        error_messages={
            "required": "Enter your first name",
            "max_length": "Your first name must be 150 characters or fewer",
        },
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        error_messages={
            "required": "Enter your last name",
            "max_length": "Your last name must be 150 characters or fewer",
        },
    )
    password = forms.CharField(
        label="Create a password",
        widget=forms.PasswordInput,
        help_text="At least 8 characters.",
        error_messages={"required": "Create a password"},
    )
    password_again = forms.CharField(
        label="Confirm your password",
        widget=forms.PasswordInput,
        error_messages={"required": "Enter your password again to confirm it"},
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", "The passwords do not match: enter the same password twice")
        return data
