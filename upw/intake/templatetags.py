"""Template tags for intake: the person page's assessment, induction and review panel, and
the dashboard's waiting lists. Inclusion tags, so the shared pages need one line each."""

from django import template
from django.db.models import Q
from django.utils import timezone

from upw.assessment import services as assessment
from upw.core import selectors
from upw.core.access import visible
from upw.induction import services as induction
from upw.intake import selectors as intake_selectors
from upw.models import Person, Requirement, Session
from upw.reviews import services as reviews

register = template.Library()
DASHBOARD_LIST_LENGTH = 5


@register.inclusion_tag("intake/includes/person_panel.html", takes_context=True)
def intake_person_panel(context, person: Person) -> dict:
    request = context["request"]
    user = request.user
    today = timezone.localdate()
    requirements = visible(user, Requirement)
    active = list(selectors.active_requirements(requirements.filter(person=person)).order_by("deadline", "id"))
    stage = intake_selectors.person_stage(person, requirements)
    booking = induction.current_booking(person)
    offers = []
    if stage == "induction":
        offers = induction.sessions_offered(person=person, sessions=visible(user, Session), today=today)
    due = {
        d.requirement.id: d for d in reviews.reviews_due(requirements=requirements.filter(person=person), today=today)
    }
    for requirement in active:
        requirement.due_review = due.get(requirement.id)
        requirement.milestones = intake_selectors.milestones(requirement=requirement, today=today)
        requirement.recent_reviews = list(reviews.person_reviews(requirement=requirement)[:3])
    return {
        "request": request,
        "person": person,
        "stage": stage,
        "draft": assessment.current_draft(person),
        "latest": assessment.latest_submitted(person),
        "booking": booking if stage == "induction" else None,
        "offers": offers,
        "active": active,
        "today": today,
    }


@register.inclusion_tag("intake/includes/dashboard_lists.html", takes_context=True)
def intake_dashboard(context) -> dict:
    request = context["request"]
    requirements = visible(request.user, Requirement)
    today = timezone.localdate()
    lists = []
    for stage, title in intake_selectors.STAGES.items():
        rows = intake_selectors.waiting_queryset(stage=stage, requirements=requirements, today=today)
        first, counted = selectors.first_rows_and_counts(rows, DASHBOARD_LIST_LENGTH)
        first = [intake_selectors.waiting_row(row, stage=stage, today=today) for row in first]
        lists.append({"stage": stage, "title": title, "rows": first, "total": counted["total"]})
    due = reviews.reviews_due_queryset(requirements=requirements, today=today)
    due_first, totals = selectors.first_rows_and_counts(due, DASHBOARD_LIST_LENGTH, overdue=Q(review_overdue=True))
    return {
        "request": request,
        "lists": lists,
        "due": [reviews.due_review(row, today=today) for row in due_first],
        "due_total": totals["total"],
        "overdue_total": totals["overdue"],
    }
