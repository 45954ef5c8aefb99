"""What every measure group returns: figures with their definitions, and tables behind them."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import ExpressionWrapper, F, IntegerField, Q
from django.db.models.functions import ExtractDay, ExtractHour, ExtractMinute, ExtractMonth, ExtractYear

from upw.models import Region


class Unit:
    COUNT = "count"
    HOURS = "hours"
    PERCENT = "percent"
    DAYS = "days"


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: int | float | None
    unit: str
    definition: str


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]
    definition: str


@dataclass(frozen=True)
class MeasureGroup:
    key: str
    title: str
    summary: str
    figures: tuple[Figure, ...]
    tables: tuple[Table, ...] = field(default=())
    worked_out_at: dt.datetime | None = None
    # When the summary the figures read for the days before it was refreshed (None: read from the places).
    summary_refreshed_at: dt.datetime | None = None

    def figure(self, key: str) -> Figure:
        return next(figure for figure in self.figures if figure.key == key)

    def values(self) -> dict[str, int | float | None]:
        return {figure.key: figure.value for figure in self.figures}


def hours(minutes: int | None) -> float:
    """Minutes as hours, to one decimal place, as the figures are shown."""
    return round((minutes or 0) / 60, 1)


def percent(part: int, whole: int) -> float | None:
    """`part` of `whole` to one decimal place; None when there is nothing to divide (shown as a dash)."""
    return round(part * 100 / whole, 1) if whole else None


def minutes_between(start_path: str, end_path: str) -> ExpressionWrapper:
    """Minutes from one time of day to another, in the database on SQLite and PostgreSQL alike."""
    return ExpressionWrapper(
        (ExtractHour(end_path) * 60 + ExtractMinute(end_path))
        - (ExtractHour(start_path) * 60 + ExtractMinute(start_path)),
        output_field=IntegerField(),
    )


def day_number(path: str) -> ExpressionWrapper:
    """A date as yyyymmdd: calendar-month arithmetic that both databases do the same way."""
    return ExpressionWrapper(
        ExtractYear(path) * 10000 + ExtractMonth(path) * 100 + ExtractDay(path), output_field=IntegerField()
    )


def grouped_totals(queryset, group_path: str | None, **aggregates) -> dict:
    """`queryset.aggregate(**aggregates)` under the key None when `group_path` is None; otherwise the
    aggregates for each value of `group_path` (one grouped query), by that value. A group with no rows
    is missing: read it with `.get(key, {})` and the defaults of an empty aggregate (0 for a count)."""
    if group_path is None:
        return {None: queryset.aggregate(**aggregates)}
    rows = queryset.values(group_path).annotate(**aggregates).order_by()
    return {row.pop(group_path): row for row in rows}


def group_keys(scope, by_region: bool) -> list:
    """The keys `grouped_totals` gives figures under: None for the scope as a whole, or each region's id."""
    if not by_region:
        return [None]
    regions = Region.objects.filter(id__in=scope.region_ids) if scope.region_ids else Region.objects.all()
    return list(regions.order_by("name").values_list("id", flat=True))


def median_of(queryset, value_path: str, *, count: int | None = None) -> float | None:
    """The median of a numeric annotation, found by the database: the middle one or two rows in order.
    `count`, when the caller has counted the rows already, saves counting them again."""
    count = queryset.count() if count is None else count
    if not count:
        return None
    ordered = queryset.order_by(value_path).values_list(value_path, flat=True)
    middle = [value.days if hasattr(value, "days") else value for value in ordered[(count - 1) // 2 : count // 2 + 1]]
    return round(sum(middle) / len(middle), 1)


def _as_days(value) -> float:
    return value.total_seconds() / 86400 if isinstance(value, dt.timedelta) else float(value)


def medians_by_group(queryset, value_path: str, group_path: str | None, keys, *, counts=None) -> dict:
    """`median_of(queryset, value_path)` for each key of `group_keys` (rows whose `group_path` is that key;
    the whole queryset under None), by key, the median being the middle row or the mean of the middle two.

    On PostgreSQL one query for every group: the ordered-set aggregate `percentile_cont(0.5)`, which
    interpolates halfway between the middle two, so the same figure. Elsewhere (SQLite) a query a group
    with `median_of`. `counts`, {key: rows}, when the caller has counted them, saves counting again."""
    counts = counts or {}
    if connections[queryset.db].vendor != "postgresql":
        return {
            key: median_of(
                queryset.filter(Q(**{group_path: key}) if group_path else Q()), value_path, count=counts.get(key)
            )
            for key in keys
        }
    connection = connections[queryset.db]
    rows = queryset.values(value_path).order_by()
    if group_path:
        rows = queryset.annotate(median_group=F(group_path)).values("median_group", value_path).order_by()
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (an empty scope): no median
        return dict.fromkeys(keys)
    quote = connection.ops.quote_name
    group = quote("median_group") if group_path else "NULL"
    grouping = f" GROUP BY {group}" if group_path else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {group}, percentile_cont(0.5) WITHIN GROUP (ORDER BY {quote(value_path)}) "
            f"FROM ({sql}) AS median_rows{grouping}",
            params,
        )
        medians = {key if group_path else None: value for key, value in cursor.fetchall()}
    return {key: None if medians.get(key) is None else round(_as_days(medians[key]), 1) for key in keys}
