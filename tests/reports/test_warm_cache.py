"""The hourly warm-up works out every figure a reader opens by default, replacing what is still cached
(so nothing lapses just after it passed), once each, and keeps it until after the next warm-up."""

from collections import Counter

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.reports.conftest import TODAY
from upw.reports import selectors
from upw.reports.selectors import ScopeKind, cached_group, quarter_of

pytestmark = pytest.mark.pin_clock(TODAY)


@pytest.fixture
def worked_out(monkeypatch):
    """Each (group, scope, period) as it is worked out from the database."""
    calls = Counter()
    real = selectors.measure_group

    def counting(key, *, period, scope, today):
        calls[(key, scope.code, period.start)] += 1
        return real(key, period=period, scope=scope, today=today)

    monkeypatch.setattr(selectors, "measure_group", counting)
    return calls


def _national():
    return selectors.Scope(ScopeKind.NATIONAL, "England and Wales")


def test_the_warm_up_works_out_again_a_figure_still_in_the_cache(history, worked_out):
    today = timezone.localdate()
    current = quarter_of(today)
    cached_group("delivery", period=current, scope=_national(), today=today)
    cached_group("delivery", period=current, scope=_national(), today=today)
    assert worked_out[("delivery", _national().code, current.start)] == 1
    selectors.warm_cache(today=today)
    assert worked_out[("delivery", _national().code, current.start)] == 2
    cached_group("delivery", period=current, scope=_national(), today=today)
    assert worked_out[("delivery", _national().code, current.start)] == 2


def test_the_warm_up_works_out_each_figure_once(history, worked_out):
    selectors.warm_cache(today=timezone.localdate())
    assert worked_out
    assert set(worked_out.values()) == {1}


def test_what_the_warm_up_writes_outlives_the_hour_to_the_next_one(history, monkeypatch, settings):
    timeouts = set()
    real = cache.set_many

    def recording(values, timeout=None, **kwargs):
        timeouts.add(timeout)
        return real(values, timeout, **kwargs)

    monkeypatch.setattr(cache, "set_many", recording)
    today = timezone.localdate()
    selectors.warm_cache(today=today)
    assert timeouts == {settings.UPW["REPORTS_CACHE_SECONDS"] + selectors.WARM_OVERLAP_SECONDS}
    timeouts.clear()
    cached_group("starts", period=quarter_of(today).a_year_before().a_year_before(), scope=_national(), today=today)
    assert timeouts == {settings.UPW["REPORTS_CACHE_SECONDS"]}
