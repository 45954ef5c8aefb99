"""Booking a person on a session straight from a ranked list of candidates.

The place goes through the one hard-rule check of every placement (`upw.core.placement`: the
matching checker's `check_placement`), under a lock on the session, so a person the list shows as
refused cannot be booked by a forged or stale request either. Booking is idempotent: the same
person on the same session again, or a retry under the same idempotency key, returns the place
already made. The place is saved with its history (the person's and the session's), and the person
is told by email when they have an address and have not opted out of messages, as for a cancelled
session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from scheduler.models import DirectBooking
from upw.core import placement, selectors
from upw.core.email import send_email
from upw.models import Allocation, AllocationStatus, Requirement, RequirementStatus, Session, SessionStatus, User

NOT_PLACEABLE = "This person is not ready to be placed: no active requirement, not assessed, or induction not done."
SESSION_NOT_BOOKABLE = "This session has already happened or was stood down."
SESSION_FULL = "This session is full."
BREAKS_RULES = "{crn} cannot be booked on this session: {reasons}"
KEY_USED = "This idempotency key was used for another booking."
BAD_KEY = "An idempotency key has 8 to 80 characters."
SOURCE = "booked directly"


class BookingRefused(ValueError):
    def __init__(self, message: str, reasons: list[str] | None = None):
        super().__init__(message)
        # The hard rules' own sentences, when the refusal comes from them.
        self.reasons = list(reasons or [])


@dataclass(frozen=True)
class Booked:
    allocation: Allocation
    created: bool  # False: the place already existed (a retry or a second click)


def candidate_book(
    *, requirement: Requirement | None, session: Session, by: User, today: dt.date, key: str = ""
) -> Booked:
    """Books the requirement's person on the session if every hard rule allows it."""
    if key and not 8 <= len(key) <= 80:
        raise BookingRefused(BAD_KEY)
    if key:
        earlier = DirectBooking.objects.filter(key=key).select_related("allocation").first()
        if earlier is not None:
            return _replay(earlier, requirement=requirement, session=session, by=by)
    if requirement is None:
        raise BookingRefused(NOT_PLACEABLE)
    try:
        with transaction.atomic():
            booked = _book(requirement=requirement, session=session, by=by, today=today)
            if key:
                DirectBooking.objects.create(key=key, allocation=booked.allocation, created_by=by)
    except IntegrityError:
        # Two requests at once: the other one made the place (or used the key) first.
        if key and (earlier := DirectBooking.objects.filter(key=key).select_related("allocation").first()):
            return _replay(earlier, requirement=requirement, session=session, by=by)
        existing = _live_place(requirement, session)
        if existing is None:
            raise
        return Booked(existing, created=False)
    if booked.created:
        _tell(booked.allocation)
    return booked


def _replay(earlier: DirectBooking, *, requirement, session, by) -> Booked:
    a = earlier.allocation
    if (
        earlier.created_by_id != by.pk
        or a.session_id != session.pk
        or (requirement and a.requirement_id != requirement.pk)
    ):
        raise BookingRefused(KEY_USED)
    return Booked(a, created=False)


def _live_place(requirement: Requirement, session: Session) -> Allocation | None:
    return Allocation.objects.filter(
        requirement=requirement, session=session, status=AllocationStatus.ALLOCATED
    ).first()


def _book(*, requirement: Requirement, session: Session, by: User, today: dt.date) -> Booked:
    session = Session.objects.select_for_update().select_related("project__site").get(pk=session.pk)
    existing = _live_place(requirement, session)
    if existing is not None:
        return Booked(existing, created=False)
    if session.status != SessionStatus.SCHEDULED or session.date <= today:
        raise BookingRefused(SESSION_NOT_BOOKABLE)
    if selectors.places_taken(session) >= session.capacity:
        raise BookingRefused(SESSION_FULL)
    reasons = placement.placement_refusals(requirement_id=requirement.pk, session_id=session.pk)
    if reasons:
        raise BookingRefused(BREAKS_RULES.format(crn=requirement.person.crn, reasons=" ".join(reasons)), reasons)
    allocation = Allocation(requirement=requirement, session=session, source=SOURCE, created_by=by)
    allocation._history_user = by
    allocation._change_reason = f"Booked directly by {by.get_full_name() or by.username}"[:100]
    allocation.save()
    if requirement.status == RequirementStatus.UNALLOCATED:
        requirement.status = RequirementStatus.IN_PROGRESS
        requirement._history_user = by
        requirement._change_reason = "First session booked directly"
        requirement.save(update_fields=["status"])
    return Booked(allocation, created=True)


def _tell(allocation: Allocation) -> bool:
    person = allocation.requirement.person
    if not person.email or person.reminders_opt_out:
        return False
    session = allocation.session
    project = session.project
    send_email(
        to=[person.email],
        subject=f"Community Payback: you are booked on {session.date:%A %d %B}",
        body=(
            f"Hello {person.first_name},\n\n"
            f"You are booked on a Community Payback session on {session.date:%A %d %B} from "
            f"{session.start_time:%H:%M} to {session.end_time:%H:%M} at {project.site.name}, "
            f"{project.site.postcode}. Contact your probation office if you cannot go.\n"
        ),
    )
    return True
