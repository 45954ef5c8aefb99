"""Writes for the partner portal: projects and their review, invitations, nominations, photos.

Every function is keyword-only and atomic. Each status change, edit and message leaves a
ProjectEvent (who, when, from, to, what was said); Project also keeps django-simple-history rows.
Callers resolve what the user may see with upw.access first; the functions check again, so an
out-of-scope object is refused (Http404) whichever door the request came through.
"""

import datetime as dt
import hashlib
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from partners import notify, workflow
from partners.models import (
    Frequency,
    Invitation,
    Nomination,
    NominationStatus,
    OrganisationKind,
    PartnerMembership,
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
from partners.sessions import GenerationResult, generate_sessions
from partners.uploads import validate_document, validate_image
from upw import geocoding
from upw.access import effective_role, visible
from upw.distances import distance_matrix_km
from upw.models import Office, ProbationDeliveryUnit, Role, User

# Error messages (tests assert against these).
NO_PDU_NEAR = "We could not find a probation delivery unit near this postcode."
OUTSIDE_REGION = "This postcode is outside your organisation's region ({region}). Contact your coordinator."
NOT_EDITABLE = "This project can no longer be changed by a partner: it is {status}."
NOT_A_MEMBER = "Only members of the project's organisation can do this."
INVITATION_INVALID = "This invitation link is not valid. Ask for a new invitation."
INVITATION_USED = "This invitation has already been used. Sign in instead."
INVITATION_EXPIRED = "This invitation has expired. Ask for a new invitation."
EMAIL_TAKEN = "An account with this email address already exists."
SITE_NAME_IN_USE = "Another of your projects uses a site with this name at a different address: choose another name."
CANNOT_INVITE = "You cannot invite people to this organisation."
CANNOT_DEACTIVATE_SELF = "You cannot deactivate your own account."
NOMINATION_ALREADY_CONVERTED = "This nomination has already been made into a project."
EMPTY_MESSAGE = "Enter a message."
SUBMIT_NEEDS_SCHEDULE = "Add at least one day and time before you submit the project."
SUBMIT_NEEDS_RISK_ASSESSMENT = "Upload the site's health and safety risk assessment before you submit the project."

PARTNER_PROJECT_TYPES = (ProjectType.GROUP, ProjectType.INDIVIDUAL)
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


# --- Helpers --------------------------------------------------------------------------------------


def _role(user: User) -> str | None:
    return effective_role(user)


def _check_visible(user: User, project: Project) -> None:
    if not visible(user, Project).filter(pk=project.pk).exists():
        raise Http404("No project found.")


def _event(*, project: Project, kind: str, actor: User | None, message: str = "", **statuses: str) -> ProjectEvent:
    return ProjectEvent.objects.create(project=project, kind=kind, actor=actor, message=message, **statuses)


def _link(name: str, *args: Any) -> str:
    return f"{settings.PUBLIC_URL}{reverse(name, args=args)}"


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


def _site(*, organisation: PartnerOrganisation, details: SiteDetails, project: Project | None = None) -> Site:
    """The organisation's site of that name, made or updated; a site other projects use keeps its place."""
    existing = Site.objects.filter(organisation=organisation, name=details.name).first()
    place, pdu = locate(postcode=details.postcode, organisation=organisation)
    if existing is not None:
        moved = (existing.address, existing.postcode) != (details.address, place.postcode)
        others = existing.projects.exclude(pk=project.pk if project else None)
        if moved and others.exists():
            raise ValidationError({"site_name": SITE_NAME_IN_USE})
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


def _membership_organisation(user: User) -> PartnerOrganisation | None:
    membership = getattr(user, "partner_membership", None)
    return membership.organisation if membership else None


# --- Projects -------------------------------------------------------------------------------------


@transaction.atomic
def project_create(
    *,
    user: User,
    organisation: PartnerOrganisation,
    fields: dict[str, Any],
    site: SiteDetails,
    slots: Iterable[Slot] = (),
    skills: Iterable = (),
    risk_assessment: UploadedFile | None = None,
) -> Project:
    """A new project in draft. Partners may create only for their own organisation."""
    role = _role(user)
    if role == Role.PARTNER:
        if _membership_organisation(user) != organisation:
            raise PermissionDenied(NOT_A_MEMBER)
    elif role not in (Role.COORDINATOR, Role.ADMIN):
        raise PermissionDenied("Your role cannot propose projects.")
    elif not visible(user, PartnerOrganisation).filter(pk=organisation.pk).exists():
        raise Http404("No partner organisation found.")
    values = {name: fields[name] for name in PROJECT_FIELDS if name in fields}
    project = Project(organisation=organisation, status=ProjectStatus.DRAFT, created_by=user, **values)
    project.site = _site(organisation=organisation, details=site)
    if role == Role.COORDINATOR and not visible(user, Site).filter(pk=project.site.pk).exists():
        raise ValidationError({"postcode": "This site is outside your regions."})
    _attach_risk_assessment(project, risk_assessment)
    project.full_clean(exclude=["skills", "risk_assessment"])
    project.save()
    project.skills.set(list(skills))
    _set_schedule(project, slots)
    _event(project=project, kind=ProjectEventKind.CREATED, actor=user, to_status=ProjectStatus.DRAFT)
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
    role = _role(user)
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
        if (current.name, current.address, current.postcode) != (site.name, site.address, site.postcode):
            project.site = _site(organisation=project.organisation, details=site, project=project)
            changed.append("site")
    if _attach_risk_assessment(project, risk_assessment):
        changed.append("risk_assessment")
    project.full_clean(exclude=["skills", "risk_assessment"])
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
    if schedule_changed or {"start_date", "end_date", "capacity"} & set(changed):
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
        _event(project=project, kind=ProjectEventKind.EDITED, actor=user, message="Changed. " + "; ".join(lines))
        if role == Role.PARTNER and project.status in (ProjectStatus.SUBMITTED, ProjectStatus.IN_REVIEW):
            notify.send_email(
                to=coordinator_emails(project),
                subject=f"Project changed while in review: {project.name}",
                body=f"{project.organisation} changed {', '.join(labels)}.\n\n{_link('review-project', project.pk)}",
            )
    return project, generated


def _check_complete(project: Project) -> None:
    """What a project needs before it can be reviewed (a draft may be saved without them)."""
    errors = {}
    if not project.schedule.exists():
        errors["schedule"] = [SUBMIT_NEEDS_SCHEDULE]
    if not project.risk_assessment:
        errors["risk_assessment"] = [SUBMIT_NEEDS_RISK_ASSESSMENT]
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
    target = workflow.check(status=project.status, action=action, role=_role(user), message=message)
    if transition.action == workflow.Action.SUBMIT:
        _check_complete(project)
    previous = project.status
    project.status = target
    project.save(update_fields=["status"])
    _event(
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
            _event(
                project=project,
                kind=ProjectEventKind.SESSIONS,
                actor=user,
                message=f"{result.created} sessions created, {result.deleted} removed, "
                f"{result.flagged} flagged for the coordinator.",
            )
    status_label = ProjectStatus(target).label
    if _role(user) == Role.PARTNER:
        notify.send_email(
            to=coordinator_emails(project),
            subject=f"Project {status_label.lower()}: {project.name}",
            body=f"{project.organisation} has submitted {project.name} for review.\n\n"
            f"{_link('review-project', project.pk)}",
        )
    else:
        body = workflow.outcome(project.name, target)
        if message.strip():
            body += f"\n\nMessage from the coordinator:\n{message.strip()}"
        notify.send_email(
            to=partner_emails(project.organisation),
            subject=f"{status_label}: {project.name}",
            body=f"{body}\n\n{_link('partner-project', project.pk)}",
        )
    return project


@transaction.atomic
def project_message(*, project: Project, user: User, message: str) -> ProjectEvent:
    """A message on the project's thread, between the partner and the coordinators."""
    _check_visible(user, project)
    role = _role(user)
    if role not in (Role.PARTNER, Role.COORDINATOR, Role.ADMIN):
        raise PermissionDenied("Your role cannot send project messages.")
    if not message.strip():
        raise ValidationError({"message": EMPTY_MESSAGE})
    event = _event(project=project, kind=ProjectEventKind.MESSAGE, actor=user, message=message.strip())
    if role == Role.PARTNER:
        to, link = coordinator_emails(project), _link("review-project", project.pk)
    else:
        to, link = partner_emails(project.organisation), _link("partner-project", project.pk)
    notify.send_email(to=to, subject=f"New message about {project.name}", body=f"{message.strip()}\n\nReply at {link}")
    return event


@transaction.atomic
def photo_add(*, project: Project, user: User, image: UploadedFile, caption: str) -> ProjectPhoto:
    _check_visible(user, project)
    if _role(user) not in (Role.PARTNER, Role.COORDINATOR, Role.ADMIN):
        raise PermissionDenied("Your role cannot add photos.")
    try:
        validate_image(image)
    except ValidationError as error:
        raise ValidationError({"image": error.messages}) from error
    photo = ProjectPhoto(project=project, caption=caption, uploaded_by=user)
    photo.image.save(image.name, image, save=False)
    photo.save()
    return photo


# --- Organisations --------------------------------------------------------------------------------

ORGANISATION_EXISTS = "A partner organisation with this name already exists."


@transaction.atomic
def organisation_create(
    *, user: User, name: str, kind: str, region=None, contact_name: str = "", contact_email: str = ""
) -> PartnerOrganisation:
    """A coordinator adds a partner (local ones in one of their regions), then invites its users."""
    role = _role(user)
    if role not in (Role.COORDINATOR, Role.ADMIN):
        raise PermissionDenied("Only coordinators can add partner organisations.")
    if kind == OrganisationKind.NATIONAL:
        region = None
    elif region is None or (role == Role.COORDINATOR and not user.regions.filter(pk=region.pk).exists()):
        raise ValidationError({"region": "Choose one of your regions."})
    if PartnerOrganisation.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": ORGANISATION_EXISTS})
    return PartnerOrganisation.objects.create(
        name=name.strip(), kind=kind, region=region, contact_name=contact_name, contact_email=contact_email
    )


# --- Invitations and colleagues -------------------------------------------------------------------


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def may_invite(user: User, organisation: PartnerOrganisation) -> bool:
    role = _role(user)
    if role == Role.PARTNER:
        membership = getattr(user, "partner_membership", None)
        return bool(membership and membership.is_organisation_admin and membership.organisation_id == organisation.pk)
    if role in (Role.COORDINATOR, Role.ADMIN):
        return visible(user, PartnerOrganisation).filter(pk=organisation.pk).exists()
    return False


@transaction.atomic
def invitation_create(
    *, organisation: PartnerOrganisation, email: str, invited_by: User, is_organisation_admin: bool = False
) -> tuple[Invitation, str]:
    """Invites someone to the organisation by email. Returns the invitation and its raw token.

    An earlier pending invitation for the same address is revoked: only the newest link works.
    """
    if not may_invite(invited_by, organisation):
        raise PermissionDenied(CANNOT_INVITE)
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": EMAIL_TAKEN})
    now = timezone.now()
    Invitation.objects.filter(
        organisation=organisation, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        is_organisation_admin=is_organisation_admin,
        token_hash=_hash(raw),
        invited_by=invited_by,
        expires_at=now + dt.timedelta(days=settings.UPW_INVITATION_DAYS),
    )
    inviter = invited_by.get_full_name() or invited_by.username
    notify.send_email(
        to=[email],
        subject=f"You are invited to manage Community Payback projects for {organisation}",
        body=f"{inviter} has invited you to the Community Payback partner service for {organisation}.\n\n"
        f"Create your account within {settings.UPW_INVITATION_DAYS} days: "
        f"{_link('partner-invitation', raw)}\n\nThe link works once.",
    )
    return invitation, raw


def invitation_for_token(raw: str) -> Invitation:
    """The pending invitation for a raw token; ValidationError saying why it cannot be used."""
    invitation = Invitation.objects.select_related("organisation").filter(token_hash=_hash(raw or "")).first()
    if invitation is None or invitation.revoked_at is not None:
        raise ValidationError(INVITATION_INVALID, code="invalid")
    if invitation.accepted_at is not None:
        raise ValidationError(INVITATION_USED, code="used")
    if invitation.expires_at <= timezone.now():
        raise ValidationError(INVITATION_EXPIRED, code="expired")
    return invitation


@transaction.atomic
def invitation_accept(*, raw: str, first_name: str, last_name: str, password: str) -> User:
    """Creates the partner's account and membership; the link then stops working."""
    invitation = invitation_for_token(raw)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:  # accepted by a concurrent request
        raise ValidationError(INVITATION_USED, code="used")
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(EMAIL_TAKEN, code="taken")
    user = User(
        username=invitation.email,
        email=invitation.email,
        first_name=first_name,
        last_name=last_name,
        role=Role.PARTNER,
    )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    user.save()
    PartnerMembership.objects.create(
        user=user, organisation=invitation.organisation, is_organisation_admin=invitation.is_organisation_admin
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    return user


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, user: User) -> Invitation:
    if not may_invite(user, invitation.organisation):
        raise PermissionDenied(CANNOT_INVITE)
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def member_set_active(*, member: User, by: User, active: bool) -> User:
    """A partner admin (or staff) deactivates or reactivates a colleague of the organisation."""
    organisation = _membership_organisation(member)
    if organisation is None or not may_invite(by, organisation):
        raise PermissionDenied(CANNOT_INVITE)
    if member.pk == by.pk:
        raise PermissionDenied(CANNOT_DEACTIVATE_SELF)
    if member.is_active != active:
        member.is_active = active
        member.save(update_fields=["is_active"])
        if not active:
            # Signed-out everywhere: API tokens stop at once (user_for_token needs an active user).
            member.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    return member


# --- Nominations ----------------------------------------------------------------------------------


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
    notify.send_email(
        to=[nomination.nominator_email],
        subject=f"Your Community Payback nomination {nomination.reference}",
        body=f"Thank you for nominating {nomination.name}. Your reference is {nomination.reference}.\n\n"
        "A placement coordinator will look at it and tell you if and when work can start.",
    )
    if nomination.region_id:
        coordinators = User.objects.filter(role=Role.COORDINATOR, regions=nomination.region_id, is_active=True)
        notify.send_email(
            to=list(coordinators.values_list("email", flat=True)),
            subject=f"New nomination {nomination.reference}: {nomination.name}",
            body=_link("review-nomination", nomination.pk),
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
            body=f"Thank you for nominating {nomination.name}. We cannot take it on at the moment."
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
    _event(
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
        f"{_link('partner-project', project.pk)}",
    )
    notify.send_email(
        to=[nomination.nominator_email],
        subject=f"Your nomination {nomination.reference}",
        body=f"Good news: {nomination.name} is being set up as a Community Payback project with {organisation}. "
        "We will tell you when work can start.",
    )
    return project
