"""Every field of every form in the service has a hand-written error message for each way it can fail.

The forms are found by walking the apps for modules named forms.py, so a new form is checked
without being listed here. Forms built in __init__ (fields per weekday, per zone, per weight) are
instantiated, with stand-ins for the arguments they take.
"""

import importlib
import inspect
from pathlib import Path
from types import SimpleNamespace

import pytest
from django import forms

from upw.web.govuk_forms import GovukForm, GovukModelForm, failure_codes, label_built_message, unwritten_messages

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
APPS = ("upw", "partners", "scheduler")


def _form_modules() -> list[str]:
    return sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for app in APPS
        for path in (ROOT / app).rglob("forms.py")
        if "migrations" not in path.parts
    )


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for name in _form_modules():
        module = importlib.import_module(name)
        for _, klass in inspect.getmembers(module, inspect.isclass):
            if issubclass(klass, forms.BaseForm) and klass.__module__ == name:
                found.append(klass)
    return found


def _stand_ins() -> dict:
    from partners.models import PartnerOrganisation
    from upw.models import ProbationDeliveryUnit, Region, Role, User

    return {
        "inviter": User(username="stand-in", role=Role.ADMIN),
        "regions": Region.objects.none(),
        "pdus": ProbationDeliveryUnit.objects.none(),
        "organisations": PartnerOrganisation.objects.none(),
        "sessions": [],
        "supervisors": [],
        "person": SimpleNamespace(pdu_id=None, crn="X000000"),
        "user": None,
        "record": SimpleNamespace(outcome="UAA"),
    }


def _instance(klass: type[forms.BaseForm]) -> forms.BaseForm:
    stand_ins = _stand_ins()
    wanted = {
        name: stand_ins[name]
        for name, parameter in inspect.signature(klass.__init__).parameters.items()
        if name != "self"
        and parameter.kind in (parameter.KEYWORD_ONLY, parameter.POSITIONAL_OR_KEYWORD)
        and parameter.default is parameter.empty
    }
    return klass(**wanted)


FORM_CLASSES = _form_classes()


def test_the_walk_finds_the_forms():
    names = {klass.__name__ for klass in FORM_CLASSES}
    assert {"ProjectForm", "NominationForm", "OrderForm", "RunForm", "RiskForm", "CodeForm"} <= names


@pytest.mark.parametrize("klass", FORM_CLASSES, ids=lambda k: f"{k.__module__}.{k.__name__}")
def test_every_form_is_a_govuk_form(klass):
    assert issubclass(klass, GovukForm | GovukModelForm)


@pytest.mark.parametrize("klass", FORM_CLASSES, ids=lambda k: f"{k.__module__}.{k.__name__}")
def test_every_way_a_field_can_fail_has_a_hand_written_message(klass):
    assert unwritten_messages(_instance(klass)) == []


def test_the_check_finds_django_wording_and_label_built_messages():
    class Careless(GovukForm):
        name = forms.CharField(label="Your name", max_length=10)
        when = forms.DateField(
            label="Date", error_messages={"required": "Enter the date", "invalid": "Enter a real date"}
        )
        count = forms.IntegerField(
            label="Count", min_value=1, error_messages={"required": "Enter a count", "invalid": "Enter a number"}
        )

    assert unwritten_messages(Careless()) == [
        "name: max_length",
        "name: required",
        "when: required",
        "count: min_value",
    ]
    assert label_built_message(Careless.base_fields["name"], "name") == "Enter the your name"


def test_the_public_nomination_form_reads_well():
    from partners.nominations.forms import NominationForm

    errors = NominationForm(data={}).errors
    assert errors["name"] == ["Enter what needs doing"]
    assert errors["nominator_name"] == ["Enter your name"]
    assert not any(message.startswith("Enter the ") for messages in errors.values() for message in messages)


@pytest.mark.parametrize("klass", FORM_CLASSES, ids=lambda k: f"{k.__module__}.{k.__name__}")
def test_field_messages_end_without_a_full_stop_as_the_design_system_writes_them(klass):
    form = _instance(klass)
    stopped = [
        f"{name}: {code}: {text}"
        for name, field in form.fields.items()
        for code in failure_codes(field)
        if str(text := field.error_messages.get(code, "")).rstrip().endswith(".")
    ]
    assert stopped == []
