"""The account forms: a second-factor code, the user whose second factor an administrator resets, a
password reset request, a new password, and a staff invitation."""

from django import forms

from upw.accounts.services import (
    normalise_code,
    password_problems,
    regions_invitable_by,
    roles_invitable_by,
    set_password_from_reset,
)
from upw.models import Office, Role
from upw.models.people import Gender
from upw.web.govuk_forms import GovukForm

ENTER_CODE = "Enter the 6-digit code from your authenticator app, or one of your recovery codes"
CODE_FORMAT = "Enter the 6-digit code from your authenticator app, or an 8-character recovery code"
WRONG_CODE = "The code is not right, or has been used already. Enter the code your authenticator app shows now"
WRONG_SETUP_CODE = "The code is not right. Enter the 6-digit code the app shows now for this service"
TOO_MANY_CODES = "You have entered a wrong code too many times. Wait {minutes} minutes, then try again"
NO_SUCH_USER = "There is no account with that username"


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Code",
        max_length=40,
        error_messages={"required": ENTER_CODE, "max_length": CODE_FORMAT},
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6) and not (code.isalnum() and len(code) == 8):
            raise forms.ValidationError(CODE_FORMAT)
        return code


class ResetUserForm(GovukForm):
    username = forms.CharField(
        label="Username",
        max_length=150,
        error_messages={
            "required": "Enter the username of the account to reset",
            "max_length": "The username must be 150 characters or fewer",
        },
    )


class SetupCodeForm(GovukForm):
    code = forms.CharField(
        label="Code from the app",
        max_length=20,
        error_messages={
            "required": "Enter the 6-digit code the app shows",
            "max_length": "Enter the 6-digit code the app shows, like 123456",
        },
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6-digit code the app shows, like 123456")
        return code


ENTER_EMAIL = "Enter your email address"
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"
TOO_MANY_RESETS = "You have asked for too many password reset links. Wait an hour, then try again"
ENTER_PASSWORD = "Enter a new password"
CONFIRM_PASSWORD = "Enter your new password again"
PASSWORDS_DIFFER = "The passwords do not match. Enter the same password twice"


class PasswordResetRequestForm(GovukForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": ENTER_EMAIL,
            "invalid": EMAIL_FORMAT,
            "max_length": "Your email address must be 254 characters or fewer",
        },
    )


class NewPasswordForm(GovukForm):
    """A new password, typed twice, checked against the password validators for `user`.

    Shaped as Django's SetPasswordForm (given the user, `save()` sets the password) so that the
    password reset views can use it.
    """

    password = forms.CharField(
        label="New password",
        widget=forms.PasswordInput,
        strip=False,
        max_length=4096,
        help_text="At least 8 characters. Not only numbers, and not like your name or email address.",
        error_messages={"required": ENTER_PASSWORD, "max_length": "The password must be 4,096 characters or fewer"},
    )
    password_again = forms.CharField(
        label="Confirm your new password",
        widget=forms.PasswordInput,
        strip=False,
        max_length=4096,
        error_messages={"required": CONFIRM_PASSWORD, "max_length": "The password must be 4,096 characters or fewer"},
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        problems = password_problems(password, self.user)
        if problems:
            raise forms.ValidationError(problems)
        return password

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", PASSWORDS_DIFFER)
        return data

    def save(self, commit: bool = True):
        return set_password_from_reset(user=self.user, password=self.cleaned_data["password"])


class StaffInvitationForm(GovukForm):
    """Who to invite, as what and where: the choices are only those `inviter` may give."""

    first_name = forms.CharField(
        label="First name",
        max_length=150,
        error_messages={
            "required": "Enter their first name",
            "max_length": "Their first name must be 150 characters or fewer",
        },
    )
    last_name = forms.CharField(
        label="Last name",
        max_length=150,
        error_messages={
            "required": "Enter their last name",
            "max_length": "Their last name must be 150 characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The invitation is sent here, and they sign in with it.",
        error_messages={
            "required": "Enter their email address",
            "invalid": EMAIL_FORMAT,
            "max_length": "Their email address must be 254 characters or fewer",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the role they will have",
            "invalid_choice": "Select a role you can invite: coordinators can invite supervisors only",
        },
    )
    regions = forms.ModelMultipleChoiceField(
        label="Regions",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Not needed for an administrator, who works in every region.",
        error_messages={
            "invalid_choice": "Select only regions you work in",
            "invalid_list": "Select only regions you work in",
            "invalid_pk_value": "Select only regions you work in",
        },
    )

    base_office = forms.ModelChoiceField(
        label="Base office (supervisors)",
        queryset=None,
        required=False,
        help_text="Where a supervisor starts and ends their working day: the rota plans travel from here.",
        error_messages={"invalid_choice": "Select an office in one of the regions you chose"},
    )
    gender = forms.ChoiceField(
        label="Gender (supervisors)",
        choices=[("", "Select")] + [(g.value, g.label) for g in Gender],
        required=False,
        help_text="Women-only groups need a female supervisor; some people may not be supervised by a man or a woman.",
        error_messages={"invalid_choice": "Select a gender from the list"},
    )

    def __init__(self, inviter, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, Role(role).label) for role in roles_invitable_by(inviter)]
        self.fields["regions"].queryset = regions_invitable_by(inviter).order_by("name")
        self.fields["base_office"].queryset = Office.objects.filter(
            pdu__region__in=self.fields["regions"].queryset
        ).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.SUPERVISOR:
            if not data.get("base_office"):
                self.add_error("base_office", "Select the supervisor's base office")
            if not data.get("gender"):
                self.add_error("gender", "Select the supervisor's gender")
        return data
