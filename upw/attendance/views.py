"""Attendance pages: the supervisor's phone pages (my sessions, a session's register) and the
coordinator's absences to review. The phone pages post through the JSON API (static/js/attendance-offline.js)."""

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upw.attendance import selectors
from upw.attendance import services as service
from upw.attendance.forms import AdjustmentForm, AdvanceAbsenceForm, ReverseForm
from upw.attendance.services import new_key, outcomes_for
from upw.core import ledger, notices
from upw.core.access import OFFICE_ROLES, get_visible, recordable_allocations, recordable_sessions, visible
from upw.core.hours import late_minutes
from upw.models import Allocation, HoursLedgerEntry, Requirement, Role
from upw.models.attendance import Grade, OutcomeCode
from upw.models.attendance_sync import StaffNotice
from upw.web.csv_export import csv_response
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
        "offline_urls": _offline_pages(request.user, today),
    }
    return render(request, "attendance/my_sessions.html", ctx)


def _offline_pages(user, today: dt.date) -> list[str]:
    """The pages a phone keeps for working with no signal: today's and tomorrow's lists and registers."""
    tomorrow = today + dt.timedelta(days=1)
    days = recordable_sessions(user).filter(date__in=[today, tomorrow]).order_by("date", "start_time")
    my_sessions_url = reverse("my_sessions")
    return [
        my_sessions_url,
        f"{my_sessions_url}?date={tomorrow:%Y-%m-%d}",
        *(reverse("my_session", args=[pk]) for pk in days.values_list("pk", flat=True)),
    ]


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
            sum(
                e.minutes
                for e in record.ledger_entries.all()
                if e.kind in ("credit", "correction") and e.requirement_id == allocation.requirement_id
            )
            if record
            else 0
        )
    labels = dict(OutcomeCode.choices)
    ctx = {
        "session": session,
        "project": session.project,
        "people": people,
        "outcomes": [(code, labels[code]) for code in outcomes_for(request.user)],
        "grade_fields": (("work_quality", "Work quality"), ("behaviour", "Behaviour")),
        "grades": Grade.choices,
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
        try:
            ledger.ledger_adjust(
                requirement_id=requirement.pk,
                minutes=form.cleaned_data["minutes"],
                reason=form.cleaned_data["reason"],
                reason_code=form.cleaned_data["reason_code"],
                effective_on=form.cleaned_data["effective_on"],
                author=request.user,
                # The form's own key: submitting the same page twice adds one entry.
                idempotency_key=request.POST.get("idempotency_key") or None,
            )
        except ledger.LedgerError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, "Adjustment added to the ledger.")
            return redirect(f"{reverse('person', args=[requirement.person.crn])}#timeline")
    ctx = {
        "requirement": requirement,
        "form": form,
        "key": new_key(),
        "entries": _entries(requirement),
        "limits": ledger.adjustment_limits().items(),
    }
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


# The files a supervisor's page needs to draw itself with no signal (see the service worker).
OFFLINE_ASSETS = [
    "govuk/govuk-frontend.min.css",
    "moj/moj-frontend.min.css",
    "css/system-font.css",
    "css/app.css",
    "js/app.js",
    "govuk/govuk-frontend.min.js",
    "js/attendance-offline.js",
    "images/register-icon-192.png",
]


@require_GET
@cache_control(no_cache=True, max_age=0)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served under /my/ so that it may control the supervisors' pages."""
    assets = [static(path) for path in OFFLINE_ASSETS]
    context = {
        # A new set of file names (a deploy) makes a new worker, which replaces the old files.
        "version": hashlib.sha256("\n".join(assets).encode()).hexdigest()[:12],
        "assets": json.dumps(assets),
        "my_sessions_url": reverse("my_sessions"),
        "login_url": reverse("login"),
    }
    return render(request, "attendance/service_worker.js", context, content_type="text/javascript")


@require_GET
def web_manifest(request: HttpRequest) -> JsonResponse:
    """Lets a supervisor add the register to the phone's home screen."""
    manifest = {
        "name": f"{settings.SERVICE_NAME}: my sessions",
        "short_name": "My sessions",
        "start_url": reverse("my_sessions"),
        "scope": reverse("my_sessions").rsplit("sessions/", 1)[0],
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1d70b8",
        "icons": [
            {"src": static("images/register-icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("images/register-icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


@role_required(OFFICE_ROLES)
@require_http_methods(["GET", "POST"])
def absence_in_advance(request: HttpRequest, allocation_id: int) -> HttpResponse:
    """An acceptable absence or a rescheduling recorded before the session, as a sync action, so the
    supervisor's register shows it like anything else recorded."""
    allocation = get_visible(request.user, Allocation, pk=allocation_id)
    form = AdvanceAbsenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = service.attendance_apply_action(
            user=request.user,
            key=request.POST.get("idempotency_key") or new_key(),
            allocation_id=allocation.pk,
            kind="outcome",
            payload={"outcome": form.cleaned_data["outcome"], "notes": form.cleaned_data["notes"]},
            client_at=timezone.now(),
        )
        error = result.action.result.get("error")
        if not error:
            messages.success(
                request, f"{form.cleaned_data['outcome']} recorded for {allocation.session.date:%A %d %B}."
            )
            return redirect(f"{reverse('person', args=[allocation.requirement.person.crn])}#upcoming-sessions")
        field = result.action.result.get("field")
        form.add_error(field if field in form.fields else None, error)
    ctx = {"allocation": allocation, "form": form, "key": new_key()}
    return render(request, "attendance/absence_in_advance.html", ctx)


LEDGER_CSV_HEADER = (
    "Date",
    "Kind",
    "Minutes (upw sign: positive credits time)",
    "Minutes (MoJ Community Payback sign: positive adds to the hours required)",
    "Reason code",
    "Applies from",
    "Reason",
    "By",
)


@role_required(OFFICE_ROLES)
@require_GET
def requirement_ledger_csv(request: HttpRequest, requirement_id: int) -> HttpResponse:
    """The requirement's whole ledger as CSV, each amount in both sign conventions."""
    requirement = get_visible(request.user, Requirement, pk=requirement_id)
    entries = requirement.ledger_entries.select_related("author").order_by("id")
    rows = (
        (
            f"{timezone.localtime(e.created_at):%Y-%m-%d %H:%M}",
            e.get_kind_display(),
            e.minutes,
            -e.minutes,
            e.reason_code,
            e.effective_on or "",
            e.reason,
            e.author.username if e.author else "",
        )
        for e in entries.iterator()
    )
    return csv_response(f"ledger-{requirement.order_reference}", LEDGER_CSV_HEADER, rows)
