"""Rota pages: coordinators build, edit and publish a region's rota on a grid; supervisors see their
own rota on their phone and subscribe to it as a calendar feed.

Every coordinator page goes through upw.core.access: a run outside the user's regions is a 404, and
roles other than coordinator and administrator are refused (403) before any lookup. The calendar
feed is the one page without a sign-in: its secret token is the credential, and it shows nothing
but the token holder's own sessions.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scheduler import run_limits
from scheduler.models import RotaRun
from scheduler.rota import calendar as rota_calendar
from scheduler.rota import selectors as rota_selectors
from scheduler.rota import services
from scheduler.rota.forms import AddSupervisorForm, RotaRunForm
from upw.core.access import OFFICE_ROLES, effective_role, get_visible, planning_regions, visible
from upw.dayview import selectors as dayview_selectors
from upw.models import Role, Session, Supervisor
from upw.web.decorators import role_required
from upw.web.pagination import paginate
from upw.web.sorting import order_by, sort_from

# The run list's sortable columns and their headers.
RUN_COLUMNS = {"started": "Run", "region": "Region", "dates": "Dates", "status": "Status"}

planner_required = role_required(OFFICE_ROLES, "Only coordinators can build rotas.")


def _run(request: HttpRequest, run_id: int) -> RotaRun:
    return get_visible(request.user, RotaRun, pk=run_id)


@planner_required
@require_GET
def rota_list(request: HttpRequest) -> HttpResponse:
    # Newest first unless a column is chosen.
    sort = sort_from(request, RUN_COLUMNS, default="started", default_descending=True)
    runs = (
        visible(request.user, RotaRun)
        .select_related("region", "created_by")
        .order_by(*order_by(sort, rota_selectors.RUN_SORTS))
    )
    page_obj, page_numbers = paginate(request, runs)
    ctx = {"page_obj": page_obj, "page_numbers": page_numbers, "sort": sort}
    return render(request, "rota/run_list.html", ctx)


@planner_required
@require_http_methods(["GET", "POST"])
def rota_new(request: HttpRequest) -> HttpResponse:
    regions = planning_regions(request.user)
    initial = {"then_match": request.GET.get("plan") == "fortnight"}
    # "Staff it", from a session that cannot run: a rota of that one day in the session's region.
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = None
    if day:
        initial.update(start_date=day, end_date=day)
    region = request.GET.get("region", "")
    if region.isdigit() and regions.filter(pk=int(region)).exists():
        initial["region"] = int(region)
    form = RotaRunForm(request.POST or None, regions=regions, initial=initial)
    active_run = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.run_create(
                user=request.user,
                region=data["region"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                time_limit_s=data["time_limit_s"],
                then_match=data["then_match"],
            )
        except run_limits.RunAlreadyActive as refused:
            form.add_error(None, refused.messages)
            active_run = refused.run
        except ValidationError as error:
            for name, errors in error.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, f"Rota run {run.pk} started.")
            return redirect("rota-run", run_id=run.pk)
    context = {"form": form, "no_regions": not regions.exists(), "active_run": active_run}
    return render(request, "rota/run_new.html", context)


@planner_required
@require_GET
def rota_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """The grid: supervisors by days, each cell the session(s) with site and times."""
    run = _run(request, run_id)
    page_obj, page_numbers = paginate(request, rota_selectors.grid_supervisors(run))
    unstaffed = rota_selectors.unstaffed(run) if run.is_finished else []
    ctx = {
        "run": run,
        "figures": run.figures,
        "days": rota_selectors.run_days(run),
        "rows": rota_selectors.grid_rows(run, list(page_obj)) if run.is_finished else [],
        "page_obj": page_obj,
        "page_numbers": page_numbers,
        "unstaffed": unstaffed,
        "unstaffed_by_day": rota_selectors.by_day(run, unstaffed),
        "quality": rota_selectors.quality(run.figures) if run.figures.get("solver_status") else "",
        "editable": run.is_editable,
        "publications": run.publications.all()[:5],
        "matching_run": run.parameters.get("matching_run"),
    }
    return render(request, "rota/run_detail.html", ctx)


@planner_required
@require_GET
def rota_progress(request: HttpRequest, run_id: int) -> JsonResponse:
    run = _run(request, run_id)
    return JsonResponse(
        {
            "status": run.status,
            "status_display": run.get_status_display(),
            "progress": run.progress,
            "message": run.progress_message,
            "finished": run.is_finished,
            "url": reverse("rota-run", args=[run.pk]),
        }
    )


@planner_required
@require_http_methods(["GET", "POST"])
def rota_add(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    if not run.is_editable:
        messages.error(request, services.RUN_NOT_EDITABLE)
        return redirect("rota-run", run_id=run.pk)
    form = AddSupervisorForm(
        request.POST or None,
        initial={"session": request.GET.get("session"), "supervisor": request.GET.get("supervisor")},
        sessions=rota_selectors.session_choices(run),
        supervisors=rota_selectors.supervisor_choices(run),
    )
    if request.method == "POST" and form.is_valid():
        try:
            assignment = services.assignment_add(
                run=run,
                user=request.user,
                session_id=form.cleaned_data["session"],
                supervisor_id=form.cleaned_data["supervisor"],
            )
        except services.EditRefused as refused:
            for reason in refused.reasons:
                form.add_error("supervisor", reason)
        else:
            messages.success(
                request, f"{assignment.supervisor} added to {rota_selectors.session_name(assignment.session)}."
            )
            return redirect("rota-run", run_id=run.pk)
    return render(request, "rota/add.html", {"run": run, "form": form})


@planner_required
@require_http_methods(["GET", "POST"])
def rota_remove(request: HttpRequest, run_id: int, assignment_id: int) -> HttpResponse:
    run = _run(request, run_id)
    assignment = run.assignments.select_related("session__project__site", "supervisor__user").filter(pk=assignment_id)
    assignment = assignment.first()
    if assignment is None:
        raise Http404("No such supervisor on this rota.")
    if request.method == "POST":
        try:
            services.assignment_remove(run=run, user=request.user, assignment_id=assignment.pk)
        except services.EditRefused as refused:
            messages.error(request, " ".join(refused.reasons))
        else:
            messages.success(
                request, f"{assignment.supervisor} taken off {rota_selectors.session_name(assignment.session)}."
            )
        return redirect("rota-run", run_id=run.pk)
    return render(request, "rota/remove.html", {"run": run, "assignment": assignment})


@planner_required
@require_http_methods(["GET", "POST"])
def rota_publish(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    if request.method == "POST":
        try:
            result = services.run_publish(run_id=run.pk, user=request.user)
        except services.PublishRefused as refused:
            return render(
                request,
                "rota/publish.html",
                {"run": run, "error": str(refused), "reasons": refused.reasons},
                status=409,
            )
        if result.already_published:
            messages.info(request, f"This rota is already published as version {run.published_version}.")
        else:
            notified = result.notified
            done = (
                f"Rota published as version {result.run.published_version}: {result.added} added, "
                f"{result.removed} removed; {notified} supervisor{'' if notified == 1 else 's'} notified."
            )
            if result.cannot_run:
                return render(
                    request,
                    "dayview/cannot_run_after.html",
                    {
                        "heading": "Rota published",
                        "done": done,
                        "why": "people are booked on them, and this rota has nobody, or too few supervisors, for them.",
                        "sessions": dayview_selectors.flagged_sessions(
                            visible(request.user, Session), ids=result.cannot_run
                        ),
                        "back": reverse("rota-run", args=[run.pk]),
                        "back_label": "Back to the rota",
                    },
                )
            messages.success(request, done)
        return redirect("rota-run", run_id=run.pk)
    return render(request, "rota/publish.html", {"run": run})


@planner_required
@require_POST
def rota_replan(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    try:
        new = services.run_replan(run=run, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("rota-run", run_id=run.pk)
    messages.success(request, f"Rota run {new.pk} started: it repairs this rota with as few changes as it can.")
    return redirect("rota-run", run_id=new.pk)


@planner_required
@require_POST
def rota_cancel(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    try:
        services.run_cancel(run=run, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Rota run cancelled.")
    return redirect("rota-run", run_id=run.pk)


# --- The supervisor's own rota ---------------------------------------------------------------------


def _own_supervisor(request: HttpRequest) -> Supervisor:
    if effective_role(request.user) != Role.SUPERVISOR:
        raise PermissionDenied("Only supervisors have a rota of their own.")
    supervisor = Supervisor.objects.filter(user=request.user).first()
    if supervisor is None:
        raise Http404("You have no supervisor profile.")
    return supervisor


# The session key holding when the supervisor last looked at their rota (ISO 8601).
MY_ROTA_SEEN = "my_rota_seen_at"


def _last_seen(request: HttpRequest):
    value = request.session.get(MY_ROTA_SEEN)
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_GET
def my_rota(request: HttpRequest) -> HttpResponse:
    supervisor = _own_supervisor(request)
    token = rota_calendar.feed_token(supervisor)
    feed_url = request.build_absolute_uri(reverse("my-rota-feed", args=[token.token]))
    changes = rota_selectors.my_changes(supervisor, since=_last_seen(request))
    new_sessions = {s.pk for change in changes if change.new for s in change.added}
    days = rota_selectors.my_rota(supervisor)
    today = timezone.localdate()
    ctx = {
        "supervisor": supervisor,
        "days": days,
        "today": today,
        "working_today": any(day == today for day, _ in days),
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[-1],
        "changes": changes,
        "new_changes": sum(1 for change in changes if change.new),
        "new_sessions": new_sessions,
    }
    request.session[MY_ROTA_SEEN] = timezone.now().isoformat()
    return render(request, "rota/my_rota.html", ctx)


@login_required
@require_POST
def my_rota_reset_feed(request: HttpRequest) -> HttpResponse:
    supervisor = _own_supervisor(request)
    rota_calendar.reset_feed_token(supervisor)
    messages.success(request, "Your calendar address has changed: the old one no longer works. Subscribe again.")
    return redirect("my-rota")


@require_GET
def my_rota_feed(request: HttpRequest, token: str) -> HttpResponse:
    supervisor = rota_calendar.supervisor_for_token(token)
    if supervisor is None:
        raise Http404("No such calendar.")
    body = rota_calendar.rota_calendar(supervisor, host=request.get_host().split(":")[0] or "upw")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="rota.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
