"""Reads about an order's life: its events, what may be done to it now, and whether it is past its deadline."""

import datetime as dt

from django.db.models import QuerySet

from upw.models import EnforcementAction, OrderEvent, OrderEventKind, Requirement
from upw.models.requirements import ACTIVE_REQUIREMENT_STATUSES, RequirementStatus

PAST_DEADLINE = "Past deadline: extension or return to court needed"
PAST_TARGET = "Past the target date (there is no statutory deadline)"

# The actions in the order the order's page offers them: (kind, label of the link).
ACTIONS = {
    "extend": "Record a court extension",
    "pause": "Pause the order",
    "resume": "Resume the order",
    "revoke": "Record that the order was revoked",
    "breach": "Record that the order was breached",
    "transfer": "Record a transfer out",
}
ACTION_KINDS = {
    "extend": OrderEventKind.EXTENSION,
    "pause": OrderEventKind.PAUSE,
    "resume": OrderEventKind.RESUME,
    "revoke": OrderEventKind.REVOKE,
    "breach": OrderEventKind.BREACH,
    "transfer": OrderEventKind.TRANSFER,
}


def order_events(requirement: Requirement) -> QuerySet:
    """Everything that happened to the order after sentence, latest first."""
    return (
        OrderEvent.objects.filter(requirement=requirement).select_related("created_by").order_by("-created_at", "-id")
    )


def extensions(requirement: Requirement) -> QuerySet:
    return order_events(requirement).filter(kind=OrderEventKind.EXTENSION)


def current_pause(requirement: Requirement) -> OrderEvent | None:
    if requirement.status != RequirementStatus.PAUSED:
        return None
    return order_events(requirement).filter(kind=OrderEventKind.PAUSE).first()


def is_past_deadline(requirement: Requirement, *, today: dt.date) -> bool:
    """Active, hours still owed and the deadline gone: the court must extend it or deal with it."""
    return (
        requirement.status in ACTIVE_REQUIREMENT_STATUSES
        and requirement.minutes_left > 0
        and requirement.deadline < today
    )


def deadline_warning(requirement: Requirement, *, today: dt.date) -> str:
    """What the pages say of an order past its deadline (empty when it is not)."""
    if not is_past_deadline(requirement, today=today):
        return ""
    return PAST_DEADLINE if requirement.deadline_is_statutory else PAST_TARGET


def allowed_actions(requirement: Requirement) -> list[str]:
    """The actions that may be taken on the order now (keys of ACTIONS)."""
    status = requirement.status
    running = status in ACTIVE_REQUIREMENT_STATUSES or status == RequirementStatus.PAUSED
    allowed = []
    if running and requirement.deadline_is_statutory:
        allowed.append("extend")
    if status in ACTIVE_REQUIREMENT_STATUSES:
        allowed.append("pause")
    if status == RequirementStatus.PAUSED:
        allowed.append("resume")
    if running:
        allowed += ["revoke", "breach", "transfer"]
    return allowed


def enforcement_under(requirement: Requirement) -> QuerySet:
    """The warnings and referrals given under this order (the statute counts them per order), latest first."""
    return (
        EnforcementAction.objects.filter(requirement=requirement)
        .select_related("attendance__allocation__session")
        .order_by("-created_at", "-id")
    )
