"""Sending an account email: through GOV.UK Notify when NOTIFY_API_KEY is set, Django's email
backend otherwise (the console backend is refused with DEBUG off by upw.checks).

The same path as partners.notify, which upw may not import: one Notify email template whose body is
`((body))` and subject `((subject))`, sent after the surrounding transaction commits.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

log = logging.getLogger("upw.accounts")


def public_link(name: str, *args) -> str:
    """The full address of a page, for an email read outside the service."""
    return f"{settings.PUBLIC_URL}{reverse(name, args=args)}"


def _send_now(*, to: str, subject: str, body: str) -> None:
    if settings.NOTIFY_API_KEY:
        from notifications_python_client.notifications import NotificationsAPIClient

        try:
            NotificationsAPIClient(settings.NOTIFY_API_KEY).send_email_notification(
                email_address=to,
                template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                personalisation={"subject": subject, "body": body},
            )
        except Exception:  # the message carries a link: log that it failed, never its body
            log.exception("GOV.UK Notify could not send %r", subject)
        return
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)


def send_account_email(*, to: str, subject: str, body: str) -> None:
    """Sends once the current transaction commits; a failure is logged and never breaks the request."""
    transaction.on_commit(lambda: _send_now(to=to, subject=subject, body=body), robust=True)
