"""The letters a person on probation is sent: the work instructions and the induction letter.

Each letter is built from the person's order and bookings, written in English or Welsh
(templates/letters/<language>/), made into a PDF with WeasyPrint, and sent through GOV.UK Notify
as a file to download (or, with the console backend, only logged, with no personal data).
"""

import datetime as dt
import io
import logging
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from upw.models import Allocation, AllocationStatus, Person, ProjectType, Requirement

logger = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "cy": "Cymraeg (Welsh)"}
KINDS = {"work-instructions": "Work instructions", "induction": "Induction letter"}
# Enough sessions to plan a few weeks around; the rest follow in later letters.
SESSIONS_LISTED = 6


class LetterError(Exception):
    """A letter that cannot be made or sent, with a message for the coordinator."""


@dataclass(frozen=True)
class Appointment:
    date: dt.date
    start: dt.time
    end: dt.time
    place: str
    postcode: str
    pick_up: str
    hi_vis: bool
    protective_equipment: bool
    tools: bool
    toilets: bool
    shelter: bool


@dataclass(frozen=True)
class Letter:
    kind: str
    language: str
    written_on: dt.date
    person_name: str
    address_lines: tuple[str, ...]
    crn: str
    office: str
    hours_ordered: int
    time_left: str
    deadline: dt.date
    appointments: tuple[Appointment, ...]

    @property
    def file_name(self) -> str:
        return f"{self.kind}-{self.crn}-{self.language}.pdf"


def _appointment(allocation: Allocation) -> Appointment:
    session = allocation.session
    project = session.project
    return Appointment(
        date=session.date,
        start=session.start_time,
        end=session.end_time,
        place=project.site.name,
        postcode=project.site.postcode,
        pick_up=project.pick_up_point,
        hi_vis=project.hi_vis_required,
        protective_equipment=project.ppe_provided,
        tools=project.tools_provided,
        toilets=project.toilets,
        shelter=project.shelter,
    )


def default_language(person: Person) -> str:
    # People in Wales are offered their letters in Welsh first (Welsh Language Act 1993).
    return "cy" if "wales" in person.pdu.region.name.lower() else "en"


def current_requirement(person: Person) -> Requirement | None:
    """The order the letters are about: the active one due first."""
    active = [r for r in person.requirements.order_by("deadline", "id") if r.is_active]
    return active[0] if active else None


def _booked(person: Person, today: dt.date, *, induction: bool) -> list[Allocation]:
    bookings = (
        Allocation.objects.filter(
            requirement__person=person, status=AllocationStatus.ALLOCATED, session__date__gte=today
        )
        .select_related("session__project__site")
        .order_by("session__date", "session__start_time")
    )
    if induction:
        bookings = bookings.filter(session__project__project_type=ProjectType.INDUCTION)
    else:
        bookings = bookings.exclude(session__project__project_type=ProjectType.INDUCTION)
    return list(bookings[:SESSIONS_LISTED])


def build(*, person: Person, kind: str, language: str, today: dt.date) -> Letter:
    if kind not in KINDS:
        raise LetterError("Choose a letter.")
    if language not in LANGUAGES:
        raise LetterError("Choose English or Welsh.")
    requirement = current_requirement(person)
    if requirement is None:
        raise LetterError("This person has no active order, so there is nothing to write to them about.")
    bookings = _booked(person, today, induction=kind == "induction")
    if not bookings:
        if kind == "induction":
            raise LetterError("Book an induction first: the letter tells the person when and where it is.")
        raise LetterError("Book at least one session first: the letter tells the person where and when to report.")
    return Letter(
        kind=kind,
        language=language,
        written_on=today,
        person_name=f"{person.first_name} {person.last_name}",
        address_lines=_address_lines(person),
        crn=person.crn,
        office=person.pdu.name,
        hours_ordered=requirement.hours_ordered,
        time_left=duration(requirement.minutes_left, language),
        deadline=requirement.deadline,
        appointments=tuple(_appointment(b) for b in bookings),
    )


def duration(minutes: int, language: str) -> str:
    """Minutes in words: "58 hours 30 minutes", or in Welsh "58 awr 30 munud" (Welsh keeps the
    singular after a number)."""
    whole, rest = divmod(max(0, minutes), 60)
    if language == "cy":
        parts = [f"{whole} awr"] + ([f"{rest} munud"] if rest else [])
    else:
        parts = [f"{whole} hour{'s' if whole != 1 else ''}"]
        if rest:
            parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def _address_lines(person: Person) -> tuple[str, ...]:
    # Letters may be posted: the address a line a part, the postcode last.
    lines = [line.strip() for line in person.address.split(",") if line.strip()]
    if person.postcode and person.postcode not in lines:
        lines.append(person.postcode)
    return tuple(lines)


def render_html(letter: Letter) -> str:
    # Dates and month names in the letter's own language.
    with translation.override(letter.language):
        return render_to_string(
            f"letters/{letter.language}/{letter.kind.replace('-', '_')}.html",
            {"letter": letter, "service_name": settings.SERVICE_NAME},
        )


def render_pdf(letter: Letter) -> bytes:
    try:
        from weasyprint import HTML
    except OSError as missing:  # WeasyPrint needs the Pango library from the system.
        raise LetterError("PDF letters need the Pango library on the server: run `make install`.") from missing
    return HTML(string=render_html(letter)).write_pdf()


def send(*, person: Person, letter: Letter, pdf: bytes) -> str:
    """Sends the letter to the person's email address as a file to download; returns how it went."""
    if not person.email:
        raise LetterError("This person has no email address: download the PDF and post it.")
    if settings.UPW_NOTIFY_BACKEND != "notify":
        # The console backend never writes a name, address or email address to the log.
        logger.info(
            "Letter %s (%s) for person %s: %d bytes, not sent (console backend)",
            letter.kind,
            letter.language,
            person.pk,
            len(pdf),
        )
        return "logged"
    from notifications_python_client import prepare_upload
    from notifications_python_client.notifications import NotificationsAPIClient

    client = NotificationsAPIClient(settings.NOTIFY_API_KEY)
    upload = prepare_upload(io.BytesIO(pdf), filename=letter.file_name, confirm_email_before_download=True)
    response = client.send_email_notification(
        email_address=person.email,
        template_id=settings.NOTIFY_LETTER_EMAIL_TEMPLATE_ID,
        personalisation={
            "name": person.first_name,
            "letter": KINDS[letter.kind],
            "link_to_file": upload,
        },
    )
    return response.get("id", "sent")
