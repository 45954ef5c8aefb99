"""The second-factor forms: a code, and the user whose second factor an administrator resets."""

from django import forms

from upw.accounts.services import normalise_code
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
        error_messages={"required": ENTER_CODE},
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6) and not (code.isalnum() and len(code) == 8):
            raise forms.ValidationError(CODE_FORMAT)
        return code


class ResetUserForm(GovukForm):
    username = forms.CharField(label="Username", max_length=150, error_messages={"required": "Enter the username"})


class SetupCodeForm(GovukForm):
    code = forms.CharField(
        label="Code from the app",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code the app shows"},
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6-digit code the app shows, like 123456")
        return code
