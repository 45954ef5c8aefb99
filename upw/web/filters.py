"""Filter forms shared by the list pages."""

from django import forms


def valid_filters(form: forms.Form) -> dict:
    """The fields that passed validation: an unknown value in one filter leaves the others working."""
    form.is_valid()
    return {name: value for name, value in form.cleaned_data.items() if name not in form.errors}
