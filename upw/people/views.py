from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from upw import domain
from upw.attendance import selectors as attendance_selectors
from upw.core import at_risk, ledger
from upw.core.access import OFFICE_ROLES, effective_role, get_visible, may_see_sensitive, visible
from upw.models import Allocation, Person, ProbationDeliveryUnit, Requirement, Role
from upw.people import selectors as people_selectors
from upw.people import services as people_services
from upw.people.forms import DETAILS_FORMS, PeopleFilterForm, TransferForm
from upw.web.decorators import role_required
from upw.web.filters import valid_filters
from upw.web.pagination import paginate
from upw.web.sorting import sort_from

# The people list's sortable columns and their headers.
PEOPLE_COLUMNS = {
    "name": "Name",
    "crn": "CRN",
    "pdu": "PDU",
    "hours_ordered": "Hours ordered",
    "hours_credited": "Hours credited",
    "deadline": "Deadline",
    "status": "Status",
}
PEOPLE_FILTERS = ("q", "pdu", "status", "awaiting", "at_risk", "waiting_for", "waiting_days")


@login_required
@require_GET
def people_list(request: HttpRequest) -> HttpResponse:
    people = visible(request.user, Person)
    requirements = visible(request.user, Requirement)
    pdus = ProbationDeliveryUnit.objects.filter(id__in=people.values("pdu_id"))
    form = PeopleFilterForm(request.GET, pdus=pdus)
    filters = valid_filters(form)
    sort = sort_from(request, PEOPLE_COLUMNS, default="name", numeric=frozenset({"hours_ordered", "hours_credited"}))
    today = timezone.localdate()
    matches = people_selectors.person_list(
        people=people,
        requirements=requirements,
        today=today,
        q=filters.get("q", ""),
        pdu=filters.get("pdu"),
        status=filters.get("status", ""),
        awaiting=filters.get("awaiting", False),
        at_risk=filters.get("at_risk", ""),
        waiting_for=filters.get("waiting_for", ""),
        waiting_days=filters.get("waiting_days"),
        sort=sort.key,
        descending=sort.descending,
    )
    page, page_numbers = paginate(request, matches)
    rows = []
    for person in page:
        requirement = people_selectors.current_requirement(person.scoped_requirements)
        rows.append((person, requirement, at_risk.reason_tags(requirement) if requirement else []))
    filtered = any(filters.get(name) not in (None, "", False) for name in PEOPLE_FILTERS)
    ctx = {
        "form": form,
        "page_obj": page,
        "page_numbers": page_numbers,
        "rows": rows,
        "filtered": filtered,
        "sort": sort,
    }
    return render(request, "people/people_list.html", ctx)


@login_required
@require_GET
def person_detail(request: HttpRequest, crn: str) -> HttpResponse:
    person = get_visible(request.user, Person, crn=domain.normalise_crn(crn))
    today = timezone.localdate()
    requirements = list(
        people_selectors.person_requirements(
            requirements=visible(request.user, Requirement), person=person, today=today
        )
    )
    for requirement in requirements:
        requirement.expected_minutes = domain.expected_minutes_by(
            ordered_minutes=requirement.minutes_ordered,
            sentence_date=requirement.sentence_date,
            deadline=requirement.deadline,
            today=today,
        )
        requirement.risk_tags = at_risk.reason_tags(requirement)
        requirement.breakdown = ledger.hours_breakdown(requirement)
    # Today's session moves from upcoming to past once attendance is recorded (or it is over).
    sessions = attendance_selectors.person_sessions(
        allocations=visible(request.user, Allocation).filter(requirement__person=person), now=timezone.now()
    )
    ctx = {
        "person": person,
        "requirements": requirements,
        "reduction_minutes_per_hour": settings.UPW["EARNED_REDUCTION_MINUTES_PER_HOUR"],
        "office": effective_role(request.user) in OFFICE_ROLES,
        "allocations": sessions["upcoming"],
        "past_allocations": sessions["past"],
        "past_total": sessions["past_total"],
        "sensitive": may_see_sensitive(request.user),
        "may_transfer": request.user.is_administrator,
        "may_change": may_change_details(request.user),
        "changes": people_selectors.person_changes(person),
    }
    return render(request, "people/person_detail.html", ctx)


def may_change_details(user) -> bool:
    return user.is_administrator or user.is_coordinator


@role_required(frozenset({Role.COORDINATOR, Role.ADMIN}), people_services.ONLY_COORDINATORS_EDIT)
@require_http_methods(["GET", "POST"])
def person_details_change(request: HttpRequest, crn: str, part: str) -> HttpResponse:
    person = get_visible(request.user, Person, crn=domain.normalise_crn(crn))
    form_class = DETAILS_FORMS.get(part)
    if form_class is None:
        raise Http404("No such details.")
    if part in people_services.NEEDS_ASSESSMENT and person.assessed_on is None:
        messages.error(request, people_services.EDIT_NOT_ASSESSED)
        return redirect("person", crn=person.crn)
    form = form_class(request.POST if request.method == "POST" else None, initial=form_class.initial_from(person))
    if request.method == "POST" and form.is_valid():
        try:
            people_services.person_details_change(
                person=person,
                part=part,
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
                by=request.user,
                request=request,
            )
        except people_services.DetailsRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            title = people_services.DETAILS_TITLES[part]
            messages.success(request, f"{title} changed. The person's history keeps the reason.")
            return redirect("person", crn=person.crn)
    ctx = {"person": person, "form": form, "title": people_services.DETAILS_TITLES[part]}
    return render(request, "people/person_edit_details.html", ctx, status=400 if form.errors else 200)


@role_required(frozenset({Role.ADMIN}), people_services.ONLY_ADMINISTRATORS_TRANSFER)
@require_http_methods(["GET", "POST"])
def person_transfer(request: HttpRequest, crn: str) -> HttpResponse:
    person = get_visible(request.user, Person, crn=domain.normalise_crn(crn))
    form = TransferForm(request.POST if request.method == "POST" else None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            moved = people_services.person_transfer(
                person=person,
                pdu=form.cleaned_data["pdu"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                request=request,
            )
        except people_services.TransferRefused as refused:
            form.add_error(refused.field, refused.message)
        else:
            messages.success(request, f"{moved.crn} transferred to {moved.pdu.name} ({moved.pdu.region.name}).")
            return redirect("person", crn=moved.crn)
    ctx = {"person": person, "form": form}
    return render(request, "people/person_transfer.html", ctx, status=400 if form.errors else 200)
