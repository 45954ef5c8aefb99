from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partners.models import Project
from partners.projects import selectors as projects_selectors
from partners.projects.forms import ProjectFilterForm
from upw.core.access import get_visible, visible
from upw.models import Session
from upw.sessions import selectors as sessions_selectors
from upw.web.filters import valid_filters
from upw.web.pagination import paginate


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectFilterForm(request.GET)
    filters = valid_filters(form)
    projects = projects_selectors.project_list(
        projects=visible(request.user, Project),
        q=filters.get("q", ""),
        status=filters.get("status", ""),
        project_type=filters.get("project_type", ""),
    )
    page, page_numbers = paginate(request, projects)
    filtered = any(filters.get(name) for name in ("q", "status", "project_type"))
    ctx = {"form": form, "page_obj": page, "page_numbers": page_numbers, "filtered": filtered}
    return render(request, "projects/project_list.html", ctx)


@login_required
@require_GET
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_visible(request.user, Project, pk=project_id)
    sessions = sessions_selectors.upcoming_sessions(
        sessions=visible(request.user, Session).filter(project=project), today=timezone.localdate()
    )
    ctx = {"project": project, "schedule": project.schedule.all(), "sessions": sessions}
    return render(request, "projects/project_detail.html", ctx)
