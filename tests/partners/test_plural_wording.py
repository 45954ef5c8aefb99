"""Counts on the project pages agree with their number: "1 person", never "1 people"."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_project_for_one_person_says_person(client, places, propose):
    project = propose(capacity=1)
    client.force_login(places.pat)
    page = client.get(reverse("partner-project", args=[project.pk])).content.decode()
    assert "1 person" in page
    assert "1 people" not in page


def test_a_project_for_several_people_says_people(client, places, propose):
    project = propose(capacity=6)
    client.force_login(places.pat)
    page = client.get(reverse("partner-project", args=[project.pk])).content.decode()
    assert "6 people" in page


def test_the_staff_project_page_says_person_for_one(client, places, propose):
    project = propose(capacity=1)
    client.force_login(places.admin)
    page = client.get(reverse("project", args=[project.pk])).content.decode()
    assert "1 person," in page
    assert "1 people" not in page
