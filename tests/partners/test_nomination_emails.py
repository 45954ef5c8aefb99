"""The emails a public nomination sends: no header injection, the coordinators always told, and the
nominator's confirmation carrying no text from the form, at most once a day to one address."""

import pytest
import time_machine
from django.utils import timezone

from partners.models import Nomination
from tests.partners.test_nominations import FORM

pytestmark = pytest.mark.django_db


def _nominate(client, capture, **changes):
    with capture(execute=True):
        return client.post("/nominate/", {**FORM, **changes})


def test_a_name_with_a_newline_is_saved_and_the_coordinators_are_told(
    client, places, mailoutbox, django_capture_on_commit_callbacks
):
    injected = "Clear the path\nBcc: everyone@example.org"
    r = _nominate(client, django_capture_on_commit_callbacks, name=injected)
    assert r.status_code == 302
    nomination = Nomination.objects.get()
    [to_coordinators] = [m for m in mailoutbox if m.to == [places.cora.email]]
    assert "\n" not in to_coordinators.subject and "\r" not in to_coordinators.subject
    assert nomination.reference in to_coordinators.subject
    assert all(m.bcc == [] for m in mailoutbox)
    assert "everyone@example.org" not in [address for m in mailoutbox for address in m.recipients()]


def test_a_carriage_return_in_any_one_line_field_is_flattened(client, places, django_capture_on_commit_callbacks):
    _nominate(
        client,
        django_capture_on_commit_callbacks,
        name="Clear\r\nthe   path",
        nominator_name="Jo\nBloggs",
        organisation_name="Friends\rof Jesmond",
    )
    nomination = Nomination.objects.get()
    assert (nomination.name, nomination.nominator_name, nomination.organisation_name) == (
        "Clear the path",
        "Jo Bloggs",
        "Friends of Jesmond",
    )


def test_the_nominators_confirmation_carries_no_text_from_the_form(
    client, places, mailoutbox, django_capture_on_commit_callbacks
):
    spam = "Cheap watches at http://spam.example"
    _nominate(client, django_capture_on_commit_callbacks, name=spam, nominator_name=spam, organisation_name=spam)
    [confirmation] = [m for m in mailoutbox if m.to == ["jo@example.org"]]
    reference = Nomination.objects.get().reference
    assert reference in confirmation.subject and reference in confirmation.body
    assert "spam" not in confirmation.subject + confirmation.body
    assert "Cheap watches" not in confirmation.subject + confirmation.body


def test_the_confirmation_goes_at_most_once_a_day_to_an_address(
    client, places, mailoutbox, django_capture_on_commit_callbacks
):
    def confirmations():
        return [m for m in mailoutbox if m.to == ["jo@example.org"]]

    _nominate(client, django_capture_on_commit_callbacks)
    _nominate(client, django_capture_on_commit_callbacks, nominator_email="JO@example.org")
    assert len(confirmations()) == 1
    assert Nomination.objects.count() == 2  # both nominations are kept
    assert len([m for m in mailoutbox if m.to == [places.cora.email]]) == 2  # and coordinators hear of both
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=24, minutes=1)):
        _nominate(client, django_capture_on_commit_callbacks)
    assert len(confirmations()) == 2


def test_one_email_failing_neither_stops_the_others_nor_fails_the_request(
    client, places, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []

    def send_mail(subject, body, sender, to, fail_silently):
        if to == ["jo@example.org"]:
            raise ConnectionError("The mail server is down")
        sent.append(to)

    monkeypatch.setattr("upw.core.email.send_mail", send_mail)
    r = _nominate(client, django_capture_on_commit_callbacks)
    assert r.status_code == 302
    assert sent == [[places.cora.email]]
