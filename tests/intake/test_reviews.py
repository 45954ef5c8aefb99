import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from upw.models import EnforcementAction, Review
from upw.models.enforcement import EnforcementKind
from upw.reviews import services as reviews

pytestmark = pytest.mark.django_db


def test_the_first_review_falls_one_interval_after_sentence(settings):
    settings.UPW = {**settings.UPW, "REVIEW_INTERVAL_WEEKS": 8}
    today = dt.date(2026, 11, 23)
    assert reviews.first_review_date(sentence_date=dt.date(2026, 11, 20), today=today) == dt.date(2027, 1, 15)
    # An old order recorded late is due now, not in the past.
    assert reviews.first_review_date(sentence_date=dt.date(2026, 1, 1), today=today) == today


def test_a_review_records_progress_and_sets_the_next_date(world):
    today = timezone.localdate()
    requirement = world.alex_requirement
    review = reviews.review_record(
        requirement=requirement,
        held_on=today,
        progress="Attending well",
        decisions="Keep the same pattern",
        next_review_on=today + dt.timedelta(weeks=8),
        by=world.cora,
        today=today,
    )
    requirement.refresh_from_db()
    assert requirement.next_review_on == review.next_review_on
    with pytest.raises(reviews.ReviewError, match="after the date"):
        reviews.review_record(
            requirement=requirement,
            held_on=today,
            progress="x",
            decisions="",
            next_review_on=today,
            by=world.cora,
            today=today,
        )


def test_it_lists_reviews_due_overdue_and_brought_forward(world):
    today = timezone.localdate()
    overdue = f.RequirementFactory(person__pdu=world.newcastle, next_review_on=today - dt.timedelta(days=4))
    soon = f.RequirementFactory(person__pdu=world.newcastle, next_review_on=today + dt.timedelta(days=3))
    later = f.RequirementFactory(person__pdu=world.newcastle, next_review_on=today + dt.timedelta(days=40))
    warned = f.RequirementFactory(person__pdu=world.newcastle, next_review_on=today + dt.timedelta(days=40))
    EnforcementAction.objects.create(requirement=warned, kind=EnforcementKind.FIRST_WARNING)
    # Far behind: 300 hours, nothing done, deadline in four weeks.
    behind = f.RequirementFactory(
        person__pdu=world.newcastle,
        hours_ordered=300,
        sentence_date=today - dt.timedelta(days=330),
        deadline=today + dt.timedelta(days=28),
        next_review_on=today + dt.timedelta(days=40),
    )
    due = {d.requirement.id: d for d in reviews.reviews_due(requirements=type(overdue).objects.all(), today=today)}
    assert due[overdue.id].overdue and due[overdue.id].days_waiting == 4
    assert not due[soon.id].overdue
    assert later.id not in due
    assert due[warned.id].reasons == ("warning",)
    assert "behind" in due[behind.id].reasons

    # A review after the warning clears it.
    reviews.review_record(
        requirement=warned,
        held_on=today,
        progress="Spoke about the absence",
        decisions="",
        next_review_on=today + dt.timedelta(weeks=8),
        by=world.cora,
        today=today,
    )
    due = {d.requirement.id for d in reviews.reviews_due(requirements=type(overdue).objects.all(), today=today)}
    assert warned.id not in due


def test_the_review_form_records_a_review(client, world):
    client.force_login(world.cora)
    url = reverse("review_new", args=[world.alex_requirement.pk])
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "held_on": today.isoformat(),
            "progress": "Good",
            "next_review_on": (today - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400 and "must be after" in response.content.decode()
    response = client.post(
        url,
        {
            "held_on": today.isoformat(),
            "progress": "Good",
            "next_review_on": (today + dt.timedelta(days=56)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert Review.objects.get().created_by == world.cora


@pytest.mark.parametrize("username, status", [("nia", 404), ("pat", 403), ("sam", 403)])
def test_the_review_form_is_refused_outside_scope(client, world, username, status):
    client.force_login(getattr(world, username))
    assert client.get(reverse("review_new", args=[world.alex_requirement.pk])).status_code == status


def test_the_dashboard_lists_who_is_waiting_and_reviews_due(client, world):
    today = timezone.localdate()
    f.RequirementFactory(
        person__pdu=world.newcastle,
        person__first_name="Una",
        person__last_name="Assessed",
        person__assessed_on=None,
        sentence_date=today - dt.timedelta(days=9),
        induction_completed_on=None,
    )
    f.RequirementFactory(
        person__pdu=world.newcastle,
        person__first_name="Ian",
        person__last_name="Duction",
        sentence_date=today - dt.timedelta(days=4),
        induction_completed_on=None,
    )
    f.RequirementFactory(person__pdu=world.newcastle, person__first_name="Fay", person__last_name="First")
    f.RequirementFactory(person__pdu=world.newcastle, next_review_on=today - dt.timedelta(days=2))
    client.force_login(world.cora)
    content = client.get(reverse("dashboard")).content.decode()
    assert "Waiting for assessment (1)" in content and "Una Assessed" in content
    assert "9 days" in content and "Over 5-day target" in content
    assert "Waiting for induction (1)" in content and "Ian Duction" in content and "Not booked" in content
    assert "Fay First" in content
    assert "Overdue 2 days" in content
    assert client.get(reverse("intake_waiting", args=["assessment"])).status_code == 200
    assert client.get(reverse("intake_waiting", args=["nonsense"])).status_code == 404
    assert client.get(reverse("reviews_due")).status_code == 200


def test_the_person_page_says_a_review_is_due_after_a_warning(client, world):
    EnforcementAction.objects.create(requirement=world.alex_requirement, kind=EnforcementKind.FIRST_WARNING)
    client.force_login(world.cora)
    content = client.get(reverse("person", args=["A123456"])).content.decode()
    assert "Review due now" in content and "Warning given since the last review" in content
