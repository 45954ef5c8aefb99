from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partners.models import Project
from partners.projects import selectors as projects_selectors
from partners.projects.forms import ProjectFilterForm
from upw.core.access import get_visible, may_read, visible
from upw.models import ProbationDeliveryUnit, Session
from upw.sessions import selectors as sessions_selectors
from upw.web.filters import valid_filters
from upw.web.pagination import paginate
from upw.web.sorting import order_by, sort_from

# The project list's sortable columns and their headers.
PROJECT_COLUMNS = {
    "name": "Project",
    "partner": "Partner",
    "site": "Site",
    "pdu": "PDU",
    "type": "Type",
    "status": "Status",
}
PROJECT_FILTERS = ("q", "status", "project_type", "pdu")


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    scoped = visible(request.user, Project)
    form = ProjectFilterForm(
        request.GET, pdus=ProbationDeliveryUnit.objects.filter(id__in=scoped.values("site__pdu_id"))
    )
    filters = valid_filters(form)
    sort = sort_from(request, PROJECT_COLUMNS, default="name")
    projects = projects_selectors.project_list(
        projects=scoped,
        q=filters.get("q", ""),
        status=filters.get("status", ""),
        project_type=filters.get("project_type", ""),
        pdu=filters.get("pdu"),
        ordering=order_by(sort, projects_selectors.PROJECT_SORTS),
    )
    page, page_numbers = paginate(request, projects)
    filtered = any(filters.get(name) for name in PROJECT_FILTERS)
    ctx = {"form": form, "page_obj": page, "page_numbers": page_numbers, "filtered": filtered, "sort": sort}
    return render(request, "projects/project_list.html", ctx)


@login_required
@require_GET
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_visible(request.user, Project, pk=project_id)
    # A national lead reads the project but not its sessions, which lead to the people on them.
    readable = visible(request.user, Session) if may_read(request.user, Session) else Session.objects.none()
    sessions = sessions_selectors.upcoming_sessions(
        sessions=readable.filter(project=project), today=timezone.localdate()
    )
    ctx = {"project": project, "schedule": project.schedule.all(), "sessions": sessions}
    return render(request, "projects/project_detail.html", ctx)
