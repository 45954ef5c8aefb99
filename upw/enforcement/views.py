"""Enforcement: the coordinator reviews absences and failures to comply and decides on each."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from upw.core.access import OFFICE_ROLES, visible
from upw.enforcement import selectors
from upw.enforcement import services as enforcement
from upw.enforcement.forms import AbsenceDecisionForm
from upw.models import AttendanceRecord, Requirement
from upw.web.decorators import role_required
from upw.web.pagination import paginate


@role_required(OFFICE_ROLES)
@require_GET
def absences(request: HttpRequest) -> HttpResponse:
    records = selectors.absences_to_review(requirements=visible(request.user, Requirement))
    page, page_numbers = paginate(request, records)
    return render(request, "enforcement/absences.html", {"page_obj": page, "page_numbers": page_numbers})


@role_required(OFFICE_ROLES)
@require_http_methods(["GET", "POST"])
def absence_decide(request: HttpRequest, attendance_id: int) -> HttpResponse:
    record = (
        AttendanceRecord.objects.filter(allocation__requirement__in=visible(request.user, Requirement))
        .select_related("allocation__session__project", "allocation__requirement__person")
        .filter(pk=attendance_id)
        .first()
    )
    if record is None:
        raise Http404("No attendance record found.")
    form = AbsenceDecisionForm(request.POST or None, record=record)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["decision"] == "acceptable":
                enforcement.absence_mark_acceptable(
                    attendance_id=record.pk,
                    user=request.user,
                    outcome=data["acceptable_outcome"],
                    reason=data["reason"],
                    evidence=data["evidence"],
                )
                messages.success(request, "Marked acceptable.")
            else:
                action = enforcement.absence_mark_unacceptable(
                    attendance_id=record.pk, user=request.user, reason=data["reason"], evidence=data["evidence"]
                )
                messages.success(request, f"Marked unacceptable: {action.get_kind_display().lower()} recorded.")
        except enforcement.EnforcementError as error:
            # Decided meanwhile (a second tab, a double submit): say so rather than decide twice.
            messages.error(request, str(error))
        return redirect("absences")
    return render(request, "enforcement/absence_decide.html", {"record": record, "form": form})
