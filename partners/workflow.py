"""The project review workflow as an explicit transition table. Pure: no database, no Django models.

A project moves between nine states. Each action names the states it may start from, the state it
leads to and the roles that may take it. Anything not in the table is forbidden, so a new action
has to be written down here before any view or endpoint can offer it.

    draft --submit--> submitted --start_review--> in_review --approve--> approved --activate--> active
                      submitted/in_review --request_changes--> changes_requested --submit--> submitted
                      submitted/in_review --reject--> rejected
                      active --pause--> paused --resume--> active
                      active/paused/approved --complete--> completed
"""

from dataclasses import dataclass
from enum import StrEnum

PARTNER = "partner"
COORDINATOR = "coordinator"
ADMIN = "admin"
STAFF = frozenset({COORDINATOR, ADMIN})


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    ACTIVE = "active"
    PAUSED = "paused"
    COMPLETED = "completed"


class Action(StrEnum):
    SUBMIT = "submit"
    START_REVIEW = "start_review"
    REQUEST_CHANGES = "request_changes"
    APPROVE = "approve"
    REJECT = "reject"
    ACTIVATE = "activate"
    PAUSE = "pause"
    RESUME = "resume"
    COMPLETE = "complete"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[Status]
    target: Status
    roles: frozenset[str]
    label: str
    # Whether the actor must explain the decision (the partner reads it).
    needs_message: bool = False


TRANSITIONS: dict[Action, Transition] = {
    t.action: t
    for t in (
        Transition(
            Action.SUBMIT,
            frozenset({Status.DRAFT, Status.CHANGES_REQUESTED}),
            Status.SUBMITTED,
            frozenset({PARTNER}) | STAFF,
            "Submit for review",
        ),
        Transition(Action.START_REVIEW, frozenset({Status.SUBMITTED}), Status.IN_REVIEW, STAFF, "Start review"),
        Transition(
            Action.REQUEST_CHANGES,
            frozenset({Status.SUBMITTED, Status.IN_REVIEW}),
            Status.CHANGES_REQUESTED,
            STAFF,
            "Request changes",
            needs_message=True,
        ),
        Transition(Action.APPROVE, frozenset({Status.IN_REVIEW}), Status.APPROVED, STAFF, "Approve"),
        Transition(
            Action.REJECT,
            frozenset({Status.SUBMITTED, Status.IN_REVIEW}),
            Status.REJECTED,
            STAFF,
            "Reject",
            needs_message=True,
        ),
        Transition(Action.ACTIVATE, frozenset({Status.APPROVED}), Status.ACTIVE, STAFF, "Make active"),
        Transition(Action.PAUSE, frozenset({Status.ACTIVE}), Status.PAUSED, STAFF, "Pause", needs_message=True),
        Transition(Action.RESUME, frozenset({Status.PAUSED}), Status.ACTIVE, STAFF, "Resume"),
        Transition(
            Action.COMPLETE,
            frozenset({Status.APPROVED, Status.ACTIVE, Status.PAUSED}),
            Status.COMPLETED,
            STAFF,
            "Mark as completed",
        ),
    )
}

# While these hold, the partner may still change what they proposed (edits are audited).
PARTNER_EDITABLE = frozenset({Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES_REQUESTED})
# Projects in these states have their sessions made from the schedule.
SCHEDULED = frozenset({Status.APPROVED, Status.ACTIVE})
# The coordinator's review queue shows these by default.
AWAITING_REVIEW = frozenset({Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES_REQUESTED})


# "<project name> ..." after a transition, in messages and emails.
OUTCOME_PHRASES = {
    Status.DRAFT: "is back to a draft",
    Status.SUBMITTED: "has been submitted for review",
    Status.IN_REVIEW: "is being reviewed",
    Status.CHANGES_REQUESTED: "has been sent back to the partner for changes",
    Status.APPROVED: "is approved",
    Status.REJECTED: "was rejected",
    Status.ACTIVE: "is active",
    Status.PAUSED: "is paused",
    Status.COMPLETED: "is completed",
}


def outcome(name: str, status: str) -> str:
    return f"{name} {OUTCOME_PHRASES[Status(status)]}."


class TransitionNotAllowed(Exception):
    """The action does not apply to this state, or not for this role."""


NOT_FROM_STATE = "You cannot {action} a project that is {status}."
NOT_FOR_ROLE = "Your role cannot {action} a project."
UNKNOWN_ACTION = "Unknown action: {action}."
MESSAGE_NEEDED = "Explain your decision to the partner."


def transition_for(action: str) -> Transition:
    try:
        return TRANSITIONS[Action(action)]
    except ValueError as unknown:
        raise TransitionNotAllowed(UNKNOWN_ACTION.format(action=action)) from unknown


def check(*, status: str, action: str, role: str | None, message: str = "") -> Status:
    """The state `action` leads to from `status` for `role`, or TransitionNotAllowed saying why."""
    transition = transition_for(action)
    words = transition.label.lower()
    if role not in transition.roles:
        raise TransitionNotAllowed(NOT_FOR_ROLE.format(action=words))
    if Status(status) not in transition.sources:
        raise TransitionNotAllowed(NOT_FROM_STATE.format(action=words, status=Status(status).value.replace("_", " ")))
    if transition.needs_message and not message.strip():
        raise TransitionNotAllowed(MESSAGE_NEEDED)
    return transition.target


def available(*, status: str, role: str | None) -> list[Transition]:
    """The actions `role` may take from `status`, in table order (for buttons)."""
    return [t for t in TRANSITIONS.values() if role in t.roles and Status(status) in t.sources]


def partner_may_edit(status: str) -> bool:
    return Status(status) in PARTNER_EDITABLE
