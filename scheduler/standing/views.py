"""Standing allocation pages for coordinators (and administrators): the list, making one, one's
bookings and shortfalls, pausing and ending.

Every page goes through upw.core.access: a standing allocation or person outside the user's regions is
a 404, and roles other than coordinator and administrator are refused (403) before any lookup.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from partners.models import Project
from scheduler.matching.adapter import ENGINE_PROJECT_TYPES, RUNNING_PROJECT_STATUSES
from scheduler.models import StandingAllocation, StandingStatus
from scheduler.standing import selectors, services
from scheduler.standing.forms import StandingForm, StandingSearchForm
from upw.core.access import OFFICE_ROLES, get_visible, planning_regions, visible
from upw.models import Person, Requirement
from upw.models.requirements import ACTIVE_REQUIREMENT_STATUSES
from upw.web.decorators import role_required
from upw.web.pagination import paginate

planner_required = role_required(OFFICE_ROLES, "Only coordinators can keep standing allocations.")


def _standing(request: HttpRequest, standing_id: int) -> StandingAllocation:
    return get_visible(request.user, StandingAllocation, pk=standing_id)


@planner_required
@require_GET
def standing_list(request: HttpRequest) -> HttpResponse:
    form = StandingSearchForm(request.GET or None, regions=planning_regions(request.user))
    search = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows = selectors.standing_list(
        user=request.user,
        region_code=search.get("region", ""),
        search=search.get("q", ""),
        status=search.get("status", ""),
    )
    page_obj, page_numbers = paginate(request, rows)
    return render(request, "standing/list.html", {"form": form, "page_obj": page_obj, "page_numbers": page_numbers})


@planner_required
@require_http_methods(["GET", "POST"])
def standing_new(request: HttpRequest, crn: str) -> HttpResponse:
    person = get_visible(request.user, Person, crn=crn)
    requirements = visible(request.user, Requirement).filter(person=person, status__in=ACTIVE_REQUIREMENT_STATUSES)
    projects = (
        visible(request.user, Project)
        .filter(
            site__pdu__region_id=person.pdu.region_id,
            status__in=RUNNING_PROJECT_STATUSES,
            project_type__in=ENGINE_PROJECT_TYPES,
        )
        .order_by("name")
    )
    form = StandingForm(request.POST or None, requirements=requirements, projects=projects)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            standing, _ = services.standing_create(
                requirement=data["requirement"],
                project=data["project"],
                weekday=data["weekday"],
                frequency=data["frequency"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                notes=data["notes"],
                by=request.user,
                today=timezone.localdate(),
            )
        except services.StandingError as refused:
            form.add_error(refused.field if refused.field in form.fields else None, str(refused))
        else:
            messages.success(request, "Standing allocation made. Its places are booked below.")
            return redirect("standing-detail", standing_id=standing.pk)
    return render(request, "standing/new.html", {"form": form, "person": person})


@planner_required
@require_GET
def standing_detail(request: HttpRequest, standing_id: int) -> HttpResponse:
    standing = _standing(request, standing_id)
    ctx = {
        "standing": standing,
        "person": standing.requirement.person,
        "bookings": selectors.standing_bookings(standing),
        "shortfalls": selectors.standing_shortfalls(standing),
    }
    return render(request, "standing/detail.html", ctx)


ACTIONS = {
    "pause": ("Pause", "Paused: no new places are booked. The places already booked are kept."),
    "resume": ("Resume", "Resumed: its dates are booked again."),
    "end": ("End", "Ended. Its places after today that had no outcome are cancelled."),
}


@planner_required
@require_http_methods(["GET", "POST"])
def standing_action(request: HttpRequest, standing_id: int, action: str) -> HttpResponse:
    """The confirmation page of pausing, resuming or ending, and doing it."""
    standing = _standing(request, standing_id)
    if action not in ACTIONS:
        return redirect("standing-detail", standing_id=standing.pk)
    refused = ""
    if request.method == "POST":
        try:
            if action == "pause":
                services.standing_pause(standing=standing, by=request.user)
            elif action == "resume":
                services.standing_resume(standing=standing, by=request.user, today=timezone.localdate())
            else:
                services.standing_end(standing=standing, by=request.user, today=timezone.localdate())
        except services.StandingError as error:
            refused = str(error)
        else:
            messages.success(request, ACTIONS[action][1])
            return redirect("standing-detail", standing_id=standing.pk)
    ahead = (
        selectors.standing_bookings(standing)
        .filter(date__gt=timezone.localdate(), allocation__status="allocated", allocation__attendance__isnull=True)
        .count()
    )
    ctx = {
        "standing": standing,
        "action": action,
        "verb": ACTIONS[action][0],
        "refused": refused,
        "ahead": ahead,
        "allowed": {
            "pause": standing.status == StandingStatus.ACTIVE,
            "resume": standing.status == StandingStatus.PAUSED,
            "end": standing.status != StandingStatus.ENDED,
        }[action],
    }
    return render(request, "standing/confirm.html", ctx, status=409 if refused else 200)
