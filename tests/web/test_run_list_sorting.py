"""The matching and rota run lists sort by start, region, dates and status in the URL, newest first by
default; unknown sort keys are ignored and another region's runs never appear."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from scheduler.matching.views import RUN_COLUMNS as MATCHING_COLUMNS
from scheduler.models import MatchingRun, RotaRun
from scheduler.rota.views import RUN_COLUMNS as ROTA_COLUMNS
from tests import factories as f

LISTS = {
    "matching": (MatchingRun, "matching-runs", "matching-run", MATCHING_COLUMNS),
    "rota": (RotaRun, "rota-runs", "rota-run", ROTA_COLUMNS),
}


@pytest.fixture
def coordinator_of_two_regions(world):
    east_midlands = f.RegionFactory(code="east-midlands", name="East Midlands")
    world.cora.regions.add(east_midlands)
    return east_midlands


def _two_runs(model, *, first_region, second_region, by):
    """Two runs whose every column sorts the same way: `early` before `late`."""
    today = timezone.localdate()
    early = model.objects.create(
        region=first_region,
        start_date=today,
        end_date=today + dt.timedelta(days=13),
        status="cancelled",
        created_by=by,
    )
    late = model.objects.create(
        region=second_region,
        start_date=today + dt.timedelta(days=14),
        end_date=today + dt.timedelta(days=27),
        status="ready",
        created_by=by,
    )
    model.objects.filter(pk=early.pk).update(created_at=timezone.now() - dt.timedelta(days=3))
    return early, late


@pytest.mark.parametrize("kind", list(LISTS))
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_it_sorts_by_each_column_both_ways(client, world, coordinator_of_two_regions, kind, order):
    model, list_name, run_name, columns = LISTS[kind]
    early, late = _two_runs(
        model, first_region=coordinator_of_two_regions, second_region=world.north_east, by=world.cora
    )
    client.force_login(world.cora)
    for column in columns:
        r = client.get(reverse(list_name), {"sort": column, "order": order})
        assert r.status_code == 200
        page = r.content.decode()
        early_at = page.index(f'href="{reverse(run_name, args=[early.pk])}"')
        late_at = page.index(f'href="{reverse(run_name, args=[late.pk])}"')
        assert (early_at < late_at) is (order == "asc"), column
        header = page.split(f"sort={column}&amp;order=")[0].rsplit("<th", 1)[1]
        assert f'aria-sort="{"ascending" if order == "asc" else "descending"}"' in header


@pytest.mark.parametrize("kind", list(LISTS))
@pytest.mark.parametrize("key", ["password", "created_by__password", "-id;drop", ""])
def test_an_unknown_sort_key_is_ignored_and_the_newest_comes_first(client, world, kind, key):
    model, list_name, run_name, _ = LISTS[kind]
    early, late = _two_runs(model, first_region=world.north_east, second_region=world.north_east, by=world.cora)
    client.force_login(world.cora)
    r = client.get(reverse(list_name), {"sort": key, "order": "asc"})
    assert r.status_code == 200
    page = r.content.decode()
    assert page.index(f'href="{reverse(run_name, args=[late.pk])}"') < page.index(
        f'href="{reverse(run_name, args=[early.pk])}"'
    )


@pytest.mark.parametrize("kind", list(LISTS))
def test_sorting_never_shows_another_regions_runs(client, world, kind):
    model, list_name, run_name, columns = LISTS[kind]
    mine, theirs = _two_runs(model, first_region=world.north_east, second_region=world.wales, by=world.cora)
    client.force_login(world.cora)
    for column in columns:
        for order in ("asc", "desc"):
            page = client.get(reverse(list_name), {"sort": column, "order": order}).content.decode()
            assert f'href="{reverse(run_name, args=[mine.pk])}"' in page
            assert f'href="{reverse(run_name, args=[theirs.pk])}"' not in page
