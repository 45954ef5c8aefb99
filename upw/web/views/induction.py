"""Induction booking and reviews from the person's page (issue 7)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods, require_POST

from upw import domain
from upw.access import get_visible, visible
from upw.models import Person, Requirement, Session
from upw.services import induction, reviews
from upw.web.intake_forms import InductionDoneForm, ReviewForm


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
        messages.error(request, "Enter the date of the induction, like 2026-11-23.")
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


@login_required
@require_http_methods(["GET", "POST"])
def review_new(request: HttpRequest, requirement_id: int) -> HttpResponse:
    requirement = get_visible(request.user, Requirement, pk=requirement_id)
    today = timezone.localdate()
    form = ReviewForm(request.POST if request.method == "POST" else None, initial=ReviewForm.initial_for(today))
    if request.method == "POST" and form.is_valid():
        try:
            reviews.review_record(requirement=requirement, by=request.user, today=today, **form.cleaned_data)
        except reviews.ReviewError as problem:
            field = "next_review_on" if str(problem) == reviews.NEXT_NOT_AFTER else None
            field = "held_on" if str(problem) == reviews.HELD_IN_FUTURE else field
            form.add_error(field, str(problem))
        else:
            messages.success(
                request, f"Review recorded. Next review {date_format(form.cleaned_data['next_review_on'], 'j F Y')}."
            )
            return _back(requirement.person, "reviews")
    ctx = {
        "requirement": requirement,
        "person": requirement.person,
        "form": form,
        "past": reviews.person_reviews(requirement=requirement)[:10],
    }
    return render(request, "intake/review_new.html", ctx, status=400 if form.errors else 200)


# Reading people is what makes the review list a coordinator's page; the dashboard shows the start of it.
@login_required
@require_http_methods(["GET"])
def reviews_due(request: HttpRequest) -> HttpResponse:
    visible(request.user, Person)
    due = reviews.reviews_due(requirements=visible(request.user, Requirement), today=timezone.localdate())
    return render(request, "intake/reviews_due.html", {"due": due})
