import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from upw.attendance.services import new_key
from upw.core import selectors as core_selectors
from upw.core.access import OFFICE_ROLES, effective_role, get_visible, may_read, visible
from upw.dayview import selectors as dayview_selectors
from upw.dayview.forms import BulkChangeForm
from upw.models import Allocation, Person, ProbationDeliveryUnit, Session, SessionStatus, Supervisor
from upw.sessions import selectors as sessions_selectors
from upw.sessions.forms import SessionFilterForm
from upw.web.filters import valid_filters
from upw.web.pagination import page_numbers


def _week_from(value: str | None, today: dt.date) -> dt.date:
    """The Monday of the week asked for (any day in it will do), or of this week if none or unreadable."""
    try:
        day = dt.date.fromisoformat(value) if value else today
    except ValueError:
        day = today
    return core_selectors.week_start(day)


@login_required
@require_GET
def session_week(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    monday = _week_from(request.GET.get("week"), today)
    # Partners may not see supervisors, so their week view leaves the column out.
    show_supervisors = may_read(request.user, Supervisor)
    scoped = visible(request.user, Session)
    pdus = ProbationDeliveryUnit.objects.filter(id__in=scoped.values("project__site__pdu_id"))
    form = SessionFilterForm(request.GET, pdus=pdus, with_staffing=show_supervisors)
    filters = valid_filters(form)
    chosen = sessions_selectors.filter_sessions(
        sessions=scoped,
        pdu=filters.get("pdu"),
        project_type=filters.get("project_type", ""),
        staffing=filters.get("staffing", ""),
    )
    week = sessions_selectors.week_page(
        sessions=chosen,
        monday=monday,
        with_supervisors=show_supervisors,
        page_size=settings.SESSION_WEEK_PAGE_SIZE,
        page_number=request.GET.get("page"),
    )
    ctx = {
        "days": week.days,
        "week_days": week.week,
        "page_obj": week.page,
        "page_numbers": page_numbers(week.page.paginator, week.page),
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "previous_week": monday - dt.timedelta(days=7),
        "next_week": monday + dt.timedelta(days=7),
        "this_week": core_selectors.week_start(today),
        "today": today,
        "show_supervisors": show_supervisors,
        "session_count": week.session_count,
        "form": form,
        "filtered": any(filters.get(name) for name in ("pdu", "project_type", "staffing")),
    }
    return render(request, "sessions/session_week.html", ctx)


@login_required
@require_GET
def session_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_visible(request.user, Session, pk=session_id)
    # Partners see how many places are taken, never who fills them.
    allocations = None
    if may_read(request.user, Allocation):
        allocations = sessions_selectors.session_people(allocations=visible(request.user, Allocation), session=session)
    supervisors = []
    if may_read(request.user, Supervisor):
        supervisors = session.supervisor_assignments.select_related("supervisor__user")
    today = timezone.localdate()
    office = effective_role(request.user) in OFFICE_ROLES
    may_change_places = office and session.date >= today
    cannot_run = ""
    bulk = {}
    if office:
        cannot_run = dayview_selectors.session_cannot_run(visible(request.user, Session), session=session, today=today)
    if may_change_places:
        places = list(
            dayview_selectors.changeable_places(visible(request.user, Allocation).filter(session=session), today=today)
        )
        targets = dayview_selectors.move_targets(
            visible(request.user, Session),
            region_ids=[session.project.site.pdu.region_id],
            exclude_ids=[session.pk],
            today=today,
        )
        bulk = {"form": BulkChangeForm(places=places, targets=targets), "places": places, "key": new_key()}
    ctx = {
        "session": session,
        "project": session.project,
        "cannot_run": cannot_run,
        "bulk": bulk,
        "places_taken": core_selectors.places_taken(session),
        "allocations": allocations,
        "supervisors": supervisors,
        "may_open_people": may_read(request.user, Person),
        "may_change_places": may_change_places,
        "may_stand_down": office and session.status == SessionStatus.SCHEDULED and session.date >= today,
    }
    return render(request, "sessions/session_detail.html", ctx)
