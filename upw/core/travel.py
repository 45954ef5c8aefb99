"""Travel time claimed from the register: time in the van from a pick-up point and back.

Attendance credits time on site only. When a supervisor records a pick-up or a return, the van time
becomes a claim waiting for a coordinator (upw.travel), and only for people assessed as allowed
travel time, on group or individual placements (domain.md).
"""

import datetime as dt

from django.utils import timezone

from upw.core import hours
from upw.models import AttendanceRecord, ProjectType, Requirement, TravelClaim, TravelClaimStatus

TRAVEL_PROJECT_TYPES = (ProjectType.GROUP, ProjectType.INDIVIDUAL)


def claimable_minutes(attendance: AttendanceRecord) -> int:
    session = attendance.allocation.session
    tz = timezone.get_default_timezone()
    return hours.travel_minutes(
        picked_up=attendance.picked_up_at,
        returned=attendance.returned_at,
        arrived=attendance.arrived_at,
        left=attendance.left_at,
        session_start=dt.datetime.combine(session.date, session.start_time, tzinfo=tz),
        session_end=dt.datetime.combine(session.date, session.end_time, tzinfo=tz),
    )


def may_claim(requirement: Requirement, attendance: AttendanceRecord) -> bool:
    return (
        requirement.person.travel_time_allowed
        and attendance.allocation.session.project.project_type in TRAVEL_PROJECT_TYPES
    )


UNREAD = object()


def record_claim(*, attendance: AttendanceRecord, requirement: Requirement, claim=UNREAD) -> TravelClaim | None:
    """Creates or updates the pending claim for the van time the register now shows. A claim already
    decided is left as it is; nothing is claimed for someone not allowed travel time.

    A caller that has read the attendance's claim already (or knows there is none) passes it as `claim`."""
    minutes = claimable_minutes(attendance)
    if claim is UNREAD:
        claim = TravelClaim.objects.filter(attendance=attendance).first()
    if claim is not None and claim.status != TravelClaimStatus.PENDING:
        return claim
    if minutes <= 0 or not may_claim(requirement, attendance):
        if claim is not None:
            claim.delete()
        return None
    if claim is None:
        return TravelClaim.objects.create(attendance=attendance, requirement=requirement, minutes_claimed=minutes)
    if claim.minutes_claimed != minutes:
        claim.minutes_claimed = minutes
        claim.save(update_fields=["minutes_claimed"])
    return claim
