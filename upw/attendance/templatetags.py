"""Template tags for attendance: the person's timeline and the dashboard's lists.

They are inclusion tags so the shared person and dashboard pages need only one line each.
"""

from django import template
from django.utils import timezone

from upw.attendance import selectors as attendance_selectors
from upw.core import at_risk
from upw.core.access import may_see_sensitive, recordable_sessions, visible
from upw.enforcement import selectors as enforcement_selectors
from upw.models import Person, Requirement, TravelClaim, TravelClaimStatus
from upw.models.attendance_sync import RequirementProgress, StaffNotice

register = template.Library()
DASHBOARD_LIST_LENGTH = 10


@register.inclusion_tag("attendance/includes/timeline.html", takes_context=True)
def person_timeline(context, person: Person) -> dict:
    user = context["request"].user
    requirements = visible(user, Requirement)
    progress = RequirementProgress.objects.filter(requirement__in=requirements.filter(person=person))
    return {
        "person": person,
        "requirements": list(requirements.filter(person=person).order_by("deadline", "id")),
        "items": attendance_selectors.person_timeline(person=person, requirements=requirements),
        "progress": list(progress.select_related("requirement")),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("attendance/includes/dashboard_lists.html", takes_context=True)
def attendance_dashboard(context, at_risk_total: int) -> dict:
    """The dashboard's lists. `at_risk_total`, the requirements at risk, is counted by the dashboard with
    its other figures, in one pass, so the list here reads only its first rows."""
    user = context["request"].user
    requirements = visible(user, Requirement)
    today = timezone.localdate()
    # The flags are worked out in the database, over the whole caseload since it is sorted by deadline.
    flagged = at_risk.requirements_at_risk(requirements, today=today, scan_all=True)
    at_risk_rows = list(flagged.select_related("person", "progress").order_by("deadline", "id")[:DASHBOARD_LIST_LENGTH])
    notices = StaffNotice.objects.filter(requirement__in=requirements, acknowledged_at__isnull=True).select_related(
        "requirement__person"
    )[:DASHBOARD_LIST_LENGTH]
    return {
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "at_risk": at_risk_rows,
        "at_risk_total": at_risk_total,
        "notices": notices,
        "absences_to_review": enforcement_selectors.absences_to_review(requirements=requirements).count(),
        "travel_claims_waiting": TravelClaim.objects.filter(
            requirement__in=requirements, status=TravelClaimStatus.PENDING
        ).count(),
        "sensitive": may_see_sensitive(user),
    }


@register.inclusion_tag("attendance/includes/attendance_link.html", takes_context=True)
def attendance_link(context, session) -> dict:
    """A link to the session's register for those who may record its attendance."""
    user = context["request"].user
    return {"session": session, "show": recordable_sessions(user).filter(pk=session.pk).exists()}
