"""Enforcement: the coordinator reviews absences and failures to comply and decides on each."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from upw.core.access import OFFICE_ROLES, visible
from upw.enforcement import selectors
from upw.enforcement import services as enforcement
from upw.enforcement.forms import AbsenceDecisionForm, AbsenceFilterForm, ReferralOutcomeForm, RespondByForm
from upw.models import AttendanceRecord, EnforcementAction, ProbationDeliveryUnit, Requirement
from upw.web.decorators import role_required
from upw.web.filters import valid_filters
from upw.web.pagination import paginate
from upw.web.sorting import order_by, sort_from

# The absences list's sortable columns and their headers; the oldest session first unless asked.
ABSENCE_COLUMNS = {
    "person": "Person",
    "pdu": "PDU",
    "date": "Session",
    "project": "Project",
    "outcome": "Outcome",
}
ABSENCE_FILTERS = ("pdu", "waiting_days")


@role_required(OFFICE_ROLES)
@require_GET
def absences(request: HttpRequest) -> HttpResponse:
    requirements = visible(request.user, Requirement)
    pdus = ProbationDeliveryUnit.objects.filter(id__in=requirements.values("person__pdu_id"))
    form = AbsenceFilterForm(request.GET, pdus=pdus)
    filters = valid_filters(form)
    sort = sort_from(request, ABSENCE_COLUMNS, default="date")
    records = selectors.absences_to_review(
        requirements=requirements,
        pdu=filters.get("pdu"),
        waiting_days=filters.get("waiting_days"),
        today=timezone.localdate(),
        ordering=order_by(sort, selectors.ABSENCE_SORTS),
    )
    page, page_numbers = paginate(request, records)
    ctx = {
        "form": form,
        "page_obj": page,
        "page_numbers": page_numbers,
        "sort": sort,
        "filtered": any(filters.get(name) is not None for name in ABSENCE_FILTERS),
    }
    return render(request, "enforcement/absences.html", ctx)


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
                    attendance_id=record.pk,
                    user=request.user,
                    reason=data["reason"],
                    evidence=data["evidence"],
                    refer=data["decision"] == "refer",
                )
                messages.success(request, f"Marked unacceptable: {action.get_kind_display().lower()} recorded.")
        except enforcement.EnforcementError as error:
            # Decided meanwhile (a second tab, a double submit): say so rather than decide twice.
            messages.error(request, str(error))
        return redirect("absences")
    return render(request, "enforcement/absence_decide.html", {"record": record, "form": form})


@role_required(OFFICE_ROLES)
@require_GET
def referrals(request: HttpRequest) -> HttpResponse:
    found = selectors.referrals(
        requirements=visible(request.user, Requirement), open_only=request.GET.get("open") == "1"
    )
    page, page_numbers = paginate(request, found)
    ctx = {"page_obj": page, "page_numbers": page_numbers, "open_only": request.GET.get("open") == "1"}
    return render(request, "enforcement/referrals.html", ctx)


def _referral(request: HttpRequest, referral_id: int) -> EnforcementAction:
    referral = selectors.referrals(requirements=visible(request.user, Requirement)).filter(pk=referral_id).first()
    if referral is None:
        raise Http404("No referral found.")
    return referral


@role_required(OFFICE_ROLES)
@require_http_methods(["GET", "POST"])
def referral_outcome(request: HttpRequest, referral_id: int) -> HttpResponse:
    referral = _referral(request, referral_id)
    posted = request.POST if request.method == "POST" else None
    which = request.POST.get("form") if posted else None
    outcome_form = ReferralOutcomeForm(posted if which == "outcome" else None)
    respond_form = RespondByForm(posted if which == "respond_by" else None, initial={"respond_by": referral.respond_by})
    today = timezone.localdate()
    try:
        if which == "outcome" and outcome_form.is_valid():
            data = outcome_form.cleaned_data
            enforcement.referral_record_outcome(
                referral_id=referral.pk,
                outcome=data["outcome"],
                on=data["outcome_on"],
                note=data["note"],
                user=request.user,
                today=today,
            )
            messages.success(request, "Outcome of the referral recorded.")
            return redirect("referrals")
        if which == "respond_by" and respond_form.is_valid():
            enforcement.referral_change_respond_by(
                referral_id=referral.pk,
                respond_by=respond_form.cleaned_data["respond_by"],
                user=request.user,
                today=today,
            )
            messages.success(request, "Respond-by date changed.")
            return redirect("referral_outcome", referral_id=referral.pk)
    except enforcement.EnforcementError as refused:
        (outcome_form if which == "outcome" else respond_form).add_error(None, str(refused))
    ctx = {"referral": referral, "outcome_form": outcome_form, "respond_form": respond_form}
    return render(request, "enforcement/referral_outcome.html", ctx)
