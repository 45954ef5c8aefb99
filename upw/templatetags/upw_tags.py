"""Template helpers for the GOV.UK pages: navigation, tags, durations and the availability grid."""

from django import template
from django.urls import reverse

from upw import domain
from upw.core.access import effective_role, may_read, may_see_sensitive
from upw.core.hours import format_minutes
from upw.models import Person, Role, Session

register = template.Library()

_OFFICE = frozenset({Role.COORDINATOR, Role.ADMIN})
# Supervisors can read the projects of their sessions but have no use for a project list.
_PROJECT_BROWSERS = frozenset({Role.COORDINATOR, Role.ADMIN, Role.PARTNER, Role.NATIONAL_LEAD})

# In the order of the work: (url name, label, the roles it shows for, or a model the user must be
# able to read).
_NAVIGATION = (
    ("dashboard", "Dashboard", Person),
    ("day_view", "Day view", _OFFICE),
    ("partner-home", "Partner portal", frozenset({Role.PARTNER})),
    ("my_sessions", "My sessions", frozenset({Role.SUPERVISOR, Role.PARTNER})),
    ("my-rota", "My rota", frozenset({Role.SUPERVISOR})),
    ("intake", "New orders", _OFFICE),
    ("people", "People", Person),
    ("matching-runs", "Matching", _OFFICE),
    ("sessions", "Sessions", Session),
    ("standing-list", "Standing places", _OFFICE),
    ("rota-runs", "Rota", _OFFICE),
    ("absences", "Absences", _OFFICE),
    ("travel_claims", "Travel time", _OFFICE),
    ("projects", "Projects", _PROJECT_BROWSERS),
    ("review-queue", "Proposals", _OFFICE),
    ("reports", "Reports", frozenset({Role.COORDINATOR, Role.ADMIN, Role.NATIONAL_LEAD})),
    ("reports-partner-hours", "Hours worked", frozenset({Role.PARTNER})),
    ("audit-reads", "Reads log", frozenset({Role.ADMIN})),
)

_REQUIREMENT_TAG_COLOURS = {
    "unallocated": "govuk-tag--grey",
    "in_progress": "govuk-tag--blue",
    "completed": "govuk-tag--green",
    "paused": "govuk-tag--yellow",
    "breached": "govuk-tag--red",
    "revoked": "govuk-tag--purple",
    "transferred": "govuk-tag--grey",
}

_PROJECT_TAG_COLOURS = {
    "draft": "govuk-tag--grey",
    "submitted": "govuk-tag--light-blue",
    "in_review": "govuk-tag--light-blue",
    "changes_requested": "govuk-tag--yellow",
    "approved": "govuk-tag--turquoise",
    "rejected": "govuk-tag--red",
    "active": "govuk-tag--green",
    "paused": "govuk-tag--orange",
    "completed": "govuk-tag--grey",
}


@register.simple_tag(takes_context=True)
def service_navigation(context) -> list[dict]:
    """The navigation items the signed-in user's role may use, with which one is current.

    Coordinators and administrators get the office pages; partners their portal, projects and
    sessions; supervisors their own sessions and rota (they see projects only through sessions).
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    role = effective_role(user)
    items = []
    for name, label, needs in _NAVIGATION:
        if not (role in needs if isinstance(needs, frozenset) else may_read(user, needs)):
            continue
        href = reverse(name)
        current = "page" if request.path == href else "true" if request.path.startswith(href) else ""
        items.append({"href": href, "text": label, "current": current})
    return items


@register.filter
def requirement_tag(status: str) -> str:
    return _REQUIREMENT_TAG_COLOURS.get(status, "govuk-tag--grey")


@register.filter
def project_tag(status: str) -> str:
    return _PROJECT_TAG_COLOURS.get(status, "govuk-tag--grey")


@register.filter
def hours(minutes: int | None) -> str:
    """Minutes as hours and minutes: 150 -> "2h 30m", 120 -> "2h"."""
    return format_minutes(minutes)


@register.filter
def availability_rows(person: Person) -> list[tuple[str, list[bool]]]:
    slots = person.availability
    return [
        (day, [(weekday, part) in slots for part in range(len(domain.PARTS_OF_DAY))])
        for weekday, day in enumerate(domain.WEEKDAYS)
    ]


@register.simple_tag
def parts_of_day() -> list[str]:
    return [part.capitalize() for part in domain.PARTS_OF_DAY]


@register.simple_tag(takes_context=True)
def person_label(context, person: Person) -> str:
    """A person's name, or only their CRN if they are limited-access and the user lacks case access."""
    user = context["request"].user
    if person.limited_access and not may_see_sensitive(user):
        return person.crn
    return person.full_name


@register.filter
def restrictions(person: Person) -> list[str]:
    """The risk, health and travel restrictions that apply, in words."""
    flags = [
        "no_children",
        "no_vulnerable_adults",
        "not_public_facing",
        "individual_only",
        "unsuitable_for_individual",
        "close_supervision",
        "no_heavy_work",
        "needs_accessible_site",
    ]
    labels = {
        "close_supervision": "Needs close supervision",
        "no_heavy_work": "No heavy work",
        "needs_accessible_site": "Needs an accessible site",
    }
    found = []
    for flag in flags:
        if getattr(person, flag):
            found.append(labels.get(flag) or str(Person._meta.get_field(flag).verbose_name).capitalize())
    if person.supervisor_gender_restriction:
        found.append(person.get_supervisor_gender_restriction_display())
    return found
