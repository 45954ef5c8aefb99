"""Heavy planning work is bounded: one queued or running run of a kind per region, a capped time
limit, and a run whose worker died does not hold its region for ever."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from scheduler.matching import services as matching
from scheduler.matching.adapter import default_weights
from scheduler.models import MatchingRun, RotaRun
from scheduler.periods import next_fortnight
from scheduler.rota import services as rota
from scheduler.run_limits import RunAlreadyActive
from tests.api import bearer

pytestmark = pytest.mark.django_db


def _matching_run(world, user=None, region=None, **options):
    start, end = next_fortnight()
    return matching.run_create(
        user=user or world.cora, region=region or world.north_east, start_date=start, end_date=end, **options
    )


def _rota_run(world, **options):
    start, end = next_fortnight()
    return rota.run_create(user=world.cora, region=world.north_east, start_date=start, end_date=end, **options)


def test_a_second_run_for_a_region_is_refused_while_the_first_is_queued(world):
    first = _matching_run(world)
    with pytest.raises(RunAlreadyActive) as refused:
        _matching_run(world)
    assert refused.value.run == first
    assert refused.value.messages == [
        f"Matching run {first.pk} for North East is still queued. Wait for it to finish, or cancel it, "
        "before starting another run for North East."
    ]
    assert MatchingRun.objects.count() == 1


def test_other_regions_and_the_other_kind_of_run_are_not_held_back(world):
    _matching_run(world)
    _matching_run(world, user=world.admin, region=world.wales)
    _rota_run(world)
    with pytest.raises(RunAlreadyActive):
        _rota_run(world)
    assert (MatchingRun.objects.count(), RotaRun.objects.count()) == (2, 1)


def test_a_finished_run_no_longer_holds_the_region(world):
    first = _matching_run(world)
    MatchingRun.objects.filter(pk=first.pk).update(status="ready")
    assert _matching_run(world).pk != first.pk


def test_a_run_stuck_for_more_than_twice_the_time_limit_is_failed_and_no_longer_blocks(world, settings):
    settings.UPW_MAX_RUN_SECONDS = 300
    stuck = _matching_run(world)
    MatchingRun.objects.filter(pk=stuck.pk).update(
        status="running", started_at=timezone.now() - dt.timedelta(seconds=601)
    )
    _matching_run(world)
    stuck.refresh_from_db()
    assert stuck.status == "failed"
    assert stuck.error.startswith("Stopped: still running after 10 minutes")


def test_a_run_within_twice_its_time_limit_still_blocks(world, settings):
    settings.UPW_MAX_RUN_SECONDS = 300
    busy = _matching_run(world)
    MatchingRun.objects.filter(pk=busy.pk).update(
        status="running", started_at=timezone.now() - dt.timedelta(seconds=590)
    )
    with pytest.raises(RunAlreadyActive):
        _matching_run(world)


def test_the_time_limit_is_capped_by_the_setting(world, settings):
    settings.UPW_MAX_RUN_SECONDS = 60
    with pytest.raises(ValidationError) as refused:
        _matching_run(world, time_limit_s=61)
    assert refused.value.message_dict == {"time_limit_s": ["The time limit must be 60 seconds or less."]}
    settings.UPW_MAX_RUN_SECONDS = 10
    assert _matching_run(world).parameters["time_limit_s"] == 10  # the default of 30, capped
    assert _rota_run(world, time_limit_s=10).parameters["time_limit_s"] == 10


def test_the_run_forms_refuse_a_time_limit_over_the_cap_on_the_field(client, world):
    client.force_login(world.cora)
    start, end = next_fortnight()
    form = {"region": world.north_east.pk, "start_date": start, "end_date": end, "time_limit_s": 301}
    rota_page = client.post("/rota/new/", form)
    weights = {f"w_{name}": value for name, value in default_weights().items()}
    matching_page = client.post("/matching/new/", {**form, **weights})
    for page in (rota_page, matching_page):
        assert page.status_code == 200
        assert page.context["form"].errors["time_limit_s"] == ["The time limit must be 300 seconds or less."]
    assert not MatchingRun.objects.exists() and not RotaRun.objects.exists()


def test_the_run_form_links_to_the_run_still_going(client, world):
    first = _rota_run(world)
    client.force_login(world.cora)
    start, end = next_fortnight()
    page = client.post(
        "/rota/new/", {"region": world.north_east.pk, "start_date": start, "end_date": end, "time_limit_s": 20}
    )
    assert page.status_code == 200
    assert page.context["form"].non_field_errors() == [
        f"Rota run {first.pk} for North East is still queued. Wait for it to finish, or cancel it, "
        "before starting another run for North East."
    ]
    assert f'href="/rota/{first.pk}/"' in page.content.decode()


@pytest.mark.parametrize(("kind", "page"), [("matching", "/matching/{pk}/"), ("rota", "/rota/{pk}/")])
def test_the_api_answers_409_with_a_link_to_the_run_still_going(client, world, kind, page):
    url = f"/api/v1/{kind}/runs"
    first = client.post(url, {"region": "north-east"}, content_type="application/json", **bearer(world.cora))
    second = client.post(url, {"region": "north-east"}, content_type="application/json", **bearer(world.cora))
    assert first.status_code == 201
    assert second.status_code == 409
    body = second.json()
    assert body["run"] == first.json()["id"]
    assert body["link"] == "http://testserver" + page.format(pk=body["run"])
    assert "is still queued" in body["detail"]


@pytest.mark.parametrize("kind", ["matching", "rota"])
def test_the_api_refuses_a_time_limit_over_the_cap_on_the_field(client, world, kind):
    r = client.post(
        f"/api/v1/{kind}/runs",
        {"region": "north-east", "time_limit_s": 301},
        content_type="application/json",
        **bearer(world.cora),
    )
    assert r.status_code == 422
    [error] = r.json()["detail"]
    assert error["loc"][-1] == "time_limit_s"
    assert error["msg"].endswith("The time limit must be 300 seconds or less.")
