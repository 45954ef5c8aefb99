"""Reminders the day before a session, by SMS (or email without a phone number), with opt-out.

The backend is settings.UPW_NOTIFY_BACKEND: "console" (the log, the default) or "notify" (GOV.UK
Notify's Python client with NOTIFY_API_KEY and one template per channel). Each allocation gets at
most one reminder (SessionReminder is unique per allocation), so running the task twice sends once.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from upw.models import Allocation, AllocationStatus, RequirementStatus, SessionStatus
from upw.models.attendance_sync import SessionReminder

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    channel: str  # sms or email
    to: str
    name: str
    text: str


def message_for(allocation: Allocation) -> Message | None:
    person = allocation.requirement.person
    session = allocation.session
    project = session.project
    text = (
        f"Community Payback reminder: {session.date:%A %d %B} from {session.start_time:%H:%M} to "
        f"{session.end_time:%H:%M} at {project.site.name}, {project.site.postcode}."
        + (f" Pick-up: {project.pick_up_point}." if project.pick_up_point else "")
        + (" Wear the hi-vis you are given." if project.hi_vis_required else "")
    )
    if person.phone:
        return Message("sms", person.phone, person.first_name, text)
    if person.email:
        return Message("email", person.email, person.first_name, text)
    return None


def tell_after_commit(person, text: str) -> bool:
    """Tells a person something about their sessions by SMS (or email without a phone number), as their
    reminders go, once the current transaction commits, so a change that is undone tells nobody.
    False, and nothing sent, when they opted out of messages or have neither."""
    if person.reminders_opt_out:
        return False
    to, channel = (person.phone, "sms") if person.phone else (person.email, "email")
    if not to:
        return False
    message = Message(channel, to, person.first_name, text)
    transaction.on_commit(lambda: send(message))
    return True


def send(message: Message) -> tuple[str, str]:
    """Sends one message; returns (backend, reference)."""
    if settings.UPW_NOTIFY_BACKEND == "notify":
        from notifications_python_client.notifications import NotificationsAPIClient

        client = NotificationsAPIClient(settings.NOTIFY_API_KEY)
        personalisation = {"name": message.name, "session": message.text}
        if message.channel == "sms":
            response = client.send_sms_notification(
                phone_number=message.to,
                template_id=settings.NOTIFY_REMINDER_SMS_TEMPLATE_ID,
                personalisation=personalisation,
            )
        else:
            response = client.send_email_notification(
                email_address=message.to,
                template_id=settings.NOTIFY_REMINDER_EMAIL_TEMPLATE_ID,
                personalisation=personalisation,
            )
        return "notify", str(response.get("id", ""))[:100]
    # The log is read by more people than may see a person's contact details.
    logger.info("Reminder by %s to %s: %s", message.channel, masked_contact(message.to), message.text)
    return "console", ""


def masked_contact(address: str) -> str:
    """For the log: a phone number's last two digits (to match a complaint), nothing of an email address."""
    if "@" in address:
        return "***@***"
    digits = [c for c in address if c.isdigit()]
    return "*" * max(len(digits) - 2, 0) + "".join(digits[-2:])


# Orders that have stopped: their bookings are cancelled when they stop, and a booking that slipped
# through (a stale matching run, a hand edit) must not tell the person to come.
STOPPED_STATUSES = (
    RequirementStatus.PAUSED,
    RequirementStatus.BREACHED,
    RequirementStatus.REVOKED,
    RequirementStatus.TRANSFERRED,
)


def reminders_due(*, for_date: dt.date):
    return (
        Allocation.objects.exclude(requirement__status__in=STOPPED_STATUSES)
        .filter(
            status=AllocationStatus.ALLOCATED,
            session__date=for_date,
            session__status=SessionStatus.SCHEDULED,
            requirement__person__reminders_opt_out=False,
            reminder__isnull=True,
        )
        .select_related("requirement__person", "session__project__site")
        .order_by("id")
    )


def send_session_reminders(*, for_date: dt.date | None = None) -> dict[str, int]:
    """Reminds everybody allocated to a session on `for_date` (default tomorrow) who has not opted out."""
    for_date = for_date or timezone.localdate() + dt.timedelta(days=1)
    counts = {"sent": 0, "no_contact": 0, "failed": 0}
    for allocation in reminders_due(for_date=for_date):
        message = message_for(allocation)
        if message is None:
            counts["no_contact"] += 1
            continue
        try:
            with transaction.atomic():
                # Claimed before sending: a concurrent run hits the unique constraint and skips.
                reminder = SessionReminder.objects.create(allocation=allocation, channel=message.channel, backend="")
                backend, reference = send(message)
                reminder.backend, reminder.reference = backend, reference
                reminder.save(update_fields=["backend", "reference"])
        except IntegrityError:
            continue
        except Exception:  # one failed message must not stop the others; it is retried tomorrow
            logger.exception("Reminder for allocation %s failed", allocation.pk)
            counts["failed"] += 1
            continue
        counts["sent"] += 1
    return counts


def person_set_reminders(*, person, opt_out: bool) -> None:
    if person.reminders_opt_out != opt_out:
        person.reminders_opt_out = opt_out
        person.save(update_fields=["reminders_opt_out", "updated_at"])
