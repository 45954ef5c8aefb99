"""The partner portal: a partner's own projects, proposals, messages, impact and colleagues."""

import uuid

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from partners import workflow
from partners.decorators import partner_required
from partners.models import Invitation, Project, ProjectPhoto, ProjectStatus
from partners.organisations import services as organisations_services
from partners.organisations.forms import AcceptInvitationForm, InvitationForm
from partners.projects import selectors
from partners.projects import services as projects_services
from partners.projects.forms import MessageForm, PhotoForm, ProjectForm, initial_for
from partners.uploads import content_type_for
from upw.core.access import effective_role, get_visible, visible
from upw.models import Role, Session, User
from upw.web.pagination import paginate


def _organisation(request: HttpRequest):
    return request.user.partner_membership.organisation


@partner_required
@require_http_methods(["GET"])
def home(request: HttpRequest) -> HttpResponse:
    projects = selectors.partner_projects(projects=visible(request.user, Project))
    page, page_numbers = paginate(request, projects)
    ctx = {
        "organisation": _organisation(request),
        "membership": request.user.partner_membership,
        "page_obj": page,
        "page_numbers": page_numbers,
    }
    return render(request, "portal/home.html", ctx)


def _save(request: HttpRequest, form: ProjectForm, project: Project | None) -> Project | None:
    """Creates or updates from a valid form, then submits if asked. None if the service refused."""
    kwargs = {
        "user": request.user,
        "fields": form.project_fields(),
        "site": form.site(),
        "slots": form.slots(),
        "skills": form.cleaned_data["skills"],
        "risk_assessment": form.cleaned_data.get("risk_assessment"),
    }
    try:
        if project is None:
            project = projects_services.project_create(organisation=_organisation(request), **kwargs)
        else:
            project, _ = projects_services.project_update(project=project, **kwargs)
    except ValidationError as error:
        form.apply_service_error(error)
        return None
    if form.intent == ProjectForm.SUBMIT:
        try:
            projects_services.project_transition(project=project, user=request.user, action=workflow.Action.SUBMIT)
        except (ValidationError, workflow.TransitionNotAllowed) as error:
            messages.error(request, f"Saved, but not submitted: {' '.join(_messages(error))}")
            return project
        messages.success(request, f"{project.name} has been submitted for review.")
    else:
        messages.success(request, f"{project.name} has been saved.")
    return project


def _offers_submit(project: Project) -> bool:
    return project.status in (ProjectStatus.DRAFT, ProjectStatus.CHANGES_REQUESTED)


def _project_form(request: HttpRequest, project: Project | None) -> ProjectForm:
    """The posted proposal, checked for the button pressed: save as draft, submit, or save changes."""
    intent = request.POST.get("intent")
    # Only a project not yet submitted may be saved half-finished (the form offers the choice then).
    if intent not in (ProjectForm.DRAFT, ProjectForm.SUBMIT) or (project is not None and not _offers_submit(project)):
        intent = ProjectForm.SAVE
    return ProjectForm(request.POST, request.FILES, intent=intent, organisation=_organisation(request), project=project)


def _messages(error: Exception) -> list[str]:
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)]


def _submission_key(request: HttpRequest, submission_id: str) -> str:
    return f"partners:new-project:{request.user.pk}:{submission_id[:64]}"


@partner_required
@require_http_methods(["GET", "POST"])
def project_new(request: HttpRequest) -> HttpResponse:
    # Each form carries an id, so a double click or a retried request opens the project made
    # the first time instead of making a second one.
    submission_id = request.POST.get("submission_id") or uuid.uuid4().hex
    if request.method == "POST":
        made = cache.get(_submission_key(request, submission_id))
        if made is not None and visible(request.user, Project).filter(pk=made).exists():
            return redirect("partner-project", made)
        form = _project_form(request, None)
        if form.is_valid():
            project = _save(request, form, None)
            if project is not None:
                cache.set(_submission_key(request, submission_id), project.pk, timeout=60 * 60)
                return redirect("partner-project", project.pk)
    else:
        form = ProjectForm()
    ctx = {"form": form, "project": None, "offer_submit": True, "submission_id": submission_id}
    return render(request, "portal/project_form.html", ctx)


@partner_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_visible(request.user, Project, pk=project_id)
    if not workflow.partner_may_edit(project.status):
        messages.error(request, projects_services.NOT_EDITABLE.format(status=project.get_status_display().lower()))
        return redirect("partner-project", project.pk)
    if request.method == "POST":
        form = _project_form(request, project)
        if form.is_valid():
            saved = _save(request, form, project)
            if saved is not None:
                return redirect("partner-project", saved.pk)
    else:
        form = ProjectForm(initial=initial_for(project))
    ctx = {"form": form, "project": project, "offer_submit": _offers_submit(project)}
    return render(request, "portal/project_form.html", ctx)


@partner_required
@require_http_methods(["GET"])
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_visible(request.user, Project, pk=project_id)
    ctx = {
        "project": project,
        "schedule": project.schedule.all(),
        "events": project.events.select_related("actor").all(),
        "impact": selectors.impact(project=project, sessions=visible(request.user, Session)),
        "photos": project.photos.all(),
        "may_edit": workflow.partner_may_edit(project.status),
        "may_submit": any(
            t.action == workflow.Action.SUBMIT for t in workflow.available(status=project.status, role=Role.PARTNER)
        ),
        "message_form": MessageForm(),
        "photo_form": PhotoForm(),
        "thread": selectors.thread(project=project),
    }
    return render(request, "portal/project_detail.html", ctx)


@partner_required
@require_POST
def project_submit(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_visible(request.user, Project, pk=project_id)
    try:
        projects_services.project_transition(project=project, user=request.user, action=workflow.Action.SUBMIT)
    except (ValidationError, workflow.TransitionNotAllowed) as error:
        messages.error(request, " ".join(_messages(error)))
    else:
        messages.success(request, f"{project.name} has been submitted for review.")
    return redirect("partner-project", project.pk)


@login_required
@require_POST
def project_message(request: HttpRequest, project_id: int) -> HttpResponse:
    """Partners and coordinators write on the same thread; each goes back to their own page."""
    project = get_visible(request.user, Project, pk=project_id)
    form = MessageForm(request.POST)
    back = "partner-project" if effective_role(request.user) == Role.PARTNER else "review-project"
    if form.is_valid():
        try:
            projects_services.project_message(project=project, user=request.user, message=form.cleaned_data["message"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Your message has been sent.")
    else:
        messages.error(request, projects_services.EMPTY_MESSAGE)
    return redirect(f"{reverse(back, args=[project.pk])}#messages")


@login_required
@require_POST
def photo_add(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_visible(request.user, Project, pk=project_id)
    form = PhotoForm(request.POST, request.FILES)
    back = "partner-project" if effective_role(request.user) == Role.PARTNER else "review-project"
    if form.is_valid():
        projects_services.photo_add(
            project=project, user=request.user, image=form.cleaned_data["image"], caption=form.cleaned_data["caption"]
        )
        messages.success(request, "The photo has been added.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(f"{reverse(back, args=[project.pk])}#impact")


@login_required
@require_http_methods(["GET"])
def risk_assessment(request: HttpRequest, project_id: int) -> HttpResponse:
    """The risk assessment file, to those who may see the project only; never a public URL."""
    project = get_visible(request.user, Project, pk=project_id)
    if effective_role(request.user) not in (Role.PARTNER, Role.COORDINATOR, Role.ADMIN) or not project.risk_assessment:
        raise Http404("No risk assessment found.")
    response = FileResponse(
        project.risk_assessment.open("rb"),
        as_attachment=True,
        filename=project.risk_assessment_name or "risk-assessment",
        content_type=content_type_for(project.risk_assessment.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET"])
def photo(request: HttpRequest, photo_id: int) -> HttpResponse:
    item = ProjectPhoto.objects.filter(pk=photo_id).select_related("project").first()
    if item is None or not visible(request.user, Project).filter(pk=item.project_id).exists():
        raise Http404("No photo found.")
    response = FileResponse(item.image.open("rb"), content_type=content_type_for(item.image.name))
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Colleagues and invitations ---------------------------------------------------------------------


@partner_required
@require_http_methods(["GET", "POST"])
def colleagues(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    may_invite = organisations_services.may_invite(request.user, organisation)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if not may_invite:
            raise PermissionDenied(organisations_services.CANNOT_INVITE)
        if form.is_valid():
            try:
                organisations_services.invitation_create(
                    organisation=organisation,
                    email=form.cleaned_data["email"],
                    invited_by=request.user,
                    is_organisation_admin=form.cleaned_data["is_organisation_admin"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field, errors)
            else:
                messages.success(request, f"An invitation has been sent to {form.cleaned_data['email']}.")
                return redirect("partner-colleagues")
    members = User.objects.filter(partner_membership__organisation=organisation).select_related("partner_membership")
    ctx = {
        "organisation": organisation,
        "members": members.order_by("first_name", "last_name"),
        "invitations": organisation.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True),
        "may_invite": may_invite,
        "form": form,
    }
    return render(request, "portal/colleagues.html", ctx)


@partner_required
@require_http_methods(["GET", "POST"])
def colleague_active(request: HttpRequest, user_id: int) -> HttpResponse:
    """Deactivate (or reactivate) a colleague, after a confirmation page."""
    organisation = _organisation(request)
    member = User.objects.filter(pk=user_id, partner_membership__organisation=organisation).first()
    if member is None:
        raise Http404("No colleague found.")
    if not organisations_services.may_invite(request.user, organisation):
        raise PermissionDenied(organisations_services.CANNOT_INVITE)
    activate = not member.is_active
    if request.method == "POST":
        try:
            organisations_services.member_set_active(member=member, by=request.user, active=activate)
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            name = member.get_full_name() or member.email
            messages.success(request, f"{name} has been {'reactivated' if activate else 'deactivated'}.")
        return redirect("partner-colleagues")
    return render(request, "portal/colleague_confirm.html", {"member": member, "activate": activate})


@partner_required
@require_POST
def invitation_revoke(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = Invitation.objects.filter(pk=invitation_id, organisation=_organisation(request)).first()
    if invitation is None:
        raise Http404("No invitation found.")
    organisations_services.invitation_revoke(invitation=invitation, user=request.user)
    messages.success(request, f"The invitation to {invitation.email} has been withdrawn.")
    return redirect("partner-colleagues")


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone holding the link may create the account it was sent for, once."""
    try:
        invitation = organisations_services.invitation_for_token(token)
    except ValidationError as error:
        return render(request, "portal/invitation_invalid.html", {"message": error.messages[0]}, status=410)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = organisations_services.invitation_accept(
                raw=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field, errors)
            else:
                return render(request, "portal/invitation_invalid.html", {"message": error.messages[0]}, status=410)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome. Your account for {invitation.organisation} is ready.")
            return redirect("partner-home")
    return render(request, "portal/invitation_accept.html", {"form": form, "invitation": invitation})
