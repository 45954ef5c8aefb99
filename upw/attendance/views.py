"""Attendance pages: the supervisor's phone pages (my sessions, a session's register) and the
coordinator's absences to review. The phone pages post through the JSON API (static/js/attendance-offline.js)."""

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upw.attendance import selectors
from upw.attendance.forms import AdjustmentForm, ReverseForm
from upw.attendance.services import new_key, outcomes_for
from upw.core import ledger, notices
from upw.core.access import OFFICE_ROLES, get_visible, recordable_allocations, recordable_sessions, visible
from upw.core.hours import late_minutes
from upw.models import HoursLedgerEntry, Requirement, Role
from upw.models.attendance import OutcomeCode
from upw.models.attendance_sync import StaffNotice
from upw.web.decorators import role_required

RECORDING_ROLES = frozenset({Role.SUPERVISOR, Role.PARTNER, Role.COORDINATOR, Role.ADMIN})


def _day(value: str | None, today: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else today
    except ValueError:
        return today


@role_required(RECORDING_ROLES)
@require_GET
def my_sessions(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    day = _day(request.GET.get("date"), today)
    sessions = selectors.sessions_on(sessions=recordable_sessions(request.user), date=day)
    ctx = {
        "sessions": sessions,
        "day": day,
        "today": today,
        "previous_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1),
    }
    return render(request, "attendance/my_sessions.html", ctx)


@role_required(RECORDING_ROLES)
@require_GET
def my_session(request: HttpRequest, session_id: int) -> HttpResponse:
    session = recordable_sessions(request.user).filter(pk=session_id).select_related("project__site").first()
    if session is None:
        raise Http404("No session found.")
    tz = timezone.get_default_timezone()
    start = dt.datetime.combine(session.date, session.start_time, tzinfo=tz)
    people = selectors.session_register(allocations=recordable_allocations(request.user), session=session)
    for allocation in people:
        allocation.name = selectors.display_name(request.user, allocation.requirement.person)
        record = allocation.record
        allocation.late = late_minutes(arrived=record.arrived_at if record else None, session_start=start)
        allocation.credited = (
            sum(e.minutes for e in record.ledger_entries.all() if e.kind in ("credit", "correction")) if record else 0
        )
    labels = dict(OutcomeCode.choices)
    ctx = {
        "session": session,
        "project": session.project,
        "people": people,
        "outcomes": [(code, labels[code]) for code in outcomes_for(request.user)],
        "case_details": selectors.sees_case_details(request.user),
        "utc_offset": start.strftime("%z")[:3] + ":" + start.strftime("%z")[3:],
        "is_today": session.date == timezone.localdate(),
        "is_future": session.date > timezone.localdate(),
    }
    return render(request, "attendance/my_session.html", ctx)


@role_required(OFFICE_ROLES)
@require_POST
def notice_acknowledge(request: HttpRequest, notice_id: int) -> HttpResponse:
    notice = StaffNotice.objects.filter(pk=notice_id, requirement__in=visible(request.user, Requirement)).first()
    if notice is None:
        raise Http404("No notice found.")
    notices.notice_acknowledge(notice=notice, user=request.user)
    return redirect(f"{reverse('dashboard')}#attendance")


@role_required(OFFICE_ROLES)
@require_http_methods(["GET", "POST"])
def requirement_adjust(request: HttpRequest, requirement_id: int) -> HttpResponse:
    """An adjustment to a requirement's hours: a new ledger entry with a reason."""
    requirement = get_visible(request.user, Requirement, pk=requirement_id)
    form = AdjustmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ledger.ledger_adjust(
            requirement_id=requirement.pk,
            minutes=form.cleaned_data["minutes"],
            reason=form.cleaned_data["reason"],
            author=request.user,
            # The form's own key: submitting the same page twice adds one entry.
            idempotency_key=request.POST.get("idempotency_key") or None,
        )
        messages.success(request, "Adjustment added to the ledger.")
        return redirect(f"{reverse('person', args=[requirement.person.crn])}#timeline")
    ctx = {"requirement": requirement, "form": form, "key": new_key(), "entries": _entries(requirement)}
    return render(request, "attendance/adjust.html", ctx)


@role_required(OFFICE_ROLES)
@require_http_methods(["GET", "POST"])
def ledger_entry_reverse(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Confirms, then reverses one ledger entry with a correction (never an edit)."""
    entry = (
        HoursLedgerEntry.objects.filter(pk=entry_id, requirement__in=visible(request.user, Requirement))
        .select_related("requirement__person")
        .first()
    )
    if entry is None:
        raise Http404("No ledger entry found.")
    form = ReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ledger.ledger_reverse(entry_id=entry.pk, reason=form.cleaned_data["reason"], author=request.user)
        except ledger.LedgerError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The entry was reversed by a correction.")
            return redirect(f"{reverse('person', args=[entry.requirement.person.crn])}#timeline")
    return render(request, "attendance/reverse.html", {"entry": entry, "form": form})


def _entries(requirement: Requirement):
    return requirement.ledger_entries.select_related("author", "reverses").order_by("-id")[:50]
