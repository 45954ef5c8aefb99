"""Projects. Partners see their own organisation's only; no project answer carries person data."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from partners.models import Project, ProjectStatus, ProjectType
from upw.core.access import get_visible, visible
from upw.web.api import ErrorOut, Pages

router = Router(tags=["projects"])


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str


class SiteOut(Schema):
    id: int
    name: str
    postcode: str
    pdu: str

    @staticmethod
    def resolve_pdu(obj) -> str:
        return obj.pdu.code


class ProjectOut(Schema):
    id: int
    name: str
    organisation: OrganisationOut
    site: SiteOut | None
    region: str
    project_type: str
    work_type: str
    status: str
    capacity: int
    start_date: dt.date | None
    end_date: dt.date | None

    @staticmethod
    def resolve_region(obj: Project) -> str:
        # A draft may have no site, and so no region, yet.
        return obj.site.pdu.region.name if obj.site else ""


class ScheduleSlotOut(Schema):
    weekday: int
    start_time: dt.time
    end_time: dt.time
    frequency: str


class ProjectDetailOut(ProjectOut):
    description: str
    beneficiary: str
    involves_children: bool
    involves_vulnerable_adults: bool
    public_facing: bool
    accessible_site: bool
    heavy_work: bool
    women_only: bool
    hi_vis_required: bool
    tools_provided: bool
    ppe_provided: bool
    toilets: bool
    shelter: bool
    supervision_ratio: int
    unpaid_break_minutes: int
    pick_up_point: str
    pick_up_postcode: str
    skills: list[str]
    schedule: list[ScheduleSlotOut]

    @staticmethod
    def resolve_skills(obj: Project) -> list[str]:
        return [skill.code for skill in obj.skills.all()]

    @staticmethod
    def resolve_schedule(obj: Project):
        return list(obj.schedule.all())


def _projects(user):
    return visible(user, Project).select_related("organisation", "site__pdu__region")


@router.get("", response=list[ProjectOut], summary="Projects")
@paginate(Pages)
def list_projects(
    request: HttpRequest,
    q: str | None = None,
    status: ProjectStatus | None = None,
    project_type: ProjectType | None = None,
):
    """`q` matches any part of the name."""
    projects = _projects(request.auth)
    if q:
        projects = projects.filter(name__icontains=q)
    if status:
        projects = projects.filter(status=status)
    if project_type:
        projects = projects.filter(project_type=project_type)
    return projects


@router.get("/{int:project_id}", response={200: ProjectDetailOut, 404: ErrorOut}, summary="One project")
def get_project(request: HttpRequest, project_id: int):
    project = get_visible(request.auth, Project, id=project_id)
    return _projects(request.auth).prefetch_related("skills", "schedule").get(pk=project.pk)
