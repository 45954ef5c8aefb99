"""Supervisor rotas: start a rota run, follow it, read and change its assignments, publish
it; and a supervisor's own rota.

Runs: coordinators (their regions) and administrators only; other roles get 403, a run outside the
caller's regions 404. Publishing is idempotent: publishing a run already published with no change
since answers 200 with `already_published` true and changes nothing. `/mine`: supervisors only.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator

from scheduler.models import RotaAssignment, RotaRun
from scheduler.periods import next_fortnight
from scheduler.rota import selectors as rota_selectors
from scheduler.rota import services
from scheduler.run_limits import RunAlreadyActive, time_limit_error
from upw.core.access import effective_role, get_visible, visible
from upw.models import Role, SessionSupervisor, Supervisor
from upw.web.api import ErrorOut, Pages, RegionRefused, planning_region

router = Router(tags=["rota"])


class RotaRunConflictOut(Schema):
    detail: str
    run: int = Field(description="The run still queued or running.")
    link: str = Field(description="Its page.")


class RotaRunIn(Schema):
    region: str = Field(description="Region code, e.g. north-east.")
    start_date: dt.date | None = Field(None, description="Default: tomorrow.")
    end_date: dt.date | None = Field(None, description="Default: 13 days after tomorrow (a fortnight).")
    time_limit_s: int | None = Field(None, ge=2, description="Seconds; at most UPW_MAX_RUN_SECONDS (300 by default).")
    then_match: bool = Field(
        False, description="Plan the fortnight: run matching afterwards without unstaffable sessions."
    )

    @field_validator("time_limit_s")
    @classmethod
    def _within_the_cap(cls, seconds):
        problem = time_limit_error(seconds)
        if problem:
            raise ValueError(problem)
        return seconds


class RotaRunOut(Schema):
    id: int
    region: str
    start_date: dt.date
    end_date: dt.date
    status: str
    progress: int
    progress_message: str
    figures: dict
    parameters: dict
    error: str
    created_at: dt.datetime
    published_version: int | None
    published_at: dt.datetime | None
    changed_since_publish: bool

    @staticmethod
    def resolve_region(obj: RotaRun) -> str:
        return obj.region.code


class RotaAssignmentOut(Schema):
    id: int
    session_id: int
    supervisor_id: int
    supervisor: str
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    project: str
    site: str
    role: str
    source: str

    @staticmethod
    def resolve_supervisor(obj: RotaAssignment) -> str:
        return str(obj.supervisor)

    @staticmethod
    def resolve_date(obj: RotaAssignment) -> dt.date:
        return obj.session.date

    @staticmethod
    def resolve_start_time(obj: RotaAssignment) -> dt.time:
        return obj.session.start_time

    @staticmethod
    def resolve_end_time(obj: RotaAssignment) -> dt.time:
        return obj.session.end_time

    @staticmethod
    def resolve_project(obj: RotaAssignment) -> str:
        return obj.session.project.name

    @staticmethod
    def resolve_site(obj: RotaAssignment) -> str:
        return f"{obj.session.project.site.name}, {obj.session.project.site.postcode}"


class ShortfallOut(Schema):
    session_id: int
    qualification: str
    required: int
    assigned: int
    reasons: list[str]
    suggestions: list[str]


class EditIn(Schema):
    action: str = Field(description="add or remove")
    session_id: int | None = Field(None, description="add: the session")
    supervisor_id: int | None = Field(None, description="add: the supervisor")
    assignment_id: int | None = Field(None, description="remove: the assignment")


class RefusedOut(Schema):
    detail: str
    reasons: list[str]


class PublishOut(Schema):
    run: RotaRunOut
    version: int | None
    added: int
    removed: int
    kept: int
    notified: int
    already_published: bool


class MySessionOut(Schema):
    session_id: int
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    project: str
    site: str
    postcode: str
    role: str

    @staticmethod
    def resolve_date(obj: SessionSupervisor) -> dt.date:
        return obj.session.date

    @staticmethod
    def resolve_start_time(obj: SessionSupervisor) -> dt.time:
        return obj.session.start_time

    @staticmethod
    def resolve_end_time(obj: SessionSupervisor) -> dt.time:
        return obj.session.end_time

    @staticmethod
    def resolve_project(obj: SessionSupervisor) -> str:
        return obj.session.project.name

    @staticmethod
    def resolve_site(obj: SessionSupervisor) -> str:
        return obj.session.project.site.name

    @staticmethod
    def resolve_postcode(obj: SessionSupervisor) -> str:
        return obj.session.project.site.postcode


def _run(request: HttpRequest, run_id: int) -> RotaRun:
    return get_visible(request.user, RotaRun, pk=run_id)


@router.post(
    "/runs",
    response={201: RotaRunOut, 400: ErrorOut, 403: ErrorOut, 409: RotaRunConflictOut},
    summary="Start a rota run",
    description="409 while a run of this kind for the region is queued or running: the answer links to it.",
)
def create_run(request: HttpRequest, payload: RotaRunIn):
    try:
        region = planning_region(request.user, payload.region, not_yours=services.REGION_NOT_YOURS)
    except RegionRefused as refused:
        return Status(refused.status, {"detail": refused.detail})
    start, end = next_fortnight()
    try:
        run = services.run_create(
            user=request.user,
            region=region,
            start_date=payload.start_date or start,
            end_date=payload.end_date or end,
            time_limit_s=payload.time_limit_s,
            then_match=payload.then_match,
        )
    except RunAlreadyActive as refused:
        link = request.build_absolute_uri(reverse("rota-run", args=[refused.run.pk]))
        return Status(409, {"detail": refused.messages[0], "run": refused.run.pk, "link": link})
    except ValidationError as error:
        return Status(400, {"detail": " ".join(error.messages)})
    run.refresh_from_db()
    return Status(201, run)


@router.get("/runs", response=list[RotaRunOut], summary="Rota runs")
@paginate(Pages)
def list_runs(request: HttpRequest):
    return visible(request.user, RotaRun).select_related("region")


@router.get("/runs/{run_id}", response={200: RotaRunOut, 404: ErrorOut}, summary="A rota run: status and figures")
def get_run(request: HttpRequest, run_id: int):
    return _run(request, run_id)


@router.get("/runs/{run_id}/assignments", response=list[RotaAssignmentOut], summary="A rota run's assignments")
@paginate(Pages)
def list_assignments(request: HttpRequest, run_id: int, supervisor_id: int | None = None):
    run = _run(request, run_id)
    rows = run.assignments.select_related("session__project__site", "supervisor__user")
    if supervisor_id:
        rows = rows.filter(supervisor_id=supervisor_id)
    return rows.order_by("session__date", "session__start_time", "id")


@router.get("/runs/{run_id}/shortfalls", response=list[ShortfallOut], summary="Sessions the rota cannot staff")
@paginate(Pages)
def list_shortfalls(request: HttpRequest, run_id: int):
    return _run(request, run_id).shortfalls.all()


@router.post(
    "/runs/{run_id}/edits",
    response={200: ErrorOut, 400: ErrorOut, 404: ErrorOut, 409: RefusedOut},
    summary="Add or remove a supervisor by hand (checked against the hard rules)",
)
def edit(request: HttpRequest, run_id: int, payload: EditIn):
    run = _run(request, run_id)
    try:
        if payload.action == "add":
            if payload.session_id is None or payload.supervisor_id is None:
                return Status(400, {"detail": "add needs session_id and supervisor_id."})
            services.assignment_add(
                run=run, user=request.user, session_id=payload.session_id, supervisor_id=payload.supervisor_id
            )
        elif payload.action == "remove":
            if payload.assignment_id is None:
                return Status(400, {"detail": "remove needs assignment_id."})
            services.assignment_remove(run=run, user=request.user, assignment_id=payload.assignment_id)
        else:
            return Status(400, {"detail": "action must be add or remove."})
    except services.EditRefused as refused:
        return Status(409, {"detail": "Refused: " + " ".join(refused.reasons), "reasons": refused.reasons})
    return Status(200, {"detail": "Done."})


@router.post(
    "/runs/{run_id}/publish",
    response={200: PublishOut, 404: ErrorOut, 409: RefusedOut},
    summary="Publish the rota (idempotent)",
)
def publish(request: HttpRequest, run_id: int):
    run = _run(request, run_id)
    try:
        result = services.run_publish(run_id=run.pk, user=request.user)
    except services.PublishRefused as refused:
        return Status(409, {"detail": str(refused), "reasons": refused.reasons})
    return Status(
        200,
        {
            "run": result.run,
            "version": result.publication.version if result.publication else None,
            "added": result.added,
            "removed": result.removed,
            "kept": result.kept,
            "notified": result.notified,
            "already_published": result.already_published,
        },
    )


@router.get("/mine", response={200: list[MySessionOut], 403: ErrorOut}, summary="My rota (supervisors)")
def my_rota(request: HttpRequest, days: int = 28):
    if effective_role(request.user) != Role.SUPERVISOR:
        raise PermissionDenied("Only supervisors have a rota of their own.")
    supervisor = Supervisor.objects.filter(user=request.user).first()
    if supervisor is None:
        return []
    days = max(1, min(days, 90))
    return [
        row for _, rows in rota_selectors.my_rota(supervisor, start=timezone.localdate(), days=days) for row in rows
    ]
