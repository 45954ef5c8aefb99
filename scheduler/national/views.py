"""National plan pages, for administrators: start matching for every region at once, and follow
each region's run to a summary. Each region's run is reviewed and approved on its own page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from scheduler.models import NationalPlan
from scheduler.national import selectors, services
from scheduler.national.forms import NationalPlanForm
from upw.web.decorators import role_required
from upw.web.pagination import paginate

administrator_required = role_required(services.ADMINISTRATORS, services.ADMINISTRATORS_ONLY)


@administrator_required
@require_http_methods(["GET", "POST"])
def plan_list(request: HttpRequest) -> HttpResponse:
    form = NationalPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.national_plan_start(
                user=request.user,
                start_date=data["start_date"],
                end_date=data["end_date"],
                time_limit_s=data["time_limit_s"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"National plan {plan.pk} started.")
            return redirect("national-plan", plan_id=plan.pk)
    page_obj, page_numbers = paginate(request, selectors.national_plans())
    return render(
        request, "national/plan_list.html", {"form": form, "page_obj": page_obj, "page_numbers": page_numbers}
    )


def _plan(plan_id: int) -> NationalPlan:
    return services.national_plan_refresh(plan=get_object_or_404(NationalPlan, pk=plan_id))


@administrator_required
@require_GET
def plan_detail(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = _plan(plan_id)
    rows = selectors.region_progress(plan=plan)
    summary = selectors.plan_summary(plan=plan, rows=rows)
    overall = round(sum(row.run.progress for row in rows) / len(rows)) if rows else 100
    return render(
        request, "national/plan_detail.html", {"plan": plan, "rows": rows, "summary": summary, "overall": overall}
    )


@administrator_required
@require_GET
def plan_progress(request: HttpRequest, plan_id: int) -> JsonResponse:
    plan = _plan(plan_id)
    rows = selectors.region_progress(plan=plan)
    finished = sum(1 for row in rows if row.run.is_finished)
    return JsonResponse(
        {
            "progress": round(sum(row.run.progress for row in rows) / len(rows)) if rows else 100,
            "message": f"{finished} of {len(rows)} regions finished.",
            "finished": plan.is_finished,
            "url": reverse("national-plan", args=[plan.pk]),
        }
    )
