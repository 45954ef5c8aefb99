"""Matching runs: start a run, follow it, read and adjust its proposals, approve it.

Coordinators (their regions) and administrators only; other roles get 403, a run outside the
caller's regions 404. Approval is idempotent: approving an approved run answers 200 with
`already_approved` true and books nothing.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator

from scheduler.matching import services
from scheduler.models import MatchingRun, ProposedAllocation
from scheduler.periods import next_fortnight
from scheduler.run_limits import RunAlreadyActive, time_limit_error
from upw.core.access import get_visible, visible
from upw.models import Requirement
from upw.web.api import ErrorOut, Pages, RegionRefused, planning_region

router = Router(tags=["matching"])


class MatchingRunConflictOut(Schema):
    detail: str
    run: int = Field(description="The run still queued or running.")
    link: str = Field(description="Its page.")


class RunIn(Schema):
    region: str = Field(description="Region code, e.g. north-east.")
    start_date: dt.date | None = Field(None, description="Default: tomorrow.")
    end_date: dt.date | None = Field(None, description="Default: 13 days after tomorrow (a fortnight).")
    weights: dict[str, float] = Field(
        default_factory=dict, description="Objective weights to change, by name (docs/matching.md lists them)."
    )
    time_limit_s: float | None = Field(None, ge=5, description="Seconds; at most UPW_MAX_RUN_SECONDS (300 by default).")

    @field_validator("time_limit_s")
    @classmethod
    def _within_the_cap(cls, seconds):
        problem = time_limit_error(seconds)
        if problem:
            raise ValueError(problem)
        return seconds


class RunOut(Schema):
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
    approved_at: dt.datetime | None
    previous_run_id: int | None

    @staticmethod
    def resolve_region(obj: MatchingRun) -> str:
        return obj.region.code


class ProposalOut(Schema):
    id: int
    requirement_id: int
    crn: str
    session_id: int
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    project: str
    minutes: int
    distance_km: float | None
    explanation: str
    source: str

    @staticmethod
    def resolve_crn(obj: ProposedAllocation) -> str:
        return obj.requirement.person.crn

    @staticmethod
    def resolve_date(obj: ProposedAllocation) -> dt.date:
        return obj.session.date

    @staticmethod
    def resolve_start_time(obj: ProposedAllocation) -> dt.time:
        return obj.session.start_time

    @staticmethod
    def resolve_end_time(obj: ProposedAllocation) -> dt.time:
        return obj.session.end_time

    @staticmethod
    def resolve_project(obj: ProposedAllocation) -> str:
        return obj.session.project.name


class AdjustmentIn(Schema):
    action: str = Field(description="add, move or remove")
    requirement_id: int | None = Field(None, description="add: the requirement to place")
    proposal_id: int | None = Field(None, description="move and remove: the proposal")
    session_id: int | None = Field(None, description="add and move: the session")


class AdjustmentOut(Schema):
    detail: str
    proposal: ProposalOut | None = None


class RefusedOut(Schema):
    detail: str
    reasons: list[str]


class ApprovalOut(Schema):
    run: RunOut
    created: int
    already_booked: int
    already_approved: bool


def _run(request: HttpRequest, run_id: int) -> MatchingRun:
    # Roles that may not plan are refused (403) before the lookup; other regions' runs are 404.
    return get_visible(request.user, MatchingRun, pk=run_id)


@router.post(
    "/runs",
    response={201: RunOut, 400: ErrorOut, 403: ErrorOut, 409: MatchingRunConflictOut},
    summary="Start a matching run",
    description="409 while a run of this kind for the region is queued or running: the answer links to it.",
)
def create_run(request: HttpRequest, payload: RunIn):
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
            weights=payload.weights,
            time_limit_s=payload.time_limit_s,
        )
    except RunAlreadyActive as refused:
        link = request.build_absolute_uri(reverse("matching-run", args=[refused.run.pk]))
        return Status(409, {"detail": refused.messages[0], "run": refused.run.pk, "link": link})
    except ValidationError as error:
        return Status(400, {"detail": " ".join(error.messages)})
    run.refresh_from_db()
    return Status(201, run)


@router.get("/runs", response=list[RunOut], summary="Matching runs")
@paginate(Pages)
def list_runs(request: HttpRequest):
    return visible(request.user, MatchingRun).select_related("region")


@router.get("/runs/{run_id}", response={200: RunOut, 404: ErrorOut}, summary="A run: status, progress and figures")
def get_run(request: HttpRequest, run_id: int):
    return _run(request, run_id)


@router.get("/runs/{run_id}/proposals", response=list[ProposalOut], summary="A run's proposed places")
@paginate(Pages)
def list_proposals(request: HttpRequest, run_id: int, crn: str = "", session_id: int | None = None):
    run = _run(request, run_id)
    rows = ProposedAllocation.objects.filter(run=run).select_related("requirement__person", "session__project")
    if crn:
        rows = rows.filter(requirement__person__crn__iexact=crn.strip())
    if session_id:
        rows = rows.filter(session_id=session_id)
    return rows.order_by("session__date", "session__start_time", "id")


@router.post(
    "/runs/{run_id}/adjustments",
    response={200: AdjustmentOut, 400: ErrorOut, 404: ErrorOut, 409: RefusedOut},
    summary="Add, move or remove a place by hand (checked against the hard rules)",
)
def adjust(request: HttpRequest, run_id: int, payload: AdjustmentIn):
    run = _run(request, run_id)
    try:
        if payload.action == "add":
            if payload.requirement_id is None or payload.session_id is None:
                return Status(400, {"detail": "add needs requirement_id and session_id."})
            get_visible(request.user, Requirement, pk=payload.requirement_id)
            proposal = services.proposal_add(
                run=run, user=request.user, requirement_id=payload.requirement_id, session_id=payload.session_id
            )
        elif payload.action == "move":
            if payload.proposal_id is None or payload.session_id is None:
                return Status(400, {"detail": "move needs proposal_id and session_id."})
            proposal = services.proposal_move(
                run=run, user=request.user, proposal_id=payload.proposal_id, session_id=payload.session_id
            )
        elif payload.action == "remove":
            if payload.proposal_id is None:
                return Status(400, {"detail": "remove needs proposal_id."})
            services.proposal_remove(run=run, user=request.user, proposal_id=payload.proposal_id)
            return Status(200, {"detail": "Removed.", "proposal": None})
        else:
            return Status(400, {"detail": "action must be add, move or remove."})
    except services.AdjustmentRefused as refused:
        return Status(409, {"detail": "Refused: " + " ".join(refused.reasons), "reasons": refused.reasons})
    proposal = ProposedAllocation.objects.select_related("requirement__person", "session__project").get(pk=proposal.pk)
    return Status(200, {"detail": "Done.", "proposal": proposal})


@router.post(
    "/runs/{run_id}/approve",
    response={200: ApprovalOut, 404: ErrorOut, 409: RefusedOut},
    summary="Approve a run: book its places (idempotent)",
)
def approve(request: HttpRequest, run_id: int):
    run = _run(request, run_id)
    try:
        result = services.run_approve(run_id=run.pk, user=request.user)
    except services.ApprovalRefused as refused:
        return Status(409, {"detail": str(refused), "reasons": refused.reasons})
    return Status(
        200,
        {
            "run": result.run,
            "created": result.created,
            "already_booked": result.already_booked,
            "already_approved": result.already_approved,
        },
    )
