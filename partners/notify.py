"""Email notifications: Django's email backend (the console by default), or GOV.UK Notify.

With settings.NOTIFY_API_KEY set, messages go through Notify's Python client using one email
template (settings.NOTIFY_EMAIL_TEMPLATE_ID) whose body is `((body))` and subject `((subject))`.
Messages are sent after the surrounding transaction commits, so a rolled-back change sends nothing.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

logger = logging.getLogger(__name__)


def public_link(name: str, *args) -> str:
    """The full address of a page, for a message read outside the service."""
    return f"{settings.PUBLIC_URL}{reverse(name, args=args)}"


def _send_now(*, to: list[str], subject: str, body: str) -> None:
    if settings.NOTIFY_API_KEY:
        from notifications_python_client.notifications import NotificationsAPIClient

        client = NotificationsAPIClient(settings.NOTIFY_API_KEY)
        for address in to:
            try:
                client.send_email_notification(
                    email_address=address,
                    template_id=settings.NOTIFY_EMAIL_TEMPLATE_ID,
                    personalisation={"subject": subject, "body": body},
                )
            except Exception:  # a failed notification must not undo the change it reports
                logger.exception("GOV.UK Notify could not send %r to %s", subject, address)
        return
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)


def send_email(*, to: list[str], subject: str, body: str) -> None:
    """Sends once the current transaction commits (at once outside a transaction)."""
    addresses = sorted({address for address in to if address})
    if not addresses:
        return
    transaction.on_commit(lambda: _send_now(to=addresses, subject=subject, body=body))
