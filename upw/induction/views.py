"""Booking an induction and recording that it happened."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from upw import domain
from upw.core.access import get_visible
from upw.induction import services as induction
from upw.induction.forms import InductionDoneForm
from upw.models import Person, Session


def _back(person: Person, anchor: str) -> HttpResponse:
    return redirect(reverse("person", args=[person.crn]) + f"#{anchor}")


def _person(request: HttpRequest, crn: str) -> Person:
    return get_visible(request.user, Person, crn=domain.normalise_crn(crn))


@login_required
@require_POST
def induction_book(request: HttpRequest, crn: str) -> HttpResponse:
    person = _person(request, crn)
    try:
        session_id = int(request.POST.get("session", ""))
    except ValueError:
        messages.error(request, "Choose an induction session.")
        return redirect("person", crn=person.crn)
    session = get_visible(request.user, Session, pk=session_id)
    try:
        booking = induction.induction_book(person=person, session=session, by=request.user, today=timezone.localdate())
    except induction.InductionError as problem:
        messages.error(request, str(problem))
    else:
        messages.success(
            request,
            f"Induction booked: {booking.session.project.name}, {date_format(booking.session.date, 'l j F Y')}.",
        )
    return _back(person, "induction")


@login_required
@require_POST
def induction_done(request: HttpRequest, crn: str) -> HttpResponse:
    person = _person(request, crn)
    form = InductionDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["done_on"][0])
        return _back(person, "induction")
    try:
        count = induction.induction_complete(person=person, on=form.cleaned_data["done_on"], today=timezone.localdate())
    except induction.InductionError as problem:
        messages.error(request, str(problem))
    else:
        if count:
            messages.success(request, "Induction recorded as done: the person can now be placed.")
        else:
            messages.info(request, "The induction was already recorded.")
    return _back(person, "induction")
