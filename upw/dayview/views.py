"""The day view, the sessions that cannot run, merging one into another, and bulk changes to places."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from upw.attendance.services import new_key
from upw.core.access import OFFICE_ROLES, get_visible, region_ids, require_role, visible
from upw.dayview import selectors, services
from upw.dayview.forms import BulkChangeForm, MergeForm
from upw.models import Allocation, Person, Region, Role, Session
from upw.web.pagination import paginate

MAX_PEOPLE_FROM_LIST = 50


def _day_from(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _regions(user) -> list[int]:
    if user.is_superuser or user.role == Role.ADMIN:
        return list(Region.objects.values_list("pk", flat=True))
    return region_ids(user)


@login_required
@require_GET
def day_view(request: HttpRequest) -> HttpResponse:
    require_role(request.user, OFFICE_ROLES)
    today = timezone.localdate()
    chosen = _day_from(request.GET.get("date"))
    dates = [chosen] if chosen else [today, today + dt.timedelta(days=1)]
    sessions = visible(request.user, Session)
    allocations = visible(request.user, Allocation)
    days = [selectors.day_sessions(sessions=sessions, allocations=allocations, day=d, today=today) for d in dates]
    ctx = {
        "days": days,
        "today": today,
        "tomorrow": today + dt.timedelta(days=1),
        "chosen": chosen,
        "date_value": (chosen or today).isoformat(),
        "bad_date": bool(request.GET.get("date")) and chosen is None,
        "previous_day": (chosen or today) - dt.timedelta(days=1),
        "next_day": (chosen or today) + dt.timedelta(days=1),
    }
    return render(request, "dayview/day.html", ctx)


@login_required
@require_GET
def cannot_run_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, OFFICE_ROLES)
    today = timezone.localdate()
    page, page_numbers = paginate(request, selectors.cannot_run(visible(request.user, Session), today=today))
    for session in page:
        session.cannot_run_reason = selectors.why_cannot_run(session)
    return render(request, "dayview/cannot_run.html", {"page_obj": page, "page_numbers": page_numbers})


@login_required
@require_http_methods(["GET", "POST"])
def session_merge(request: HttpRequest, session_id: int) -> HttpResponse:
    require_role(request.user, OFFICE_ROLES)
    today = timezone.localdate()
    sessions = visible(request.user, Session)
    session = get_visible(request.user, Session, pk=session_id)
    targets = selectors.merge_targets(sessions, session=session, today=today)
    asked = "target" in request.GET or "preview" in request.GET
    data = request.POST if request.method == "POST" else (request.GET if asked else None)
    form = MergeForm(data, targets=targets)
    preview = result = target = None
    if form.is_valid():
        target = get_visible(request.user, Session, pk=form.cleaned_data["target"])
        try:
            if request.method == "POST" and form.cleaned_data["idempotency_key"]:
                result = services.merge_sessions(
                    session=session,
                    target=target,
                    by=request.user,
                    today=today,
                    key=form.cleaned_data["idempotency_key"],
                )
            else:
                preview = services.merge_preview(session=session, target=target, by=request.user, today=today)
        except services.BulkError as refused:
            form.add_error(None, str(refused))
    ctx = {
        "session": session,
        "form": form,
        "targets": targets,
        "target": target,
        "preview": preview,
        "result": result,
        "key": new_key(),
        "reason": selectors.session_cannot_run(sessions, session=session, today=today),
    }
    return render(request, "dayview/merge.html", ctx)


def _bulk(request: HttpRequest, *, places, regions, exclude_ids, ctx: dict, template: str) -> HttpResponse:
    today = timezone.localdate()
    targets = selectors.move_targets(
        visible(request.user, Session), region_ids=regions, exclude_ids=exclude_ids, today=today
    )
    form = BulkChangeForm(request.POST if request.method == "POST" else None, places=places, targets=targets)
    result = None
    if request.method == "POST":
        result = services.already_done(key=request.POST.get("idempotency_key", ""), by=request.user)
    if request.method == "POST" and result is None and form.is_valid():
        data = form.cleaned_data
        chosen = [p for p in places if p.pk in set(data["allocation"])]
        to_session = get_visible(request.user, Session, pk=data["session"]) if data.get("session") else None
        try:
            result = services.bulk_change(
                places=chosen,
                action=data["action"],
                by=request.user,
                today=today,
                key=data["idempotency_key"],
                to_session=to_session,
                reason=data.get("reason") or "",
                note=data.get("note") or "",
                subject=data.get("subject") or "",
                body=data.get("body") or "",
            )
        except services.BulkError as refused:
            form.add_error(refused.field if refused.field in form.fields else None, str(refused))
    if result is not None:
        return render(request, "dayview/bulk_result.html", {**ctx, "result": result})
    checked = set(form.data.getlist("allocation")) if form.is_bound else {str(p.pk) for p in ctx.get("preselect", ())}
    return render(request, template, {**ctx, "form": form, "places": places, "checked": checked, "key": new_key()})


@login_required
@require_http_methods(["GET", "POST"])
def session_bulk(request: HttpRequest, session_id: int) -> HttpResponse:
    require_role(request.user, OFFICE_ROLES)
    session = get_visible(request.user, Session, pk=session_id)
    places = list(
        selectors.changeable_places(
            visible(request.user, Allocation).filter(session=session), today=timezone.localdate()
        )
    )
    region = session.project.site.pdu.region_id
    ctx = {"session": session, "back": "session"}
    return _bulk(
        request, places=places, regions=[region], exclude_ids=[session.pk], ctx=ctx, template="dayview/bulk.html"
    )


@login_required
@require_http_methods(["GET", "POST"])
def people_bulk(request: HttpRequest) -> HttpResponse:
    """The upcoming places of the people chosen on the people list, to change together."""
    require_role(request.user, OFFICE_ROLES)
    crns = (request.POST if request.method == "POST" else request.GET).getlist("crn")[:MAX_PEOPLE_FROM_LIST]
    people = visible(request.user, Person).filter(crn__in=crns)
    places = list(
        selectors.changeable_places(
            visible(request.user, Allocation).filter(requirement__person__in=people), today=timezone.localdate()
        )
    )
    regions = sorted({p.session.project.site.pdu.region_id for p in places}) or _regions(request.user)
    # Each person's next place is ticked: the one a change from the list is usually about.
    nxt = {}
    for place in places:
        nxt.setdefault(place.requirement.person_id, place)
    ctx = {
        "people": list(people.order_by("last_name", "first_name")),
        "back": "people",
        "preselect": list(nxt.values()),
    }
    return _bulk(request, places=places, regions=regions, exclude_ids=(), ctx=ctx, template="dayview/bulk.html")
