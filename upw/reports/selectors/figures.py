"""What every measure group returns: figures with their definitions, and tables behind them."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import ExpressionWrapper, IntegerField
from django.db.models.functions import ExtractDay, ExtractHour, ExtractMinute, ExtractMonth, ExtractYear


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


def median_of(queryset, value_path: str, *, count: int | None = None) -> float | None:
    """The median of a numeric annotation, found by the database: the middle one or two rows in order.
    `count`, when the caller has counted the rows already, saves counting them again."""
    count = queryset.count() if count is None else count
    if not count:
        return None
    ordered = queryset.order_by(value_path).values_list(value_path, flat=True)
    middle = [value.days if hasattr(value, "days") else value for value in ordered[(count - 1) // 2 : count // 2 + 1]]
    return round(sum(middle) / len(middle), 1)
