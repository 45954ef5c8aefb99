"""Demo data for the attendance pages (registers, absences, pace), run by seed_demo after the region is built.

- Supervisor Sam gets a group session with people on it today (or the next day that has one), so the
  phone pages have a register to run: Sam swaps places with the supervisor of such a session.
- Partner Pat gets an individual placement today with one person on it (partners record those).
- Failures the generator already warned about are marked as decided, so "absences to review" holds
  only the undecided ones.
- Pace flags are worked out, as the nightly task would.
"""

import datetime as dt

from django.db.models import Count, Q

from partners.models import PartnerMembership, Project, ProjectStatus, ProjectType, WorkType
from upw import domain
from upw.core import pace
from upw.models import (
    Allocation,
    AttendanceRecord,
    Requirement,
    RequirementStatus,
    Session,
    SessionStatus,
    SessionSupervisor,
    Supervisor,
    User,
)
from upw.models.attendance import ENFORCEABLE_OUTCOMES, AbsenceDecision

LOOK_AHEAD_DAYS = 7


def _candidate(day: dt.date, region_id: int) -> Session | None:
    """A staffed group session on `day` in Sam's region, with people and nobody barred from a male supervisor."""
    return (
        Session.objects.filter(
            date=day,
            status=SessionStatus.SCHEDULED,
            project__project_type=ProjectType.GROUP,
            project__women_only=False,
            project__site__pdu__region_id=region_id,
        )
        .annotate(
            people=Count("allocations", filter=Q(allocations__status="allocated"), distinct=True),
            barred=Count(
                "allocations",
                filter=Q(allocations__requirement__person__supervisor_gender_restriction="not_male"),
                distinct=True,
            ),
        )
        .filter(people__gte=2, barred=0, supervisor_assignments__isnull=False)
        .order_by("-people", "start_time", "id")
        .first()
    )


def give_sam_a_session(*, today: dt.date) -> Session | None:
    sam = Supervisor.objects.filter(user__username="sam").select_related("base_office__pdu").first()
    if sam is None:
        return None
    region_id = sam.base_office.pdu.region_id
    for offset in range(LOOK_AHEAD_DAYS):
        day = today + dt.timedelta(days=offset)
        mine = SessionSupervisor.objects.filter(supervisor=sam, session__date=day).select_related("session")
        if any(a.session.allocations.filter(status="allocated").count() >= 2 for a in mine):
            return next(a.session for a in mine if a.session.allocations.filter(status="allocated").count() >= 2)
        session = _candidate(day, region_id)
        if session is None:
            continue
        theirs = session.supervisor_assignments.order_by("id").first()
        other = theirs.supervisor
        # Swap: Sam takes this session; its supervisor takes whatever Sam had that day (if anything).
        for assignment in mine:
            if not SessionSupervisor.objects.filter(session=assignment.session, supervisor=other).exists():
                assignment.supervisor = other
                assignment.save(update_fields=["supervisor"])
            else:
                assignment.delete()
        theirs.supervisor = sam
        theirs.save(update_fields=["supervisor"])
        return session
    return None


def mark_warned_failures_decided() -> int:
    records = AttendanceRecord.objects.filter(
        outcome__in=ENFORCEABLE_OUTCOMES, decision="", enforcement_actions__isnull=False
    )
    return AttendanceRecord.objects.filter(pk__in=records.values("pk")).update(
        decision=AbsenceDecision.UNACCEPTABLE, decision_reason="No acceptable reason given (demo)"
    )


def give_pat_a_placement(*, today: dt.date) -> Session | None:
    """An individual placement today at Pat's organisation, with one suitable person on it, so a
    partner can record attendance from the phone pages too."""
    membership = PartnerMembership.objects.filter(user__username="pat").select_related("organisation").first()
    site = membership and membership.organisation.sites.select_related("pdu").order_by("id").first()
    if site is None:
        return None
    project, _ = Project.objects.get_or_create(
        organisation=membership.organisation,
        site=site,
        name=f"{membership.organisation.name} plant nursery (individual placement)"[:150],
        defaults={
            "project_type": ProjectType.INDIVIDUAL,
            "work_type": WorkType.GARDENING,
            "status": ProjectStatus.ACTIVE,
            "description": "Potting on and watering in the nursery, supervised by the charity's staff.",
            "beneficiary": "Community gardens supplied by the nursery",
            "capacity": 1,
            "supervision_ratio": 1,
            "accessible_site": True,
            "start_date": today - dt.timedelta(days=60),
        },
    )
    start, end = dt.time(10), dt.time(16)
    session, _ = Session.objects.get_or_create(
        project=project,
        date=today,
        start_time=start,
        defaults={"end_time": end, "capacity": 1, "supervisors_needed": 0},
    )
    if session.allocations.exists():
        return session
    busy = Allocation.objects.filter(session__date=today, status="allocated").values("requirement__person_id")
    candidates = (
        Requirement.objects.filter(
            status=RequirementStatus.IN_PROGRESS,
            person__pdu__region_id=site.pdu.region_id,
            person__unsuitable_for_individual=False,
            person__close_supervision=False,
        )
        .exclude(person_id__in=busy)
        .select_related("person")
        .order_by("id")
    )
    for requirement in candidates[:200]:
        if domain.is_available_for(requirement.person.availability_mask, today, start, end):
            Allocation.objects.create(
                requirement=requirement,
                session=session,
                source="demo",
                created_by=User.objects.filter(username="cora").first(),
            )
            return session
    return session


def prepare_attendance_demo(*, today: dt.date) -> dict[str, object]:
    session = give_sam_a_session(today=today)
    partner_session = give_pat_a_placement(today=today)
    decided = mark_warned_failures_decided()
    at_risk = pace.refresh_pace_flags(today=today)
    return {
        "sam_session": session,
        "pat_session": partner_session,
        "failures_decided": decided,
        "at_risk": at_risk,
    }
