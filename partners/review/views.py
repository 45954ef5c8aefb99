"""Coordinators' side: the review queue, decisions, partner invitations and nominations."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from partners import workflow
from partners.decorators import staff_required
from partners.models import Nomination, NominationStatus, PartnerOrganisation, Project
from partners.nominations import selectors as nominations_selectors
from partners.nominations import services as nominations_services
from partners.nominations.forms import NominationConvertForm, NominationTriageForm
from partners.organisations import services as organisations_services
from partners.organisations.forms import InvitationForm, OrganisationForm
from partners.projects import selectors as projects_selectors
from partners.projects import services as projects_services
from partners.projects.forms import MessageForm, PhotoForm, ProjectForm, initial_for
from partners.review.forms import ReviewFilterForm, TransitionForm
from partners.uploads import content_type_for
from upw.core.access import effective_role, get_visible, visible
from upw.models import ProbationDeliveryUnit, Region, Role, Session
from upw.web.filters import valid_filters
from upw.web.pagination import paginate
from upw.web.sorting import order_by, sort_from


def _regions(user):
    return Region.objects.all() if effective_role(user) == Role.ADMIN else user.regions.all()


# The review queue's sortable columns and their headers; oldest proposal first unless asked.
QUEUE_COLUMNS = {
    "name": "Project",
    "partner": "Partner",
    "pdu": "PDU",
    "type": "Type",
    "proposed": "Proposed",
    "status": "Status",
}
QUEUE_FILTERS = ("status", "region", "q", "project_type", "pdu")


@staff_required
@require_http_methods(["GET"])
def queue(request: HttpRequest) -> HttpResponse:
    scoped = visible(request.user, Project)
    pdus = ProbationDeliveryUnit.objects.filter(id__in=scoped.values("site__pdu_id"))
    form = ReviewFilterForm(request.GET, regions=_regions(request.user), pdus=pdus)
    filters = valid_filters(form)
    sort = sort_from(request, QUEUE_COLUMNS, default="proposed")
    projects = projects_selectors.review_queue(
        projects=scoped,
        status=filters.get("status") or "",
        region=filters.get("region"),
        q=filters.get("q") or "",
        project_type=filters.get("project_type") or "",
        pdu=filters.get("pdu"),
        ordering=order_by(sort, projects_selectors.QUEUE_SORTS),
    )
    page, page_numbers = paginate(request, projects)
    ctx = {
        "form": form,
        "page_obj": page,
        "page_numbers": page_numbers,
        "sort": sort,
        "filtered": any(filters.get(n) for n in QUEUE_FILTERS),
        "counts": projects_selectors.queue_counts(
            projects=visible(request.user, Project), nominations_qs=visible(request.user, Nomination)
        ),
        "attention": visible(request.user, Session).filter(needs_attention=True).count(),
    }
    return render(request, "review/review_queue.html", ctx)


@staff_required
@require_http_methods(["GET"])
def project(request: HttpRequest, project_id: int) -> HttpResponse:
    item = get_visible(request.user, Project, pk=project_id)
    sessions = visible(request.user, Session).filter(project=item)
    ctx = {
        "project": item,
        "schedule": item.schedule.all(),
        "events": item.events.select_related("actor").all(),
        "transitions": workflow.available(status=item.status, role=effective_role(request.user)),
        "impact": projects_selectors.impact(project=item, sessions=visible(request.user, Session)),
        "upcoming": sessions.filter(date__gte=timezone.localdate()).order_by("date", "start_time")[:10],
        "attention": sessions.filter(needs_attention=True).order_by("date"),
        "photos": item.photos.all(),
        "message_form": MessageForm(),
        "photo_form": PhotoForm(),
        "thread": projects_selectors.thread(project=item),
    }
    return render(request, "review/review_project.html", ctx)


@staff_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    """A coordinator changes a project at any stage; a schedule change regenerates future sessions."""
    item = get_visible(request.user, Project, pk=project_id)
    if request.method == "POST":
        form = ProjectForm(request.POST, request.FILES, organisation=item.organisation, project=item)
        if form.is_valid():
            try:
                item, generated = projects_services.project_update(
                    project=item,
                    user=request.user,
                    fields=form.project_fields(),
                    site=form.site(),
                    slots=form.slots(),
                    skills=form.cleaned_data["skills"],
                    risk_assessment=form.cleaned_data.get("risk_assessment"),
                )
            except ValidationError as error:
                form.apply_service_error(error)
            else:
                note = ""
                if generated:
                    note = (
                        f" Sessions: {generated.created} added, {generated.deleted} removed, "
                        f"{generated.flagged} flagged for attention."
                    )
                messages.success(request, f"{item.name} has been saved.{note}")
                return redirect("review-project", item.pk)
    else:
        form = ProjectForm(initial=initial_for(item))
    ctx = {"form": form, "project": item, "staff_edit": True, "back_url": reverse("review-project", args=[item.pk])}
    return render(request, "portal/project_form.html", ctx)


@staff_required
@require_POST
def transition(request: HttpRequest, project_id: int) -> HttpResponse:
    item = get_visible(request.user, Project, pk=project_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose an action.")
        return redirect("review-project", item.pk)
    try:
        item = projects_services.project_transition(
            project=item, user=request.user, action=form.cleaned_data["action"], message=form.cleaned_data["message"]
        )
    except (workflow.TransitionNotAllowed, ValidationError) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text)
    else:
        messages.success(request, workflow.outcome(item.name, item.status))
    return redirect("review-project", item.pk)


@staff_required
@require_http_methods(["GET"])
def attention(request: HttpRequest) -> HttpResponse:
    sessions = projects_selectors.sessions_needing_attention(sessions=visible(request.user, Session))
    page, page_numbers = paginate(request, sessions)
    return render(request, "review/attention.html", {"page_obj": page, "page_numbers": page_numbers})


@staff_required
@require_POST
def attention_resolve(request: HttpRequest, session_id: int) -> HttpResponse:
    session = get_visible(request.user, Session, pk=session_id)
    Session.objects.filter(pk=session.pk).update(needs_attention=False, attention_reason="")
    messages.success(request, f"{session} is no longer flagged.")
    return redirect("review-attention")


# --- Organisations and invitations ----------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def organisations(request: HttpRequest) -> HttpResponse:
    """The partners a coordinator works with, and a form to add one."""
    form = OrganisationForm(request.POST or None, regions=_regions(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            made = organisations_services.organisation_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field, errors)
        else:
            if organisations_services.may_invite(request.user, made):
                messages.success(request, f"{made} has been added. Invite its first user.")
            else:
                messages.success(request, f"{made} has been added. An administrator will invite its first user.")
            return redirect("review-organisation-invite", made.pk)
    orgs = visible(request.user, PartnerOrganisation).distinct().order_by("name")
    page, page_numbers = paginate(request, orgs)
    return render(request, "review/organisations.html", {"page_obj": page, "page_numbers": page_numbers, "form": form})


@staff_required
@require_http_methods(["GET", "POST"])
def organisation_invite(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = get_visible(request.user, PartnerOrganisation, pk=organisation_id)
    may_invite = organisations_services.may_invite(request.user, organisation)
    if request.method == "POST" and not may_invite:
        raise PermissionDenied(organisations_services.cannot_invite_message(organisation))
    form = InvitationForm(request.POST or None, initial={"is_organisation_admin": True})
    if request.method == "POST" and form.is_valid():
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
            return redirect("review-organisation-invite", organisation.pk)
    ctx = {
        "organisation": organisation,
        "form": form,
        "may_invite": may_invite,
        "cannot_invite": organisations_services.cannot_invite_message(organisation),
        "members": organisation.memberships.select_related("user").order_by("user__first_name"),
        "invitations": organisation.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True),
    }
    return render(request, "review/organisation_invite.html", ctx)


# --- Nominations ----------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET"])
def nominations(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in NominationStatus.values:
        status = ""
    items = nominations_selectors.nominations(
        nominations=visible(request.user, Nomination), status=status, q=request.GET.get("q", "")[:100]
    )
    page, page_numbers = paginate(request, items)
    ctx = {
        "page_obj": page,
        "page_numbers": page_numbers,
        "status": status,
        "q": request.GET.get("q", ""),
        "statuses": NominationStatus.choices,
    }
    return render(request, "review/nominations.html", ctx)


@staff_required
@require_http_methods(["GET", "POST"])
def nomination(request: HttpRequest, nomination_id: int) -> HttpResponse:
    item = get_visible(request.user, Nomination, pk=nomination_id)
    orgs = visible(request.user, PartnerOrganisation).distinct().order_by("name")
    triage_form = NominationTriageForm(initial={"status": item.status, "note": item.triage_note})
    convert_form = NominationConvertForm(organisations=orgs)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "convert":
                convert_form = NominationConvertForm(request.POST, organisations=orgs)
                if convert_form.is_valid():
                    made = nominations_services.nomination_convert(
                        nomination=item, user=request.user, **convert_form.cleaned_data
                    )
                    messages.success(request, f"Draft project {made.name} made for {made.organisation}.")
                    return redirect("review-project", made.pk)
            else:
                triage_form = NominationTriageForm(request.POST)
                if triage_form.is_valid():
                    nominations_services.nomination_triage(
                        nomination=item, user=request.user, **triage_form.cleaned_data
                    )
                    messages.success(request, f"{item.reference} updated.")
                    return redirect("review-nomination", item.pk)
        except ValidationError as error:
            target = convert_form if request.POST.get("form") == "convert" else triage_form
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    target.add_error(field if field in target.fields else None, errors)
            else:
                target.add_error(None, error.messages)
    ctx = {"nomination": item, "triage_form": triage_form, "convert_form": convert_form}
    return render(request, "review/nomination_detail.html", ctx)


@staff_required
@require_http_methods(["GET"])
def nomination_photo(request: HttpRequest, nomination_id: int) -> HttpResponse:
    item = get_visible(request.user, Nomination, pk=nomination_id)
    if not item.photo:
        raise Http404("No photo found.")
    response = FileResponse(item.photo.open("rb"), content_type=content_type_for(item.photo.name))
    response["X-Content-Type-Options"] = "nosniff"
    return response
