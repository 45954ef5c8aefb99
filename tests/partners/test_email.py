"""Email goes through Django's backend by default and through GOV.UK Notify when its key is set."""

from unittest import mock

import pytest

from upw.core import email as notify

pytestmark = pytest.mark.django_db


def test_it_sends_through_the_email_backend_after_commit(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify.send_email(to=["a@example.org", "a@example.org", ""], subject="Hello", body="Body")
    (mail,) = mailoutbox
    assert (mail.to, mail.subject, mail.body) == (["a@example.org"], "Hello", "Body")


def test_it_sends_nothing_if_the_change_is_rolled_back(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify.send_email(to=["a@example.org"], subject="Hello", body="Body")
    assert len(callbacks) == 1
    assert mailoutbox == []


def test_it_uses_gov_uk_notify_when_configured(settings, mailoutbox, django_capture_on_commit_callbacks):
    settings.NOTIFY_API_KEY = "test-key"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "template-1"
    with (
        mock.patch("notifications_python_client.notifications.NotificationsAPIClient") as client_class,
        django_capture_on_commit_callbacks(execute=True),
    ):
        notify.send_email(to=["a@example.org"], subject="Hello", body="Body")
    client_class.assert_called_once_with("test-key")
    client_class.return_value.send_email_notification.assert_called_once_with(
        email_address="a@example.org", template_id="template-1", personalisation={"subject": "Hello", "body": "Body"}
    )
    assert mailoutbox == []


def test_a_notify_failure_does_not_undo_the_change(settings, django_capture_on_commit_callbacks, caplog):
    settings.NOTIFY_API_KEY = "test-key"
    with mock.patch("notifications_python_client.notifications.NotificationsAPIClient") as client_class:
        client_class.return_value.send_email_notification.side_effect = RuntimeError("503")
        with django_capture_on_commit_callbacks(execute=True):
            notify.send_email(to=["a@example.org"], subject="Hello", body="Body")
    assert "could not send" in caplog.text
