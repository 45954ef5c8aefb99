"""The partner portal through the API: propose, edit, submit and review projects.

A partner's token sees and changes only its own organisation's projects; a coordinator's only
those in their regions (upw.core.access). The workflow (partners.workflow) decides who may do what.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from partners import workflow
from partners.models import Frequency, PartnerOrganisation, Project, ProjectStatus, ProjectType, WorkType
from partners.projects import selectors, services
from upw.core.access import effective_role, get_visible, visible
from upw.models import Role, Session, Skill
from upw.web.api import ErrorOut, Pages

router = Router(tags=["partner projects"])


class SiteIn(Schema):
    name: str
    address: str
    postcode: str


class SlotIn(Schema):
    weekday: int
    start_time: dt.time
    end_time: dt.time
    frequency: Frequency = Frequency.WEEKLY


class ProjectIn(Schema):
    name: str
    description: str = ""
    beneficiary: str = ""
    project_type: ProjectType = ProjectType.GROUP
    work_type: WorkType
    skills: list[str] = []
    capacity: int = 6
    start_date: dt.date
    end_date: dt.date | None = None
    tools_provided: bool = True
    ppe_provided: bool = True
    toilets: bool = True
    shelter: bool = False
    hi_vis_required: bool = True
    involves_children: bool = False
    involves_vulnerable_adults: bool = False
    public_facing: bool = False
    accessible_site: bool = False
    heavy_work: bool = False
    site: SiteIn
    schedule: list[SlotIn] = []
    # Coordinators propose on a partner's behalf; a partner's own organisation is implied.
    organisation_id: int | None = None


class ProjectPatch(Schema):
    name: str | None = None
    description: str | None = None
    beneficiary: str | None = None
    project_type: ProjectType | None = None
    work_type: WorkType | None = None
    skills: list[str] | None = None
    capacity: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    tools_provided: bool | None = None
    ppe_provided: bool | None = None
    toilets: bool | None = None
    shelter: bool | None = None
    hi_vis_required: bool | None = None
    involves_children: bool | None = None
    involves_vulnerable_adults: bool | None = None
    public_facing: bool | None = None
    accessible_site: bool | None = None
    heavy_work: bool | None = None
    site: SiteIn | None = None
    schedule: list[SlotIn] | None = None


class SlotOut(Schema):
    weekday: int
    start_time: dt.time
    end_time: dt.time
    frequency: str


class PortalProjectOut(Schema):
    id: int
    name: str
    organisation: str
    status: str
    project_type: str
    work_type: str
    capacity: int
    start_date: dt.date | None
    end_date: dt.date | None
    site_name: str
    site_postcode: str
    schedule: list[SlotOut]
    risk_assessment_uploaded: bool
    actions: list[str]

    @staticmethod
    def resolve_organisation(obj: Project) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_site_name(obj: Project) -> str:
        # A draft may have no site yet.
        return obj.site.name if obj.site else ""

    @staticmethod
    def resolve_site_postcode(obj: Project) -> str:
        return obj.site.postcode if obj.site else ""

    @staticmethod
    def resolve_schedule(obj: Project) -> list:
        return list(obj.schedule.all())

    @staticmethod
    def resolve_risk_assessment_uploaded(obj: Project) -> bool:
        return bool(obj.risk_assessment)

    @staticmethod
    def resolve_actions(obj: Project, context) -> list[str]:
        role = effective_role(context["request"].auth)
        return [t.action.value for t in workflow.available(status=obj.status, role=role)]


class EventOut(Schema):
    kind: str
    actor: str | None
    from_status: str
    to_status: str
    message: str
    created_at: dt.datetime

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return obj.actor.get_full_name() or obj.actor.username if obj.actor else None


class TransitionIn(Schema):
    action: workflow.Action
    message: str = ""


class MessageIn(Schema):
    message: str


class ImpactOut(Schema):
    sessions_held: int
    sessions_upcoming: int
    hours_delivered: float
    attendances: int
    absences: int
    photos: int


def _detail(errors: ValidationError) -> str:
    if hasattr(errors, "error_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in errors.message_dict.items())
    return " ".join(errors.messages)


def _skills(codes: list[str]) -> list[Skill]:
    found = list(Skill.objects.filter(code__in=codes))
    missing = set(codes) - {s.code for s in found}
    if missing:
        raise ValidationError({"skills": [f"Unknown skill: {', '.join(sorted(missing))}"]})
    return found


def _slots(slots: list[SlotIn]) -> list[services.Slot]:
    for slot in slots:
        if not 0 <= slot.weekday <= 6 or slot.end_time <= slot.start_time:
            raise ValidationError({"schedule": ["Each slot needs a weekday 0-6 and an end after its start."]})
    return [services.Slot(s.weekday, s.start_time, s.end_time, s.frequency) for s in slots]


FIELDS = services.PROJECT_FIELDS


@router.get("", response=list[PortalProjectOut], summary="Projects in the portal")
@paginate(Pages)
def list_projects(request: HttpRequest, status: ProjectStatus | None = None):
    projects = visible(request.auth, Project).select_related("organisation", "site").prefetch_related("schedule")
    if status:
        projects = projects.filter(status=status)
    return projects.order_by("-created_at", "-id")


@router.post("", response={201: PortalProjectOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}, summary="Propose")
def create_project(request: HttpRequest, payload: ProjectIn):
    user = request.auth
    if effective_role(user) == Role.PARTNER:
        organisation = user.partner_membership.organisation
    elif payload.organisation_id is None:
        return Status(400, {"detail": "organisation_id: Say which partner organisation the project is for."})
    else:
        organisation = get_visible(user, PartnerOrganisation, pk=payload.organisation_id)
    data = payload.dict()
    try:
        project = services.project_create(
            user=user,
            organisation=organisation,
            fields={name: data[name] for name in FIELDS},
            site=services.SiteDetails(**data["site"]),
            slots=_slots(payload.schedule),
            skills=_skills(payload.skills),
        )
    except ValidationError as error:
        return Status(400, {"detail": _detail(error)})
    return Status(201, project)


@router.get("/{int:project_id}", response={200: PortalProjectOut, 404: ErrorOut}, summary="One project")
def get_project(request: HttpRequest, project_id: int):
    return get_visible(request.auth, Project, pk=project_id)


@router.patch(
    "/{int:project_id}", response={200: PortalProjectOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}, summary="Edit"
)
def update_project(request: HttpRequest, project_id: int, payload: ProjectPatch):
    project = get_visible(request.auth, Project, pk=project_id)
    data = payload.dict(exclude_unset=True)
    try:
        project, _ = services.project_update(
            project=project,
            user=request.auth,
            fields={name: data[name] for name in FIELDS if name in data},
            site=services.SiteDetails(**data["site"]) if data.get("site") else None,
            slots=_slots(payload.schedule) if payload.schedule is not None else None,
            skills=_skills(payload.skills) if payload.skills is not None else None,
        )
    except ValidationError as error:
        return Status(400, {"detail": _detail(error)})
    return Status(200, project)


@router.post(
    "/{int:project_id}/risk-assessment",
    response={200: PortalProjectOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Upload the risk assessment (PDF, DOCX or ODT)",
)
def upload_risk_assessment(request: HttpRequest, project_id: int, file: UploadedFile = File(...)):  # noqa: B008
    project = get_visible(request.auth, Project, pk=project_id)
    try:
        project, _ = services.project_update(project=project, user=request.auth, fields={}, risk_assessment=file)
    except ValidationError as error:
        return Status(400, {"detail": _detail(error)})
    return Status(200, project)


@router.post(
    "/{int:project_id}/transitions",
    response={200: PortalProjectOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Submit, review, approve, reject, pause...",
)
def transition(request: HttpRequest, project_id: int, payload: TransitionIn):
    """Allowed actions for the caller are listed in each project's `actions`."""
    project = get_visible(request.auth, Project, pk=project_id)
    try:
        project = services.project_transition(
            project=project, user=request.auth, action=payload.action, message=payload.message
        )
    except workflow.TransitionNotAllowed as error:
        return Status(409, {"detail": str(error)})
    except ValidationError as error:
        return Status(400, {"detail": _detail(error)})
    return Status(200, project)


@router.get("/{int:project_id}/events", response={200: list[EventOut], 404: ErrorOut}, summary="Audit trail")
def events(request: HttpRequest, project_id: int):
    project = get_visible(request.auth, Project, pk=project_id)
    return Status(200, list(project.events.select_related("actor")))


@router.post("/{int:project_id}/messages", response={201: EventOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut})
def message(request: HttpRequest, project_id: int, payload: MessageIn):
    project = get_visible(request.auth, Project, pk=project_id)
    try:
        event = services.project_message(project=project, user=request.auth, message=payload.message)
    except ValidationError as error:
        return Status(400, {"detail": _detail(error)})
    return Status(201, event)


@router.get("/{int:project_id}/impact", response={200: ImpactOut, 404: ErrorOut}, summary="Counts only")
def impact(request: HttpRequest, project_id: int):
    project = get_visible(request.auth, Project, pk=project_id)
    return Status(200, selectors.impact(project=project, sessions=visible(request.auth, Session)))
