"""Matching pages for coordinators (and administrators): runs, review, hand edits, approval.

Every page goes through upw.core.access: a run outside the user's regions is a 404, and roles other than
coordinator and administrator are refused (403) before any lookup.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scheduler import run_limits
from scheduler.matching import selectors, services
from scheduler.matching.forms import ORDER_CHOICES, WEIGHT_HELP, AddPlaceForm, MovePlaceForm, ReviewSearchForm, RunForm
from scheduler.models import MatchingRun, ProposedAllocation, RunStatus
from upw.core.access import OFFICE_ROLES, get_visible, planning_regions, visible
from upw.core.selectors import placeable_requirements
from upw.dayview import selectors as dayview_selectors
from upw.models import Requirement, Session
from upw.web.decorators import role_required
from upw.web.pagination import paginate
from upw.web.sorting import order_by, sort_from

# The run list's sortable columns and their headers.
RUN_COLUMNS = {"started": "Run", "region": "Region", "dates": "Dates", "status": "Status"}

planner_required = role_required(OFFICE_ROLES, "Only coordinators can plan placements.")
# The figures the run page shows (scheduler.matching.services documents them); None until the run has them.
FIGURE_DEFAULTS = dict.fromkeys(
    (
        "hours_placed",
        "percent_of_bound",
        "upper_bound_hours",
        "greedy_hours",
        "people_placed",
        "people_placeable",
        "people_offered_weekly_minimum",
        "greedy_people_offered_weekly_minimum",
        "people_left_out",
        "people",
        "people_skipped",
        "sessions",
        "places_free",
        "kept_from_previous",
        "pins_refused",
        "wall_s",
        "method",
    )
)


def _run(request: HttpRequest, run_id: int) -> MatchingRun:
    return get_visible(request.user, MatchingRun, pk=run_id)


@planner_required
@require_GET
def run_list(request: HttpRequest) -> HttpResponse:
    # Newest first unless a column is chosen.
    sort = sort_from(request, RUN_COLUMNS, default="started", default_descending=True)
    runs = (
        visible(request.user, MatchingRun)
        .select_related("region", "created_by")
        .order_by(*order_by(sort, selectors.RUN_SORTS))
    )
    page_obj, page_numbers = paginate(request, runs)
    ctx = {"page_obj": page_obj, "page_numbers": page_numbers, "sort": sort}
    return render(request, "matching/run_list.html", ctx)


@planner_required
@require_http_methods(["GET", "POST"])
def run_new(request: HttpRequest) -> HttpResponse:
    regions = planning_regions(request.user)
    form = RunForm(request.POST or None, regions=regions)
    active_run = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.run_create(
                user=request.user,
                region=data["region"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                weights=form.weights(),
                time_limit_s=data["time_limit_s"],
            )
        except run_limits.RunAlreadyActive as refused:
            form.add_error(None, refused.messages)
            active_run = refused.run
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Matching run {run.pk} started.")
            return redirect("matching-run", run_id=run.pk)
    context = {"form": form, "no_regions": not regions.exists(), "active_run": active_run}
    return render(request, "matching/run_new.html", context)


@planner_required
@require_GET
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    figures = {**FIGURE_DEFAULTS, **(run.figures or {})}
    figures["waiting"] = (figures["people"] or 0) + (figures["people_skipped"] or 0)
    ctx = {
        "run": run,
        "figures": figures,
        "totals": selectors.run_totals(run) if run.is_finished else None,
        "weights": [
            (name.replace("_", " ").capitalize(), v) for name, v in (run.parameters.get("weights") or {}).items()
        ],
        "weight_help": WEIGHT_HELP,
        "replans": run.replans.order_by("-id")[:5],
    }
    return render(request, "matching/run_detail.html", ctx)


@planner_required
@require_GET
def run_progress(request: HttpRequest, run_id: int) -> JsonResponse:
    run = _run(request, run_id)
    return JsonResponse(
        {
            "status": run.status,
            "status_display": run.get_status_display(),
            "progress": run.progress,
            "message": run.progress_message,
            "finished": run.is_finished,
            "url": reverse("matching-run", args=[run.pk]),
        }
    )


@planner_required
@require_GET
def review_people(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    form = ReviewSearchForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    order = data.get("order") or "placed"
    rows = selectors.explanations(run=run, q=data.get("q", ""), placed=data.get("placed", ""), order=order)
    page_obj, page_numbers = paginate(request, rows)
    proposals = selectors.proposals_by_requirement(run=run, requirement_ids=[e.requirement_id for e in page_obj])
    ctx = {
        "run": run,
        "form": form,
        "page_obj": page_obj,
        "page_numbers": page_numbers,
        "rows": [selectors.review_row(e, proposals.get(e.requirement_id, [])) for e in page_obj],
        "editable": run.status == RunStatus.READY,
        "filtered": bool(data.get("q") or data.get("placed") or order != "placed"),
        "order_label": dict(ORDER_CHOICES)[order],
    }
    return render(request, "matching/review_people.html", ctx)


@planner_required
@require_GET
def review_sessions(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    q = (request.GET.get("q") or "").strip()[:100]
    page_obj, page_numbers = paginate(request, selectors.review_sessions(run=run, q=q))
    proposals = selectors.proposals_by_session(run=run, session_ids=[s.id for s in page_obj])
    ctx = {
        "run": run,
        "q": q,
        "page_obj": page_obj,
        "page_numbers": page_numbers,
        "rows": [(s, proposals.get(s.id, [])) for s in page_obj],
        "editable": run.status == RunStatus.READY,
    }
    return render(request, "matching/review_sessions.html", ctx)


def _refused(request: HttpRequest, form, error: services.AdjustmentRefused) -> None:
    for reason in error.reasons:
        form.add_error(None, reason)


@planner_required
@require_http_methods(["GET", "POST"])
def place_add(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    initial = {"crn": request.GET.get("crn", ""), "session": request.GET.get("session")}
    form = AddPlaceForm(request.POST or None, initial=initial, sessions=selectors.session_choices(run))
    if request.method == "POST" and form.is_valid():
        requirements = visible(request.user, Requirement).filter(
            person__crn=form.cleaned_data["crn"], person__pdu__region=run.region_id
        )
        # The requirement matching would plan (active, inducted, due first); else any, for the refusal.
        requirement = (
            placeable_requirements(requirements).order_by("deadline", "id").first()
            or requirements.order_by("-deadline", "-id").first()
        )
        if requirement is None:
            form.add_error("crn", "No person with that CRN in this region.")
        else:
            try:
                added = services.proposal_add(
                    run=run, user=request.user, requirement_id=requirement.pk, session_id=form.cleaned_data["session"]
                )
            except services.AdjustmentRefused as error:
                _refused(request, form, error)
            else:
                messages.success(request, f"{form.cleaned_data['crn']} added to {_where(added.session)}.")
                return redirect(reverse("matching-people", args=[run.pk]) + f"?q={form.cleaned_data['crn']}")
    return render(request, "matching/place_form.html", {"run": run, "form": form, "action": "add"})


def _where(session) -> str:
    return f"{session.project.name} on {session.date:%a %d %b}, {session.start_time:%H:%M}-{session.end_time:%H:%M}"


def _proposal(run: MatchingRun, proposal_id: int) -> ProposedAllocation:
    from django.http import Http404

    proposal = (
        ProposedAllocation.objects.filter(run=run, pk=proposal_id)
        .select_related("requirement__person", "session__project")
        .first()
    )
    if proposal is None:
        raise Http404("No such place in this run.")
    return proposal


@planner_required
@require_http_methods(["GET", "POST"])
def place_move(request: HttpRequest, run_id: int, proposal_id: int) -> HttpResponse:
    run = _run(request, run_id)
    proposal = _proposal(run, proposal_id)
    sessions = selectors.session_choices(run, leave_out_full=True, exclude=[proposal.session_id])
    form = MovePlaceForm(request.POST or None, sessions=sessions)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.proposal_move(
                run=run, user=request.user, proposal_id=proposal.pk, session_id=form.cleaned_data["session"]
            )
        except services.AdjustmentRefused as error:
            _refused(request, form, error)
        else:
            crn = proposal.requirement.person.crn
            messages.success(request, f"{crn} moved to {_where(moved.session)}.")
            return redirect(reverse("matching-people", args=[run.pk]) + f"?q={crn}")
    ctx = {"run": run, "form": form, "action": "move", "proposal": proposal, "no_room": not sessions}
    return render(request, "matching/place_form.html", ctx)


@planner_required
@require_http_methods(["GET", "POST"])
def place_remove(request: HttpRequest, run_id: int, proposal_id: int) -> HttpResponse:
    run = _run(request, run_id)
    proposal = _proposal(run, proposal_id)
    error = None
    if request.method == "POST":
        try:
            services.proposal_remove(run=run, user=request.user, proposal_id=proposal.pk)
        except services.AdjustmentRefused as refused:
            error = refused
        else:
            crn = proposal.requirement.person.crn
            messages.success(request, f"{crn} removed from {_where(proposal.session)}.")
            return redirect(reverse("matching-people", args=[run.pk]) + f"?q={crn}")
    return render(request, "matching/place_remove.html", {"run": run, "proposal": proposal, "error": error})


@planner_required
@require_http_methods(["GET", "POST"])
def run_approve(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    refused = None
    if request.method == "POST":
        try:
            result = services.run_approve(run_id=run.pk, user=request.user)
        except services.ApprovalRefused as error:
            refused = error
        else:
            if result.already_approved:
                messages.info(request, "This run was already approved: nothing more was booked.")
            else:
                n = result.created
                done = f"Approved: {n} place{'' if n == 1 else 's'} booked."
                if result.cannot_run:
                    return render(
                        request,
                        "dayview/cannot_run_after.html",
                        {
                            "heading": "Matching run approved",
                            "done": done,
                            "why": "the rota for their days was already published, and it has nobody, or too few "
                            "supervisors, for the people now booked.",
                            "sessions": dayview_selectors.flagged_sessions(
                                visible(request.user, Session), ids=result.cannot_run
                            ),
                            "back": reverse("matching-run", args=[run.pk]),
                            "back_label": "Back to the matching run",
                        },
                    )
                messages.success(request, done)
            return redirect("matching-run", run_id=run.pk)
    ctx = {"run": run, "totals": selectors.run_totals(run), "refused": refused}
    return render(request, "matching/run_approve.html", ctx)


@planner_required
@require_POST
def run_replan(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    try:
        new = services.run_replan(run=run, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("matching-run", run_id=run.pk)
    messages.success(request, f"Re-planning as run {new.pk}: places added by hand are kept where the rules allow.")
    return redirect("matching-run", run_id=new.pk)


@planner_required
@require_POST
def run_cancel(request: HttpRequest, run_id: int) -> HttpResponse:
    run = _run(request, run_id)
    try:
        services.run_cancel(run=run, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Run {run.pk} cancelled: nothing was booked.")
    return redirect("matching-run", run_id=run.pk)
