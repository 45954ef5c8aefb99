"""Form base classes that give every required field a specific GOV.UK-style message.

Django's "This field is required." repeated down an error summary does not say which answer is
missing; the GOV.UK Design System asks for "Enter ..." or "Select ..." naming the field. A field whose
form sets its own required message keeps it.
"""

from django import forms

DJANGO_REQUIRED = forms.Field.default_error_messages["required"]
CHOICE_WIDGETS = (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.SelectMultiple)


def required_message(field: forms.Field, name: str) -> str:
    label = str(field.label or name.replace("_", " ")).rstrip(" ?:")
    thing = label[:1].lower() + label[1:] if not label[1:2].isupper() else label
    if isinstance(field, forms.FileField):
        return f"Upload the {thing}"
    if isinstance(field, forms.BooleanField):
        return f"Confirm: {label}"
    if isinstance(field.widget, CHOICE_WIDGETS):
        return f"Select the {thing}"
    return f"Enter the {thing}"


def name_required_fields(form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        if str(field.error_messages.get("required")) == str(DJANGO_REQUIRED):
            field.error_messages = {**field.error_messages, "required": required_message(field, name)}


class GovukForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_required_fields(self)


class GovukModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_required_fields(self)
