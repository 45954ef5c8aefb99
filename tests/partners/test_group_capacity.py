"""A group project holds no more people at once than the group size (UPW_GROUP_SIZE, 8 by default)."""

import pytest

from partners.models import Project
from partners.projects.services import GROUP_CAPACITY_TOO_LARGE
from tests.api import bearer
from tests.partners.test_api import BODY, URL
from tests.partners.test_portal_views import form_data

pytestmark = pytest.mark.django_db

TOO_LARGE = GROUP_CAPACITY_TOO_LARGE.format(size=8)


def test_the_form_refuses_a_group_larger_than_the_group_size(client, places):
    client.force_login(places.pat)
    r = client.post("/partner/projects/new/", form_data(capacity="50"))
    assert r.status_code == 200
    assert r.context["form"].errors["capacity"] == [TOO_LARGE]
    assert not Project.objects.filter(name="Ouseburn riverside clear-up").exists()


def test_the_form_takes_a_full_group_and_a_larger_individual_placement(client, places):
    client.force_login(places.pat)
    assert client.post("/partner/projects/new/", form_data(capacity="8")).status_code == 302
    r = client.post("/partner/projects/new/", form_data(name="Charity shop", project_type="individual", capacity="12"))
    assert r.status_code == 302


def test_the_api_refuses_a_group_larger_than_the_group_size(client, places):
    r = client.post(URL, {**BODY, "capacity": 50}, content_type="application/json", **bearer(places.pat))
    assert r.status_code in (400, 422), r.content
    assert TOO_LARGE in r.content.decode()
    assert not Project.objects.filter(name=BODY["name"]).exists()


def test_the_api_refuses_raising_a_group_past_the_group_size(client, places):
    auth = bearer(places.pat)
    pid = client.post(URL, BODY, content_type="application/json", **auth).json()["id"]
    r = client.patch(f"{URL}/{pid}", {"capacity": 9}, content_type="application/json", **auth)
    assert r.status_code in (400, 422), r.content
    assert Project.objects.get(pk=pid).capacity == 6


def test_the_group_size_is_a_setting(client, places, settings):
    settings.UPW = {**settings.UPW, "GROUP_SIZE": 12}
    r = client.post(URL, {**BODY, "capacity": 12}, content_type="application/json", **bearer(places.pat))
    assert r.status_code == 201, r.content
