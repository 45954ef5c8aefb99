"""Who could fill a session's place, and which sessions a person could do, with a Book button."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scheduler.candidates import selectors, services
from scheduler.models import RotaRun
from scheduler.rota.services import EditRefused
from upw.attendance.services import new_key
from upw.core.access import OFFICE_ROLES, get_visible, require_role, visible
from upw.models import Person, Session

NO_SUPERVISOR = "Choose a supervisor to add."


def _session_page(request: HttpRequest, session: Session, refusal=None) -> HttpResponse:
    found = selectors.who_could_fill(session=session, people=visible(request.user, Person), today=timezone.localdate())
    ctx = {"session": session, "project": session.project, "found": found, "refusal": refusal, "key": new_key()}
    return render(request, "candidates/session_candidates.html", ctx, status=409 if refusal else 200)


def _person_page(request: HttpRequest, person: Person, refusal=None) -> HttpResponse:
    found = selectors.sessions_for(person=person, sessions=visible(request.user, Session), today=timezone.localdate())
    ctx = {"person": person, "found": found, "refusal": refusal, "key": new_key()}
    return render(request, "candidates/person_candidates.html", ctx, status=409 if refusal else 200)


@login_required
@require_GET
def session_candidates(request: HttpRequest, session_id: int) -> HttpResponse:
    require_role(request.user, OFFICE_ROLES)
    return _session_page(request, get_visible(request.user, Session, pk=session_id))


@login_required
@require_GET
def person_candidates(request: HttpRequest, crn: str) -> HttpResponse:
    require_role(request.user, OFFICE_ROLES)
    return _person_page(request, get_visible(request.user, Person, crn=crn))


@login_required
@require_POST
def candidate_book(request: HttpRequest, session_id: int) -> HttpResponse:
    require_role(request.user, OFFICE_ROLES)
    session = get_visible(request.user, Session, pk=session_id)
    person = get_visible(request.user, Person, pk=request.POST.get("person") or 0)
    back_to_person = request.POST.get("back") == "person"
    try:
        booked = services.candidate_book(
            requirement=selectors.requirement_to_book(person=person),
            session=session,
            by=request.user,
            today=timezone.localdate(),
            key=request.POST.get("idempotency_key", ""),
        )
    except services.BookingRefused as refused:
        refusal = {"message": str(refused), "reasons": refused.reasons}
        return _person_page(request, person, refusal) if back_to_person else _session_page(request, session, refusal)
    when = date_format(session.date, "l j F")
    if booked.created:
        messages.success(request, f"{person.crn} booked on {session.project.name}, {when}.")
    else:
        messages.info(request, f"{person.crn} was already booked on {session.project.name}, {when}.")
    if back_to_person:
        return redirect(reverse("person", args=[person.crn]) + "#upcoming-sessions")
    return redirect("session", session_id=session.pk)


def _staffing_page(request: HttpRequest, run: RotaRun, session_id: int, refusal=None) -> HttpResponse:
    staffing = services.staffing_candidates(run=run, session_id=session_id)
    if staffing.unavailable and refusal is None:
        raise Http404(staffing.unavailable)
    ctx = {"run": run, "staffing": staffing, "editable": run.is_editable, "refusal": refusal}
    return render(request, "candidates/rota_staffing.html", ctx, status=409 if refusal else 200)


@login_required
@require_http_methods(["GET", "POST"])
def rota_staffing(request: HttpRequest, run_id: int, session_id: int) -> HttpResponse:
    require_role(request.user, OFFICE_ROLES)
    run = get_visible(request.user, RotaRun, pk=run_id)
    if request.method == "GET":
        return _staffing_page(request, run, session_id)
    try:
        supervisor_id = int(request.POST.get("supervisor", ""))
    except ValueError:
        return _staffing_page(request, run, session_id, {"message": NO_SUPERVISOR, "reasons": []})
    try:
        assignment = services.staff_session(
            run=run, user=request.user, session_id=session_id, supervisor_id=supervisor_id
        )
    except EditRefused as refused:
        refusal = {"message": " ".join(refused.reasons), "reasons": refused.reasons}
        return _staffing_page(request, run, session_id, refusal)
    messages.success(
        request, f"{assignment.supervisor} added to the session on {date_format(assignment.session.date, 'l j F')}."
    )
    return redirect(reverse("rota-run", args=[run.pk]) + f"#unstaffed-{session_id}")
