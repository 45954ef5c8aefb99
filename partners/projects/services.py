"""Projects: partners propose them, coordinators review them; sites, schedules, messages and photos."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils.translation import ngettext

from partners import workflow
from partners.models import (
    Frequency,
    OrganisationKind,
    PartnerOrganisation,
    Project,
    ProjectEvent,
    ProjectEventKind,
    ProjectPhoto,
    ProjectStatus,
    ProjectType,
    ScheduleSlot,
    Site,
)
from partners.schedule.services import GenerationResult, generate_sessions
from partners.uploads import validate_document, validate_image
from upw.core import email as notify
from upw.core import geocoding
from upw.core.access import effective_role, partner_organisation_id, visible
from upw.core.distances import distance_matrix_km
from upw.core.email import public_link
from upw.models import Office, ProbationDeliveryUnit, Role, User

# Error messages (tests assert against these).
NO_PDU_NEAR = "We could not find a probation delivery unit near this postcode."

OUTSIDE_REGION = "This postcode is outside your organisation's region ({region}). Contact your coordinator."

NOT_EDITABLE = "This project can no longer be changed by a partner: it is {status}."

NOT_A_MEMBER = "Only members of the project's organisation can do this."

SITE_NAME_IN_USE = "Another of your projects uses a site with this name at a different address: choose another name."

EMPTY_MESSAGE = "Enter a message"

GROUP_CAPACITY_TOO_LARGE = "A group project can have at most {size} people at once (the group size)"

SUBMIT_NEEDS_SCHEDULE = "Add at least one day and time before you submit the project."

SUBMIT_NEEDS_RISK_ASSESSMENT = "Upload the site's health and safety risk assessment before you submit the project."

# What a draft may leave out but a project needs before it is reviewed, and what to tell the
# partner about each; the proposal form asks for the same answers in the same words.
NEEDED_FOR_REVIEW = {
    "description": "Describe the work",
    "beneficiary": "Say who benefits from the work",
    "work_type": "Select a type of work",
    "site_name": "Enter the name of the site",
    "address": "Enter the address of the site",
    "postcode": "Enter the postcode of the site",
    "start_date": "Enter the date the work starts",
    "schedule": SUBMIT_NEEDS_SCHEDULE,
    "risk_assessment": SUBMIT_NEEDS_RISK_ASSESSMENT,
}

PARTNER_PROJECT_TYPES = (ProjectType.GROUP, ProjectType.INDIVIDUAL)


def capacity_error(*, project_type: str | None, capacity: int | None) -> str | None:
    """Why this capacity is refused, or None: a probation-supervised group is no larger than the group
    size (setting UPW_GROUP_SIZE); partner-supervised placements keep the model's own range."""
    size = settings.UPW["GROUP_SIZE"]
    if project_type == ProjectType.GROUP and capacity is not None and capacity > size:
        return GROUP_CAPACITY_TOO_LARGE.format(size=size)
    return None


def _check_capacity(project: Project) -> None:
    error = capacity_error(project_type=project.project_type, capacity=project.capacity)
    if error:
        raise ValidationError({"capacity": [error]})


PROJECT_FIELDS = (
    "name",
    "description",
    "beneficiary",
    "project_type",
    "work_type",
    "involves_children",
    "involves_vulnerable_adults",
    "public_facing",
    "accessible_site",
    "heavy_work",
    "hi_vis_required",
    "tools_provided",
    "ppe_provided",
    "toilets",
    "shelter",
    "capacity",
    "start_date",
    "end_date",
)


@dataclass(frozen=True)
class SiteDetails:
    name: str
    address: str
    postcode: str


@dataclass(frozen=True)
class Slot:
    weekday: int
    start_time: dt.time
    end_time: dt.time
    frequency: str = Frequency.WEEKLY


def _check_visible(user: User, project: Project) -> None:
    if not visible(user, Project).filter(pk=project.pk).exists():
        raise Http404("No project found.")


def record_event(
    *, project: Project, kind: str, actor: User | None, message: str = "", **statuses: str
) -> ProjectEvent:
    return ProjectEvent.objects.create(project=project, kind=kind, actor=actor, message=message, **statuses)


def partner_emails(organisation: PartnerOrganisation) -> list[str]:
    return list(
        User.objects.filter(partner_membership__organisation=organisation, is_active=True).values_list(
            "email", flat=True
        )
    )


def coordinator_emails(project: Project) -> list[str]:
    return list(
        User.objects.filter(role=Role.COORDINATOR, regions=project.site.pdu.region_id, is_active=True).values_list(
            "email", flat=True
        )
    )


def nearest_pdu(*, latitude: float, longitude: float, region_id: int | None = None) -> ProbationDeliveryUnit | None:
    """The PDU of the probation office nearest a point (within a region when given)."""
    offices = Office.objects.filter(latitude__isnull=False).select_related("pdu")
    if region_id is not None:
        offices = offices.filter(pdu__region_id=region_id)
    offices = list(offices)
    if not offices:
        return None
    km = distance_matrix_km(latitude, longitude, [o.latitude for o in offices], [o.longitude for o in offices])[0]
    return offices[int(km.argmin())].pdu


def locate(*, postcode: str, organisation: PartnerOrganisation | None = None) -> tuple[geocoding.GeocodeResult, Any]:
    """Geocodes a postcode and finds its PDU. Raises ValidationError with a field-level message."""
    try:
        place = geocoding.geocode(postcode)
    except geocoding.GeocodingError as error:
        raise ValidationError({"postcode": str(error)}) from error
    region_id = organisation.region_id if organisation and organisation.kind == OrganisationKind.LOCAL else None
    pdu = nearest_pdu(latitude=place.latitude, longitude=place.longitude, region_id=region_id)
    if pdu is None:
        raise ValidationError({"postcode": NO_PDU_NEAR})
    if region_id is not None:
        # A local partner's site must be nearer one of its own region's offices than any other's.
        anywhere = nearest_pdu(latitude=place.latitude, longitude=place.longitude)
        if anywhere is not None and anywhere.region_id != region_id:
            raise ValidationError({"postcode": OUTSIDE_REGION.format(region=organisation.region)})
    return place, pdu


def check_site(
    *, organisation: PartnerOrganisation, details: SiteDetails, project: Project | None = None
) -> tuple[geocoding.GeocodeResult, Any]:
    """Checks a site before anything is saved, so that a form can show these errors with its own.

    Raises ValidationError naming the field; returns the place and PDU of the postcode.
    """
    place, pdu = locate(postcode=details.postcode, organisation=organisation)
    existing = Site.objects.filter(organisation=organisation, name=details.name).first()
    if existing is not None:
        moved = (existing.address, existing.postcode) != (details.address, place.postcode)
        others = existing.projects.exclude(pk=project.pk if project else None)
        if moved and others.exists():
            raise ValidationError({"site_name": SITE_NAME_IN_USE})
    return place, pdu


def _site(*, organisation: PartnerOrganisation, details: SiteDetails, project: Project | None = None) -> Site:
    """The organisation's site of that name, made or updated; a site other projects use keeps its place."""
    place, pdu = check_site(organisation=organisation, details=details, project=project)
    site, _ = Site.objects.update_or_create(
        organisation=organisation,
        name=details.name,
        defaults={
            "address": details.address,
            "postcode": place.postcode,
            "latitude": place.latitude,
            "longitude": place.longitude,
            "pdu": pdu,
        },
    )
    return site


def _set_schedule(project: Project, slots: Iterable[Slot]) -> bool:
    """Replaces the schedule; True if it changed. Unchanged slots keep their rows (and sessions)."""
    wanted = {(s.weekday, s.start_time): s for s in slots}
    changed = False
    for slot in list(project.schedule.all()):
        want = wanted.pop((slot.weekday, slot.start_time), None)
        if want is None:
            slot.delete()
            changed = True
        elif (slot.end_time, slot.frequency) != (want.end_time, want.frequency):
            slot.end_time, slot.frequency = want.end_time, want.frequency
            slot.save(update_fields=["end_time", "frequency"])
            changed = True
    for want in wanted.values():
        ScheduleSlot.objects.create(
            project=project,
            weekday=want.weekday,
            start_time=want.start_time,
            end_time=want.end_time,
            frequency=want.frequency,
        )
        changed = True
    return changed


def _attach_risk_assessment(project: Project, upload: UploadedFile | None) -> bool:
    if upload is None:
        return False
    try:
        validate_document(upload)
    except ValidationError as error:
        raise ValidationError({"risk_assessment": error.messages}) from error
    if project.risk_assessment:
        project.risk_assessment.delete(save=False)
    project.risk_assessment_name = (upload.name or "risk-assessment")[:150]
    project.risk_assessment.save(upload.name, upload, save=False)
    return True


@transaction.atomic
def project_create(
    *,
    user: User,
    organisation: PartnerOrganisation,
    fields: dict[str, Any],
    site: SiteDetails | None,
    slots: Iterable[Slot] = (),
    skills: Iterable = (),
    risk_assessment: UploadedFile | None = None,
) -> Project:
    """A new project in draft, with or without its site yet. Partners may create only for their own organisation."""
    role = effective_role(user)
    if role == Role.PARTNER:
        if partner_organisation_id(user) != organisation.pk:
            raise PermissionDenied(NOT_A_MEMBER)
    elif role not in (Role.COORDINATOR, Role.ADMIN):
        raise PermissionDenied("Your role cannot propose projects.")
    elif not visible(user, PartnerOrganisation).filter(pk=organisation.pk).exists():
        raise Http404("No partner organisation found.")
    values = {name: fields[name] for name in PROJECT_FIELDS if name in fields}
    project = Project(organisation=organisation, status=ProjectStatus.DRAFT, created_by=user, **values)
    project.site = _site(organisation=organisation, details=site) if site is not None else None
    if role == Role.COORDINATOR and project.site and not visible(user, Site).filter(pk=project.site.pk).exists():
        raise ValidationError({"postcode": "This site is outside your regions."})
    _attach_risk_assessment(project, risk_assessment)
    project.full_clean(exclude=["skills", "risk_assessment"])
    _check_capacity(project)
    project.save()
    project.skills.set(list(skills))
    _set_schedule(project, slots)
    record_event(project=project, kind=ProjectEventKind.CREATED, actor=user, to_status=ProjectStatus.DRAFT)
    return project


def _sentence_case(label: str) -> str:
    return label[:1].upper() + label[1:]


def _shown(value: Any) -> str:
    """A field's value as the audit trail shows it to people."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return f"{value:%-d %b %Y}"
    if value in (None, ""):
        return "none"
    return str(value)


@transaction.atomic
def project_update(
    *,
    project: Project,
    user: User,
    fields: dict[str, Any],
    site: SiteDetails | None = None,
    slots: Iterable[Slot] | None = None,
    skills: Iterable | None = None,
    risk_assessment: UploadedFile | None = None,
) -> tuple[Project, GenerationResult | None]:
    """Edits a project. Partners may edit while it is a draft or being reviewed; staff at any time.

    A schedule change on an approved or active project regenerates its future sessions.
    """
    _check_visible(user, project)
    project = Project.objects.select_for_update().get(pk=project.pk)
    role = effective_role(user)
    if role == Role.PARTNER and not workflow.partner_may_edit(project.status):
        raise PermissionDenied(NOT_EDITABLE.format(status=project.get_status_display().lower()))
    if role not in (Role.PARTNER, Role.COORDINATOR, Role.ADMIN):
        raise PermissionDenied("Your role cannot change projects.")
    changed = [name for name in PROJECT_FIELDS if name in fields and getattr(project, name) != fields[name]]
    # What changed, from what to what, for the audit trail (long text is only named).
    details = {
        name: f"{_shown(getattr(project, name))} to {_shown(fields[name])}"
        for name in changed
        if name not in ("description", "beneficiary", "name")
    }
    for name in changed:
        setattr(project, name, fields[name])
    if site is not None:
        current = project.site
        if current is None or (current.name, current.address, current.postcode) != (
            site.name,
            site.address,
            site.postcode,
        ):
            project.site = _site(organisation=project.organisation, details=site, project=project)
            changed.append("site")
    if _attach_risk_assessment(project, risk_assessment):
        changed.append("risk_assessment")
    project.full_clean(exclude=["skills", "risk_assessment"])
    if {"capacity", "project_type"} & set(changed):
        _check_capacity(project)
    project.save()
    if skills is not None:
        skills = list(skills)
        if {s.pk for s in skills} != set(project.skills.values_list("pk", flat=True)):
            project.skills.set(skills)
            changed.append("skills")
    schedule_changed = slots is not None and _set_schedule(project, slots)
    if schedule_changed:
        changed.append("schedule")
    generated = None
    # A draft may not have a start date yet, and has no sessions to bring into line.
    if project.start_date and (schedule_changed or {"start_date", "end_date", "capacity"} & set(changed)):
        generated = generate_sessions(project=project)
    if changed:
        labels = [
            _sentence_case(str(Project._meta.get_field(name).verbose_name))
            if name not in ("schedule", "skills", "site")
            else name.capitalize()
            for name in changed
        ]
        lines = [
            f"{label}: {details[name]}" if name in details else label
            for name, label in zip(changed, labels, strict=True)
        ]
        record_event(project=project, kind=ProjectEventKind.EDITED, actor=user, message="Changed. " + "; ".join(lines))
        if role == Role.PARTNER and project.status in (ProjectStatus.SUBMITTED, ProjectStatus.IN_REVIEW):
            notify.send_email(
                to=coordinator_emails(project),
                subject=f"Project changed while in review: {project.name}",
                body=f"{project.organisation} changed {', '.join(labels)}.\n\n"
                f"{public_link('review-project', project.pk)}",
            )
    return project, generated


def missing_for_review(project: Project) -> dict[str, list[str]]:
    """Every answer a project still needs before it can be reviewed, all at once (a draft may lack them)."""
    site = project.site
    present = {
        "description": project.description.strip(),
        "beneficiary": project.beneficiary.strip(),
        "work_type": project.work_type,
        "site_name": site and site.name,
        "address": site and site.address,
        "postcode": site and site.postcode,
        "start_date": project.start_date,
        "schedule": project.schedule.exists(),
        "risk_assessment": project.risk_assessment,
    }
    return {name: [NEEDED_FOR_REVIEW[name]] for name, value in present.items() if not value}


def _check_complete(project: Project) -> None:
    errors = missing_for_review(project)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def project_transition(*, project: Project, user: User, action: str, message: str = "") -> Project:
    """Moves a project through the workflow (partners.workflow) and records and announces it.

    Repeating an action that has already taken effect (a retried request) changes nothing.
    """
    _check_visible(user, project)
    project = Project.objects.select_for_update().get(pk=project.pk)
    transition = workflow.transition_for(action)
    if project.status == transition.target and project.status not in transition.sources:
        return project
    target = workflow.check(status=project.status, action=action, role=effective_role(user), message=message)
    if transition.action == workflow.Action.SUBMIT:
        _check_complete(project)
    previous = project.status
    project.status = target
    project.save(update_fields=["status"])
    record_event(
        project=project,
        kind=ProjectEventKind.TRANSITION,
        actor=user,
        from_status=previous,
        to_status=target,
        message=message.strip(),
    )
    if target in workflow.SCHEDULED or previous in workflow.SCHEDULED:
        result = generate_sessions(project=project)
        if result:
            record_event(
                project=project,
                kind=ProjectEventKind.SESSIONS,
                actor=user,
                message=ngettext("%d session created", "%d sessions created", result.created) % result.created
                + f", {result.deleted} removed, {result.flagged} flagged for the coordinator.",
            )
    status_label = ProjectStatus(target).label
    if effective_role(user) == Role.PARTNER:
        notify.send_email(
            to=coordinator_emails(project),
            subject=f"Project {status_label.lower()}: {project.name}",
            body=f"{project.organisation} has submitted {project.name} for review.\n\n"
            f"{public_link('review-project', project.pk)}",
        )
    else:
        body = workflow.outcome(project.name, target)
        if message.strip():
            body += f"\n\nMessage from the coordinator:\n{message.strip()}"
        notify.send_email(
            to=partner_emails(project.organisation),
            subject=f"{status_label}: {project.name}",
            body=f"{body}\n\n{public_link('partner-project', project.pk)}",
        )
    return project


@transaction.atomic
def project_message(*, project: Project, user: User, message: str) -> ProjectEvent:
    """A message on the project's thread, between the partner and the coordinators."""
    _check_visible(user, project)
    role = effective_role(user)
    if role not in (Role.PARTNER, Role.COORDINATOR, Role.ADMIN):
        raise PermissionDenied("Your role cannot send project messages.")
    if not message.strip():
        raise ValidationError({"message": EMPTY_MESSAGE})
    event = record_event(project=project, kind=ProjectEventKind.MESSAGE, actor=user, message=message.strip())
    if role == Role.PARTNER:
        to, link = coordinator_emails(project), public_link("review-project", project.pk)
    else:
        to, link = partner_emails(project.organisation), public_link("partner-project", project.pk)
    notify.send_email(to=to, subject=f"New message about {project.name}", body=f"{message.strip()}\n\nReply at {link}")
    return event


@transaction.atomic
def photo_add(*, project: Project, user: User, image: UploadedFile, caption: str) -> ProjectPhoto:
    _check_visible(user, project)
    if effective_role(user) not in (Role.PARTNER, Role.COORDINATOR, Role.ADMIN):
        raise PermissionDenied("Your role cannot add photos.")
    try:
        validate_image(image)
    except ValidationError as error:
        raise ValidationError({"image": error.messages}) from error
    photo = ProjectPhoto(project=project, caption=caption, uploaded_by=user)
    photo.image.save(image.name, image, save=False)
    photo.save()
    return photo
