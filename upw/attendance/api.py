"""Attendance: the sessions a user records, their registers, and the sync endpoint phones post
their queued actions to. The mobile pages use these endpoints like any other client."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from upw.attendance import selectors
from upw.attendance import services as service
from upw.core import ledger
from upw.core.access import get_visible, recordable_allocations, recordable_sessions, visible
from upw.core.hours import late_minutes
from upw.models import HoursLedgerEntry, Requirement
from upw.web.api import ErrorOut

router = Router(tags=["attendance"])
MAX_ACTIONS = 200


class RegisterSessionOut(Schema):
    id: int
    project: str
    site: str
    postcode: str
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    expected: int
    pick_up_point: str


class PersonOut(Schema):
    allocation: int
    crn: str
    name: str
    arrived_at: dt.datetime | None
    left_at: dt.datetime | None
    late_minutes: int
    outcome: str
    sent_home_reason: str
    notes: str
    credited_minutes: int


class RegisterOut(Schema):
    session: RegisterSessionOut
    outcomes: list[str]
    people: list[PersonOut]


class PartnerPersonOut(Schema):
    """A person on a partner user's register: a name to call out, never a CRN or staff's notes."""

    allocation: int
    name: str = Field(..., description="First name and the initial of the last name")
    arrived_at: dt.datetime | None
    left_at: dt.datetime | None
    late_minutes: int
    outcome: str
    credited_minutes: int


class PartnerRegisterOut(Schema):
    session: RegisterSessionOut
    outcomes: list[str]
    people: list[PartnerPersonOut]


class ActionIn(Schema):
    key: str = Field(..., description="A UUID made by the client; the same key is applied only once.")
    allocation: int
    kind: str = Field(..., description="check_in, check_out or outcome")
    payload: dict[str, Any] = Field(
        default_factory=dict,
        description="check_in/check_out: at (ISO time, default client_at), from_pick_up; outcome: outcome, "
        "sent_home_reason, notes, penalty_minutes, work_quality, behaviour",
    )
    client_at: dt.datetime = Field(..., description="When the action was taken on the device.")


class SyncIn(Schema):
    actions: list[ActionIn]


class ActionResultOut(Schema):
    key: str
    allocation: int
    status: str = Field(..., description="applied, superseded or rejected")
    duplicate: bool = Field(..., description="True when this key had already been received")
    error: str
    attendance: dict[str, Any] | None


class SyncOut(Schema):
    results: list[ActionResultOut]


def _session_out(session) -> dict:
    return {
        "id": session.id,
        "project": session.project.name,
        "site": session.project.site.name,
        "postcode": session.project.site.postcode,
        "date": session.date,
        "start_time": session.start_time,
        "end_time": session.end_time,
        "expected": getattr(session, "expected", 0),
        "pick_up_point": session.project.pick_up_point,
    }


@router.get("/sessions", response=list[RegisterSessionOut], summary="Sessions I record attendance for")
def my_sessions(request: HttpRequest, date: dt.date | None = None):
    """Sessions on `date` (default today) that the user records attendance for."""
    sessions = selectors.sessions_on(sessions=recordable_sessions(request.auth), date=date or timezone.localdate())
    return [_session_out(s) for s in sessions]


@router.get(
    "/sessions/{int:session_id}",
    response={200: RegisterOut | PartnerRegisterOut, 404: ErrorOut},
    summary="A session's register",
    description="Probation staff get RegisterOut. Partner users get PartnerRegisterOut, for sessions from "
    "UPW_PARTNER_REGISTER_DAYS_BACK days ago to UPW_PARTNER_REGISTER_DAYS_AHEAD days ahead only.",
)
def register(request: HttpRequest, session_id: int):
    user = request.auth
    session = recordable_sessions(user).filter(pk=session_id).select_related("project__site").first()
    if session is None:
        raise Http404("No session found.")
    start = dt.datetime.combine(session.date, session.start_time, tzinfo=timezone.get_default_timezone())
    people = []
    for allocation in selectors.session_register(allocations=recordable_allocations(user), session=session):
        snap = service.attendance_snapshot(allocation.record)
        people.append(
            {
                "allocation": allocation.id,
                "crn": allocation.requirement.person.crn,
                "name": selectors.display_name(user, allocation.requirement.person),
                "arrived_at": allocation.record.arrived_at if allocation.record else None,
                "left_at": allocation.record.left_at if allocation.record else None,
                "late_minutes": late_minutes(
                    arrived=allocation.record.arrived_at if allocation.record else None, session_start=start
                ),
                "outcome": snap["outcome"],
                "sent_home_reason": snap.get("sent_home_reason", ""),
                "notes": snap.get("notes", ""),
                "credited_minutes": snap["credited_minutes"],
            }
        )
    session.expected = len(people)
    body = {"session": _session_out(session), "outcomes": list(service.outcomes_for(user)), "people": people}
    # Built as the role's own schema, so a partner's answer cannot carry a field of the staff one.
    return RegisterOut(**body) if selectors.sees_case_details(user) else PartnerRegisterOut(**body)


@router.post("/actions", response={200: SyncOut, 400: ErrorOut}, summary="Sync queued attendance actions")
def sync_actions(request: HttpRequest, body: SyncIn):
    """Applies each action once, in the order given. A key already received returns its first
    result (`duplicate: true`); an action older than one of the same kind already applied is kept
    but not applied (`superseded`). Errors are per action, so one bad action never blocks the rest."""
    if len(body.actions) > MAX_ACTIONS:
        return Status(400, {"detail": f"At most {MAX_ACTIONS} actions at a time."})
    results = []
    for item in body.actions:
        try:
            outcome = service.attendance_apply_action(
                user=request.auth,
                key=item.key,
                allocation_id=item.allocation,
                kind=item.kind,
                payload=item.payload,
                client_at=item.client_at,
            )
        except (service.ActionRejected, Http404) as error:
            results.append(
                {
                    "key": item.key,
                    "allocation": item.allocation,
                    "status": "rejected",
                    "duplicate": False,
                    "error": str(error),
                    "attendance": None,
                }
            )
            continue
        action = outcome.action
        results.append(
            {
                "key": action.key,
                "allocation": action.allocation_id,
                "status": action.status,
                "duplicate": outcome.duplicate,
                "error": action.result.get("error", ""),
                "attendance": selectors.attendance_for(request.auth, action.result.get("attendance")),
            }
        )
    return Status(200, {"results": results})


# --- The hours ledger (coordinators and administrators) -------------------------------------------


SIGN_CONVENTION = (
    "Minutes are signed as upw signs them: positive credits time (lowers the hours owed), negative takes "
    "it off. This is the opposite of the MoJ Community Payback API, where a positive adjustment raises "
    "the minutes required."
)


class LedgerEntryOut(Schema):
    id: int
    kind: str = Field(..., description="credit, adjustment, travel, earned_reduction or correction")
    minutes: int = Field(..., description=SIGN_CONVENTION)
    reason: str
    reason_code: str = Field("", description="For adjustments: one of the reasons the service allows")
    effective_on: dt.date | None = None
    author: str | None
    attendance: int | None = Field(None, alias="attendance_id")
    reverses: int | None = Field(None, alias="reverses_id")
    created_at: dt.datetime

    @staticmethod
    def resolve_author(obj) -> str | None:
        return obj.author.username if obj.author else None


class LedgerOut(Schema):
    requirement: int
    hours_ordered: int
    minutes_credited: int
    entries: list[LedgerEntryOut]


class LedgerAdjustmentIn(Schema):
    minutes: int = Field(
        ..., description=f"Not zero, at most what is owed, never below nothing counted. {SIGN_CONVENTION}"
    )
    reason: str = Field(..., description="The details of the adjustment")
    reason_code: str = Field(
        "other", description="court_variation, hours_worked_elsewhere, correction or other (each has a maximum)"
    )
    effective_on: dt.date | None = Field(
        None, description="The day it applies from: not in the future, not before sentence"
    )
    idempotency_key: str | None = Field(None, max_length=80)


class ReverseIn(Schema):
    reason: str


def _ledger(requirement) -> dict:
    entries = requirement.ledger_entries.select_related("author").order_by("id")
    return {
        "requirement": requirement.id,
        "hours_ordered": requirement.hours_ordered,
        "minutes_credited": requirement.minutes_credited,
        "entries": list(entries),
    }


@router.get(
    "/requirements/{int:requirement_id}/ledger",
    response={200: LedgerOut, 403: ErrorOut, 404: ErrorOut},
    summary="A requirement's hours ledger",
)
def requirement_ledger(request: HttpRequest, requirement_id: int):
    return _ledger(get_visible(request.auth, Requirement, pk=requirement_id))


@router.post(
    "/requirements/{int:requirement_id}/adjustments",
    response={200: LedgerEntryOut, 201: LedgerEntryOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Add an adjustment (append-only)",
    description=(
        "201 with the new entry. A request repeating an idempotency key already used for this "
        "requirement changes nothing and answers 200 with the entry the first request made."
    ),
)
def add_adjustment(request: HttpRequest, requirement_id: int, body: LedgerAdjustmentIn):
    requirement = get_visible(request.auth, Requirement, pk=requirement_id)
    try:
        entry, replayed = ledger.ledger_adjust_or_replay(
            requirement_id=requirement.pk,
            minutes=body.minutes,
            reason=body.reason,
            reason_code=body.reason_code,
            effective_on=body.effective_on,
            author=request.auth,
            idempotency_key=body.idempotency_key,
        )
    except ledger.LedgerError as error:
        return Status(400, {"detail": str(error)})
    return Status(200 if replayed else 201, entry)


@router.post(
    "/ledger/{int:entry_id}/reverse",
    response={201: LedgerEntryOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Reverse an entry with a correction",
)
def reverse_entry(request: HttpRequest, entry_id: int, body: ReverseIn):
    entry = HoursLedgerEntry.objects.filter(pk=entry_id, requirement__in=visible(request.auth, Requirement)).first()
    if entry is None:
        raise Http404("No ledger entry found.")
    try:
        correction = ledger.ledger_reverse(entry_id=entry.pk, reason=body.reason, author=request.auth)
    except ledger.LedgerError as error:
        return Status(400, {"detail": str(error)})
    return Status(201, correction)
