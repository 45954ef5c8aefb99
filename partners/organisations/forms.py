"""Partner organisations, invitations and accepting one."""

from django import forms

from partners.models import (
    OrganisationKind,
)
from upw.web.govuk_forms import GovukForm


class OrganisationForm(GovukForm):
    name = forms.CharField(label="Organisation name", max_length=150)
    kind = forms.ChoiceField(label="Kind", choices=OrganisationKind.choices, widget=forms.RadioSelect)
    region = forms.ModelChoiceField(
        label="Region (local partners)", queryset=None, required=False, empty_label="Choose a region"
    )
    contact_name = forms.CharField(label="Contact name", max_length=100, required=False)
    contact_email = forms.EmailField(label="Contact email", required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    def clean(self):
        data = super().clean()
        if data.get("kind") == OrganisationKind.LOCAL and not data.get("region"):
            self.add_error("region", "Choose the region of a local partner.")
        return data


class InvitationForm(GovukForm):
    email = forms.EmailField(label="Email address")
    is_organisation_admin = forms.BooleanField(
        label="They can invite and remove colleagues", required=False, initial=False
    )


class AcceptInvitationForm(GovukForm):
    first_name = forms.CharField(label="First name", max_length=150)
    last_name = forms.CharField(label="Last name", max_length=150)
    password = forms.CharField(
        label="Create a password", widget=forms.PasswordInput, help_text="At least 8 characters."
    )
    password_again = forms.CharField(label="Confirm your password", widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", "The passwords do not match.")
        return data
