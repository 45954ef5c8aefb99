"""Case reviews: the list of reviews due and recording a review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_http_methods

from upw.core.access import get_visible, visible
from upw.models import Person, ProbationDeliveryUnit, Requirement
from upw.reviews import services as reviews
from upw.reviews.forms import ReviewForm
from upw.web.filters import PduFilterForm, valid_filters
from upw.web.pagination import paginate_in_one_query
from upw.web.sorting import order_by, sort_from

DUE_COLUMNS = {"person": "Person", "pdu": "PDU", "due": "Due", "why": "Why"}


def _back(person: Person, anchor: str) -> HttpResponse:
    return redirect(reverse("person", args=[person.crn]) + f"#{anchor}")


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
    return render(request, "reviews/review_new.html", ctx, status=400 if form.errors else 200)


# Reading people is what makes the review list a coordinator's page; the dashboard shows the start of it.
@login_required
@require_http_methods(["GET"])
def reviews_due(request: HttpRequest) -> HttpResponse:
    visible(request.user, Person)
    requirements = visible(request.user, Requirement)
    form = PduFilterForm(
        request.GET, pdus=ProbationDeliveryUnit.objects.filter(id__in=requirements.values("person__pdu_id"))
    )
    filters = valid_filters(form)
    if filters.get("pdu"):
        requirements = requirements.filter(person__pdu=filters["pdu"])
    sort = sort_from(request, DUE_COLUMNS, default="due")
    today = timezone.localdate()
    due = reviews.reviews_due_queryset(requirements=requirements, today=today)
    page, page_numbers = paginate_in_one_query(request, due.order_by(*order_by(sort, reviews.DUE_SORTS)))
    page.object_list = [reviews.due_review(row, today=today) for row in page.object_list]
    ctx = {
        "form": form,
        "page_obj": page,
        "page_numbers": page_numbers,
        "sort": sort,
        "filtered": bool(filters.get("pdu")),
    }
    return render(request, "reviews/reviews_due.html", ctx)
