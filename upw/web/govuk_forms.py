"""Form base classes, and the check that every field's error messages are written by hand.

The GOV.UK Design System asks for an error message that says what went wrong with this answer and
how to fix it ("Enter your full name", "The project name must be 150 characters or fewer"). Neither
Django's wording ("This field is required.") nor one built from a label ("Enter the what needs
doing") does that, so every field sets its own `error_messages` for each way it can fail, and
`unwritten_messages` (run over every form by tests/web/test_error_messages.py) finds any left out.
"""

from django import forms
from django.core import validators
from django.forms.fields import BaseTemporalField

# A null character is refused by every text field, but only a hand-made request sends one, so
# Django's wording for it is left alone.
IGNORED_CODES = {"null_characters_not_allowed"}

VALIDATOR_MESSAGES = {
    "max_length": validators.MaxLengthValidator.message,
    "min_length": validators.MinLengthValidator.message,
    "max_value": validators.MaxValueValidator.message,
    "min_value": validators.MinValueValidator.message,
    "step_size": validators.StepValueValidator.message,
}


def failure_codes(field: forms.Field) -> set[str]:
    """The ways an answer to this field can be refused, as Django's error codes."""
    codes = set()
    if field.required:
        codes.add("required")
    if isinstance(field, forms.CharField):
        if field.max_length is not None:
            codes.add("max_length")
        if field.min_length is not None:
            codes.add("min_length")
    if isinstance(field, forms.EmailField | forms.URLField | forms.UUIDField | forms.JSONField):
        codes.add("invalid")
    if isinstance(field, forms.IntegerField | forms.DecimalField):  # FloatField is an IntegerField
        codes.add("invalid")
        for code in ("min_value", "max_value", "step_size"):
            if getattr(field, code, None) is not None:
                codes.add(code)
    if isinstance(field, BaseTemporalField | forms.DurationField):
        codes.add("invalid")
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        codes.add("invalid_choice")
    if isinstance(field, forms.MultipleChoiceField):
        codes.add("invalid_list")
    if isinstance(field, forms.ModelMultipleChoiceField):
        codes |= {"invalid_list", "invalid_pk_value"}
    if isinstance(field, forms.FileField):
        codes |= {"invalid", "missing", "empty"}
        if field.max_length is not None:
            codes.add("max_length")
        if not field.required:
            codes.add("contradiction")
    if isinstance(field, forms.ImageField):
        codes.add("invalid_image")
    return codes - IGNORED_CODES


def django_defaults(field: forms.Field) -> dict[str, str]:
    """Django's own wording for each error code of this field's class and its parents."""
    defaults = {}
    for klass in reversed(type(field).__mro__):
        defaults.update({code: str(text) for code, text in getattr(klass, "default_error_messages", {}).items()})
    for code, text in VALIDATOR_MESSAGES.items():
        defaults.setdefault(code, str(text))
    return defaults


def label_built_message(field: forms.Field, name: str) -> str:
    """The message this module used to build from a label: what a hand-written one must not be."""
    label = str(field.label or name.replace("_", " ")).rstrip(" ?:")
    thing = label[:1].lower() + label[1:] if not label[1:2].isupper() else label
    if isinstance(field, forms.FileField):
        return f"Upload the {thing}"
    if isinstance(field, forms.BooleanField):
        return f"Confirm: {label}"
    if isinstance(field.widget, forms.Select | forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"Select the {thing}"
    return f"Enter the {thing}"


def unwritten_messages(form: forms.BaseForm) -> list[str]:
    """Each field and way of failing whose message is Django's or built from the label, as "field: code"."""
    found = []
    for name, field in form.fields.items():
        defaults = django_defaults(field)
        for code in sorted(failure_codes(field)):
            # A code missing from error_messages (max_length, min_value...) shows its validator's wording.
            text = str(field.error_messages.get(code, defaults.get(code)))
            if text == defaults.get(code) or text == label_built_message(field, name):
                found.append(f"{name}: {code}")
    return found


class GovukForm(forms.Form):
    """A form whose fields carry hand-written GOV.UK error messages (see `unwritten_messages`)."""


class GovukModelForm(forms.ModelForm):
    """A model form whose fields carry hand-written GOV.UK error messages (see `unwritten_messages`)."""
