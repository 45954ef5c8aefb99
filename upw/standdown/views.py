"""Standing down one session, or a project's sessions over a range of dates: preview, then confirm."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from upw.core.access import OFFICE_ROLES, get_visible, require_role, visible
from upw.models import Session
from upw.standdown import services
from upw.standdown.forms import DateRangeForm, StandDownForm

# The partners app builds on this one, so its project model is reached through the session.
Project = Session._meta.get_field("project").related_model


def _done_message(result: services.StandDownResult) -> str:
    message = (
        f"{result.sessions} session{'s'[: result.sessions != 1]} stood down: {result.outcomes} "
        f"{'person' if result.outcomes == 1 else 'people'} recorded as AASD, {result.told} told by email or SMS, "
        f"{result.released} supervisor place{'s'[: result.released != 1]} released."
    )
    if result.not_told:
        message += f" Tell these people another way: {', '.join(result.not_told)}."
    return message


def _confirm(request: HttpRequest, form: StandDownForm, sessions) -> bool:
    if not (request.method == "POST" and "confirm" in request.POST and form.is_valid()):
        return False
    try:
        result = services.stand_down(
            sessions=sessions,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            by=request.user,
            today=timezone.localdate(),
        )
    except services.StandDownError as refused:
        form.add_error(refused.field if refused.field in form.fields else None, str(refused))
        return False
    messages.success(request, _done_message(result))
    return True


@login_required
def stand_down_session(request: HttpRequest, session_id: int) -> HttpResponse:
    require_role(request.user, OFFICE_ROLES)
    session = get_visible(request.user, Session, pk=session_id)
    sessions = visible(request.user, Session).filter(pk=session.pk)
    form = StandDownForm(request.POST if request.method == "POST" else None)
    if _confirm(request, form, sessions):
        return redirect("session", session_id=session.pk)
    affected = services.preview(services.standable(sessions, today=timezone.localdate()))
    ctx = {
        "form": form,
        "stand_form": form,
        "affected": affected,
        "session": session,
        "project": session.project,
        "range_form": None,
    }
    return render(request, "standdown/stand_down.html", ctx)


@login_required
def stand_down_project(request: HttpRequest, project_id: int) -> HttpResponse:
    require_role(request.user, OFFICE_ROLES)
    project = get_visible(request.user, Project, pk=project_id)
    data = request.POST if request.method == "POST" else (request.GET if "date_from" in request.GET else None)
    range_form = DateRangeForm(data)
    form = StandDownForm(request.POST if request.method == "POST" else None)
    affected = None
    if data is not None and range_form.is_valid():
        try:
            sessions = services.project_range(
                visible(request.user, Session),
                project_id=project.pk,
                date_from=range_form.cleaned_data["date_from"],
                date_to=range_form.cleaned_data["date_to"],
                today=timezone.localdate(),
            )
        except services.StandDownError as refused:
            range_form.add_error(refused.field or None, str(refused))
        else:
            if _confirm(request, form, sessions):
                return redirect("project", project_id=project.pk)
            affected = services.preview(sessions)
    ctx = {
        "form": form if request.method == "POST" else None,
        "stand_form": form,
        "range_form": range_form,
        "affected": affected,
        "project": project,
        "session": None,
    }
    return render(request, "standdown/stand_down.html", ctx)
