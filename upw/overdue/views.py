"""The overdue outcomes list, and recording a whole session's outcomes at once."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from upw.attendance.services import new_key, outcomes_for
from upw.core.access import OFFICE_ROLES, get_visible, require_role, visible
from upw.models import Allocation, Session, Supervisor
from upw.overdue import selectors, services
from upw.overdue.forms import OverdueFilterForm, SessionOutcomesForm
from upw.web.pagination import paginate

# The partners app builds on this one, so its project model is reached through the session.
Project = Session._meta.get_field("project").related_model


@login_required
def overdue_outcomes(request: HttpRequest) -> HttpResponse:
    require_role(request.user, OFFICE_ROLES)
    today = timezone.localdate()
    overdue = selectors.overdue_sessions(visible(request.user, Session), today=today)
    form = OverdueFilterForm(
        request.GET or None,
        # The regions of the sessions the user may see: a coordinator's own regions.
        regions=overdue.values_list("project__site__pdu__region", "project__site__pdu__region__name")
        .order_by("project__site__pdu__region__name")
        .distinct(),
        projects=visible(request.user, Project).filter(sessions__in=overdue).distinct().values_list("pk", "name"),
        supervisors=[
            (s.pk, str(s))
            for s in visible(request.user, Supervisor).filter(assignments__session__in=overdue).distinct()
        ],
    )
    if form.is_valid():
        overdue = selectors.filtered(overdue, **form.cleaned_data)
    page, page_numbers = paginate(request, overdue)
    for session in page:
        session.days_overdue = (today - session.date).days
    ctx = {
        "days": settings.UPW["OVERDUE_OUTCOME_DAYS"],
        "form": form,
        "page_obj": page,
        "page_numbers": page_numbers,
        "totals": selectors.totals(overdue),
    }
    return render(request, "overdue/overdue_list.html", ctx)


@login_required
def session_outcomes(request: HttpRequest, session_id: int) -> HttpResponse:
    require_role(request.user, OFFICE_ROLES)
    session = get_visible(request.user, Session, pk=session_id)
    places = list(
        selectors.waiting_places(visible(request.user, Allocation).filter(session=session))
        .select_related("requirement__person")
        .order_by("requirement__person__last_name", "requirement__person__first_name")
    )
    form = SessionOutcomesForm(
        request.POST if request.method == "POST" else None, places=places, outcomes=outcomes_for(request.user)
    )
    if request.method == "POST" and session.date >= timezone.localdate():
        form.add_error(None, "Outcomes for the whole session can be recorded once the session day is over.")
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = services.record_session_outcomes(
            session=session,
            places=places,
            work_quality=data["work_quality"],
            behaviour=data["behaviour"],
            exceptions={
                p.pk: services.OtherOutcome(data[f"outcome_{p.pk}"], data[f"note_{p.pk}"])
                for p in places
                if data[f"outcome_{p.pk}"] != services.DEFAULT_OUTCOME or data[f"note_{p.pk}"]
            },
            by=request.user,
            key=request.POST.get("idempotency_key") or new_key(),
        )
        if not result.refused:
            messages.success(request, f"{result.recorded} outcome{'s'[: result.recorded != 1]} recorded.")
            return redirect("overdue_outcomes")
        for crn, error in result.refused.items():
            form.add_error(None, f"{crn}: {error}")
    ctx = {"session": session, "form": form, "key": new_key()}
    return render(request, "overdue/session_outcomes.html", ctx)
