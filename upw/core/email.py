"""Email from the service: Django's email backend (the console by default), or GOV.UK Notify.

Every email the service sends goes this way: partners' notices, invitations, password resets.

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
                # The subject only: an address is personal data, and a body may carry a secret link.
                logger.exception("GOV.UK Notify could not send %r", subject)
        return
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)


SUBJECT_MAX_LENGTH = 200


def one_line(text: str, limit: int | None = None) -> str:
    """Text safe for a header: every run of whitespace, line breaks included, becomes one space."""
    flat = " ".join(str(text).split())
    return flat[:limit] if limit else flat


def send_email(*, to: list[str], subject: str, body: str) -> None:
    """Sends once the current transaction commits (at once outside a transaction).

    The subject is made one line: it often quotes what the public typed, and a line break in a
    header is refused by the mail library (or, worse, read as a new header). Each message is sent
    on its own (`robust`), so one that fails is logged and never stops the others or the request.
    """
    addresses = sorted({address for address in to if address})
    if not addresses:
        return
    subject = one_line(subject, SUBJECT_MAX_LENGTH)
    transaction.on_commit(lambda: _send_now(to=addresses, subject=subject, body=body), robust=True)
