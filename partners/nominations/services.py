"""Public nominations of projects: receiving, triaging and turning them into projects."""

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from partners.models import (
    Nomination,
    NominationStatus,
    PartnerOrganisation,
    Project,
    ProjectEventKind,
    ProjectPhoto,
    ProjectType,
)
from partners.projects.services import SiteDetails, nearest_pdu, partner_emails, project_create, record_event
from partners.uploads import validate_image
from upw.core import email as notify
from upw.core import geocoding, throttle
from upw.core.access import visible
from upw.core.email import public_link
from upw.models import Role, User

NOMINATION_ALREADY_CONVERTED = "This nomination has already been made into a project."
CONFIRMATION_WINDOW_SECONDS = 24 * 60 * 60


def nomination_reference(nomination: Nomination) -> str:
    return f"NOM-{nomination.created_at:%Y}-{nomination.pk:06d}"


@transaction.atomic
def nomination_create(*, fields: dict[str, Any]) -> Nomination:
    """A public nomination. The postcode is geocoded when it can be, to route it to a region."""
    photo = fields.pop("photo", None)
    nomination = Nomination(reference=f"tmp-{uuid.uuid4().hex[:16]}", **fields)
    if photo:
        validate_image(photo)
        nomination.photo.save(photo.name, photo, save=False)
    try:
        place = geocoding.geocode(nomination.postcode)
    except geocoding.GeocodingError:
        place = None
    if place is not None:
        nomination.postcode = place.postcode
        nomination.latitude, nomination.longitude = place.latitude, place.longitude
        pdu = nearest_pdu(latitude=place.latitude, longitude=place.longitude)
        nomination.region = pdu.region if pdu else None
    nomination.save()
    nomination.reference = nomination_reference(nomination)
    nomination.save(update_fields=["reference"])
    # Anyone can type any address into the form: what it sends there says nothing the sender wrote,
    # and goes at most once a day, so the form cannot be used to mail someone else.
    if throttle.hit(
        scope="nomination-confirmation",
        key=nomination.nominator_email.strip().lower(),
        limit=1,
        window=CONFIRMATION_WINDOW_SECONDS,
    ):
        notify.send_email(
            to=[nomination.nominator_email],
            subject=f"Your Community Payback nomination {nomination.reference}",
            body=f"Thank you for your nomination. Your reference is {nomination.reference}.\n\n"
            "A placement coordinator will look at it and tell you if and when work can start.",
        )
    if nomination.region_id:
        coordinators = User.objects.filter(role=Role.COORDINATOR, regions=nomination.region_id, is_active=True)
        notify.send_email(
            to=list(coordinators.values_list("email", flat=True)),
            subject=f"New nomination {nomination.reference}: {nomination.name}",
            body=public_link("review-nomination", nomination.pk),
        )
    return nomination


def visible_nominations(user: User):
    return visible(user, Nomination)


@transaction.atomic
def nomination_triage(*, nomination: Nomination, user: User, status: str, note: str = "") -> Nomination:
    if not visible_nominations(user).filter(pk=nomination.pk).exists():
        raise Http404("No nomination found.")
    if nomination.status == NominationStatus.CONVERTED:
        raise ValidationError(NOMINATION_ALREADY_CONVERTED)
    if status not in (NominationStatus.NEW, NominationStatus.UNDER_CONSIDERATION, NominationStatus.DECLINED):
        raise ValidationError({"status": "Choose a status."})
    nomination.status = status
    nomination.triage_note = note
    nomination.triaged_by = user
    nomination.save(update_fields=["status", "triage_note", "triaged_by"])
    if status == NominationStatus.DECLINED:
        notify.send_email(
            to=[nomination.nominator_email],
            subject=f"Your nomination {nomination.reference}",
            body=f"Thank you for your nomination {nomination.reference}. We cannot take it on at the moment."
            + (f"\n\n{note}" if note else ""),
        )
    return nomination


@transaction.atomic
def nomination_convert(
    *,
    nomination: Nomination,
    user: User,
    organisation: PartnerOrganisation,
    work_type: str,
    project_type: str = ProjectType.GROUP,
    start_date: dt.date | None = None,
) -> Project:
    """Turns a nomination into a draft project of a partner, for the partner to complete and submit."""
    if not visible_nominations(user).filter(pk=nomination.pk).exists():
        raise Http404("No nomination found.")
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.project_id:
        raise ValidationError(NOMINATION_ALREADY_CONVERTED)
    project = project_create(
        user=user,
        organisation=organisation,
        fields={
            "name": nomination.name[:150],
            "description": nomination.description,
            "beneficiary": nomination.organisation_name or "The local community",
            "project_type": project_type,
            "work_type": work_type,
            "toilets": nomination.toilets == "yes",
            "accessible_site": nomination.accessible == "yes",
            "start_date": start_date or timezone.localdate() + dt.timedelta(days=28),
        },
        site=SiteDetails(name=nomination.name[:150], address=nomination.location, postcode=nomination.postcode),
    )
    if nomination.photo:
        ProjectPhoto.objects.create(
            project=project, image=nomination.photo.name, caption="The place, from the nomination", uploaded_by=user
        )
    record_event(
        project=project,
        kind=ProjectEventKind.MESSAGE,
        actor=user,
        message=f"Made from public nomination {nomination.reference}. Please complete the details and submit it.",
    )
    nomination.status = NominationStatus.CONVERTED
    nomination.project = project
    nomination.triaged_by = user
    nomination.save(update_fields=["status", "project", "triaged_by"])
    notify.send_email(
        to=partner_emails(organisation),
        subject=f"A project has been suggested for you: {project.name}",
        body=f"A coordinator has made a draft project from a public nomination.\n\n"
        f"{public_link('partner-project', project.pk)}",
    )
    notify.send_email(
        to=[nomination.nominator_email],
        subject=f"Your nomination {nomination.reference}",
        body=f"Good news: your nomination {nomination.reference} is being set up as a Community Payback project "
        f"with {organisation}. "
        "We will tell you when work can start.",
    )
    return project
