"""The performance measures, computed in the database (aggregate queries), one module a group.

`measure_group(key, ...)` is the one way pages, the API, exports and the monthly email get a
group's figures, so they always agree. Every figure carries its definition, shown beside it.
"""

import datetime as dt
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import TruncDate, TruncQuarter
from django.utils import timezone

from upw.models import Region, Requirement

from .caching import WARM_OVERLAP_SECONDS, _store, _usable, _warming
from .caseload import active_on, as_of, caseload, caseload_values, first_sessions_in, open_on
from .delivery import (
    ACCEPTABLE_ABSENCES,
    UNACCEPTABLE_ABSENCES,
    delivery,
    delivery_values,
    hours_worked_q,
    minutes_worked_by,
)
from .figures import Figure, MeasureGroup, Table, Unit, hours, percent
from .operations import (
    PROJECTS_ON_THE_MAP,
    operations,
    operations_values,
    pdu_positions,
    project_places,
    supervisor_utilisation,
)
from .partners import nomination_counts, partner_hours, partners
from .periods import (
    PERIOD_KINDS,
    Period,
    PeriodKind,
    Scope,
    ScopeKind,
    custom,
    financial_year_of,
    month_of,
    quarter_of,
    trend_quarters,
)
from .scopes import (
    NATIONAL_ONLY,
    NO_SUCH_SCOPE,
    PERIOD_NOT_UNDERSTOOD,
    default_scope_code,
    parse_period,
    period_code,
    scope_choices,
    scope_for,
)
from .starts import started, starts, starts_values
from .summary import SummaryState, split_period, summary_state
from .terminations import (
    completion_aggregates,
    completion_counts,
    completion_counts_query,
    completions,
    completions_values,
    ended_in,
    terminations,
    terminations_values,
)

# The measure groups, in the order the page lists them, with the figure each group's trend follows.
GROUPS = {
    "starts": ("Starts", "requirements_started"),
    "delivery": ("Delivery", "hours_worked"),
    "caseload": ("Caseload", "active_requirements"),
    "terminations": ("Terminations", "requirements_ended"),
    "completions": ("Completion within 12 months", "completion_rate"),
    "operations": ("Operations", "supervisor_utilisation"),
    "partners": ("Partners and communities", "nominations_received"),
}


# The groups that read the summary (`summary.py`) for the days before its last refresh.
SUMMARY_GROUPS = ("delivery", "caseload", "partners", "operations")


def measure_group(key: str, *, period: Period, scope: Scope, today: dt.date) -> MeasureGroup:
    if key in SUMMARY_GROUPS:
        state = summary_state()
        group = _summary_group(key, period=period, scope=scope, today=today, state=state)
        if split_period(_summarised_days(key, period=period, today=today), state)[0] is not None:
            group = replace(group, summary_refreshed_at=state.refreshed_at)
        return group
    if key == "starts":
        return starts(period=period, scope=scope)
    if key == "terminations":
        return terminations(period=period, scope=scope)
    if key == "completions":
        return completions(period=period, scope=scope)
    raise KeyError(key)


def _summary_group(key: str, *, period: Period, scope: Scope, today: dt.date, state: SummaryState | None):
    if key == "delivery":
        return delivery(period=period, scope=scope, today=today, state=state)
    if key == "caseload":
        return caseload(period=period, scope=scope, today=today, state=state)
    if key == "operations":
        return operations(period=period, scope=scope, today=today, state=state)
    return partners(period=period, scope=scope, state=state)


def _summarised_days(key: str, *, period: Period, today: dt.date) -> Period:
    """The days whose sessions the group reads from the summary, if it was refreshed after them: the
    period's, or for operations the window of overdue outcomes."""
    if key == "operations":
        days = settings.UPW["OVERDUE_OUTCOME_DAYS"]
        return custom(today - dt.timedelta(days=days), today - dt.timedelta(days=1))
    return period


def _group_key(key: str, *, period: Period, scope: Scope, today: dt.date) -> str:
    return f"upw-reports:{key}:{scope.code}:{scope.pdu_id}:{period.start}:{period.end}:{today}"


def cached_group(key: str, *, period: Period, scope: Scope, today: dt.date) -> MeasureGroup:
    """`measure_group`, kept in the cache for UPW_REPORTS_CACHE_SECONDS: the trend, the year before and the
    region-by-region table ask for the same figures again and again. The key holds today's date, so no
    figure outlives the day it was worked out on; `warm_cache` (a beat task) fills it overnight."""
    cache_key = _group_key(key, period=period, scope=scope, today=today)
    group = cache.get(cache_key) if _usable(cache_key) else None
    if group is None:
        group = replace(measure_group(key, period=period, scope=scope, today=today), worked_out_at=timezone.now())
        _store({cache_key: group})
    return group


def region_scopes() -> list[Scope]:
    return [
        Scope(ScopeKind.REGION, region.name, region_ids=(region.id,), code=f"region:{region.code}")
        for region in Region.objects.order_by("name")
    ]


def warm_cache(*, today: dt.date) -> int:
    """Works out, for England and Wales and each region, every group's figures for the current quarter,
    the 8 quarters of its trend and the same quarter a year before. Returns how many groups."""
    national = Scope(ScopeKind.NATIONAL, "England and Wales")
    current = quarter_of(today)
    done = 0
    warming = _warming.set(set())
    try:
        for key in GROUPS:
            region_comparison(key, period=current, today=today)
        for scope in [national, *region_scopes()]:
            for key in GROUPS:
                for period in (current, current.a_year_before()):
                    cached_group(key, period=period, scope=scope, today=today)
                    done += 1
                trend_points(key, period=current, scope=scope, today=today)
    finally:
        _warming.reset(warming)
    return done


@dataclass(frozen=True)
class TrendPoint:
    label: str
    value: int | float | None


def headline_value(key: str, *, period: Period, scope: Scope, today: dt.date) -> int | float | None:
    """The group's headline figure (GROUPS) alone, by the same definition, in one or two queries."""
    if key == "starts":
        return started(period=period, scope=scope).count()
    if key == "delivery":
        worked = minutes_worked_by(None, period=period, scope=scope, state=summary_state())
        return hours(worked.get(None, {}).get("total"))
    if key == "caseload":
        return active_on(day=as_of(period, today), scope=scope).count()
    if key == "terminations":
        return ended_in(period=period, scope=scope).count()
    if key == "completions":
        counts = completion_counts(period=period, scope=scope)
        return percent(counts["in_time"], counts["ended"])
    if key == "operations":
        return supervisor_utilisation(period=period, scope=scope)
    if key == "partners":
        return nomination_counts(period=period, scope=scope)["received"]
    raise KeyError(key)


_MISSING = object()


def _cached_headline(key: str, *, period: Period, scope: Scope, today: dt.date) -> int | float | None:
    cache_key = _headline_key(key, period=period, scope=scope, today=today)
    found = cache.get(cache_key, default=_MISSING) if _usable(cache_key) else _MISSING
    if found is _MISSING:
        found = headline_value(key, period=period, scope=scope, today=today)
        _store({cache_key: found})
    return found


def headlines_by_quarter(
    key: str, *, quarters: list[Period], scope: Scope, today: dt.date | None = None
) -> dict[dt.date, int | float | None] | None:
    """The group's headline figure for each of `quarters` (consecutive calendar quarters) by the first
    day of each, in one grouped query where the figure is a sum or count over the period's dates; None
    for the groups that have no such query (their headline is asked quarter by quarter)."""
    span = custom(quarters[0].start, quarters[-1].end)
    if key == "caseload" and today is not None:
        # Each quarter's active requirements counted in one pass of the requirements.
        found = Requirement.objects.filter(scope.q("person__pdu")).aggregate(
            **{
                f"open_{index}": Count("id", filter=open_on(as_of(quarter, today)))
                for index, quarter in enumerate(quarters)
            }
        )
        return {quarter.start: found[f"open_{index}"] for index, quarter in enumerate(quarters)}
    if key == "delivery":
        found = {
            _day(quarter): row
            for quarter, row in minutes_worked_by(TruncQuarter, period=span, scope=scope, state=summary_state()).items()
        }
        return {
            quarter.start: hours(found[quarter.start]["total"]) if quarter.start in found else 0.0
            for quarter in quarters
        }
    if key == "terminations":
        found = _by_quarter(ended_in(period=span, scope=scope), TruncDate("ended_at"), count=Count("id"))
        return {quarter.start: found[quarter.start]["count"] if quarter.start in found else 0 for quarter in quarters}
    if key == "completions":
        found = _by_quarter(
            completion_counts_query(period=span, scope=scope), TruncDate("ended_at"), **completion_aggregates()
        )
        return {
            quarter.start: percent(found[quarter.start]["in_time"], found[quarter.start]["ended"])
            if quarter.start in found
            else None
            for quarter in quarters
        }
    return None


def _by_quarter(rows, day, **aggregates) -> dict[dt.date, dict]:
    """The aggregates over `rows` for each calendar quarter of `day` (a date field or expression), by the
    first day of the quarter."""
    grouped = rows.annotate(quarter=TruncQuarter(day)).values("quarter").annotate(**aggregates).order_by()
    return {_day(row["quarter"]): row for row in grouped}


def _day(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _headline_key(key: str, *, period: Period, scope: Scope, today: dt.date) -> str:
    return f"upw-reports-headline:{key}:{scope.code}:{scope.pdu_id}:{period.start}:{period.end}:{today}"


def trend_points(key: str, *, period: Period, scope: Scope, today: dt.date) -> tuple["TrendPoint", ...]:
    """The headline figure over the 8 quarters up to the period's end, from the cache, working out those
    missing in one grouped query where the group has one."""
    quarters = trend_quarters(period)
    keys = {quarter: _headline_key(key, period=quarter, scope=scope, today=today) for quarter in quarters}
    cached = {found: value for found, value in cache.get_many(list(keys.values())).items() if _usable(found)}
    last = quarters[-1]
    if keys[last] not in cached:
        # The group of the last quarter, when it is cached (the page's own period), has the headline figure.
        group_key = _group_key(key, period=last, scope=scope, today=today)
        group = cache.get(group_key) if _usable(group_key) else None
        if group is not None:
            cached[keys[last]] = group.figure(GROUPS[key][1]).value
            _store({keys[last]: cached[keys[last]]})
    missing = [quarter for quarter in quarters if keys[quarter] not in cached]
    if len(missing) > 1:
        grouped = headlines_by_quarter(key, quarters=quarters[quarters.index(missing[0]) :], scope=scope, today=today)
        if grouped is not None:
            fresh = {keys[quarter]: grouped[quarter.start] for quarter in missing}
            _store(fresh)
            cached.update(fresh)
    return tuple(
        TrendPoint(
            quarter.short_label,
            cached[keys[quarter]]
            if keys[quarter] in cached
            else _cached_headline(key, period=quarter, scope=scope, today=today),
        )
        for quarter in quarters
    )


def trend(key: str, *, period: Period, scope: Scope, today: dt.date) -> tuple[Figure, tuple[TrendPoint, ...]]:
    """The group's headline figure over the 8 quarters up to the period's end, oldest first."""
    figure = cached_group(key, period=period, scope=scope, today=today).figure(GROUPS[key][1])
    return figure, trend_points(key, period=period, scope=scope, today=today)


def values_by_region(key: str, *, period: Period, today: dt.date) -> dict[int, dict] | None:
    """Each region's figures ({region id: {figure key: value}}) from grouped queries, for the groups that
    have them; None for the others (their regions are worked out one by one)."""
    national = Scope(ScopeKind.NATIONAL, "England and Wales")
    if key == "caseload":
        return caseload_values(period=period, scope=national, today=today, by_region=True, state=summary_state())
    if key == "operations":
        return operations_values(period=period, scope=national, today=today, by_region=True, state=summary_state())
    if key == "delivery":
        return delivery_values(period=period, scope=national, today=today, by_region=True, state=summary_state())
    if key == "starts":
        return starts_values(period=period, scope=national, by_region=True)
    if key == "terminations":
        return terminations_values(period=period, scope=national, by_region=True)
    if key == "completions":
        return completions_values(period=period, scope=national, by_region=True)
    if key == "partners":
        return nomination_counts(period=period, scope=national, by_region=True)
    return None


def region_comparison(key: str, *, period: Period, today: dt.date) -> tuple[tuple, ...]:
    """(region, each figure's value...) a row: the group for every region, for national readers. Kept in
    the cache as a whole, like the groups."""
    cache_key = f"upw-reports-regions:{key}:{period.start}:{period.end}:{today}"
    rows = cache.get(cache_key) if _usable(cache_key) else None
    if rows is not None:
        return rows
    scopes = region_scopes()
    grouped = values_by_region(key, period=period, today=today)
    if grouped is None:
        rows = []
        for scope in scopes:
            group = cached_group(key, period=period, scope=scope, today=today)
            rows.append((scope.label, *(figure.value for figure in group.figures)))
    else:
        national = Scope(ScopeKind.NATIONAL, "England and Wales")
        keys = [figure.key for figure in cached_group(key, period=period, scope=national, today=today).figures]
        rows = [(scope.label, *(grouped[scope.region_ids[0]][figure] for figure in keys)) for scope in scopes]
    rows = tuple(rows)
    _store({cache_key: rows})
    return rows


def comparison(group: MeasureGroup, before: MeasureGroup) -> tuple[tuple, ...]:
    """(figure, this period, a year before, change) a row."""
    rows = []
    for figure in group.figures:
        earlier = before.figure(figure.key).value
        change = None
        if isinstance(figure.value, int | float) and isinstance(earlier, int | float):
            change = round(figure.value - earlier, 1)
        rows.append((figure, figure.value, earlier, change))
    return tuple(rows)


__all__ = [
    "ACCEPTABLE_ABSENCES",
    "GROUPS",
    "NATIONAL_ONLY",
    "NO_SUCH_SCOPE",
    "PERIOD_KINDS",
    "PERIOD_NOT_UNDERSTOOD",
    "PROJECTS_ON_THE_MAP",
    "SUMMARY_GROUPS",
    "UNACCEPTABLE_ABSENCES",
    "WARM_OVERLAP_SECONDS",
    "Figure",
    "MeasureGroup",
    "Period",
    "PeriodKind",
    "Scope",
    "ScopeKind",
    "SummaryState",
    "Table",
    "TrendPoint",
    "Unit",
    "cached_group",
    "comparison",
    "custom",
    "default_scope_code",
    "financial_year_of",
    "first_sessions_in",
    "headline_value",
    "headlines_by_quarter",
    "hours_worked_q",
    "measure_group",
    "month_of",
    "parse_period",
    "partner_hours",
    "pdu_positions",
    "period_code",
    "project_places",
    "quarter_of",
    "region_comparison",
    "scope_choices",
    "scope_for",
    "summary_state",
    "trend",
    "trend_points",
    "trend_quarters",
    "values_by_region",
    "warm_cache",
]
