"""The periods and scopes a report is asked for, as plain values the measures filter by."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q


class PeriodKind:
    MONTH = "month"
    QUARTER = "quarter"
    FINANCIAL_YEAR = "year"
    CUSTOM = "custom"


PERIOD_KINDS = (
    (PeriodKind.MONTH, "Month"),
    (PeriodKind.QUARTER, "Quarter"),
    (PeriodKind.FINANCIAL_YEAR, "Financial year (April to March)"),
    (PeriodKind.CUSTOM, "Custom dates"),
)


def _add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both included."""

    kind: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{self.start:%B %Y}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start:%b} to {self.end:%b %Y}"
        if self.kind == PeriodKind.FINANCIAL_YEAR:
            return f"Financial year {self.start.year} to {self.end.year}"
        return f"{self.start:%-d %b %Y} to {self.end:%-d %b %Y}"

    @property
    def short_label(self) -> str:
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start:%b %Y}"
        return self.label

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def a_year_before(self) -> "Period":
        return Period(self.kind, _same_day_a_year_before(self.start), _same_day_a_year_before(self.end))

    def range(self) -> tuple[dt.date, dt.date]:
        return (self.start, self.end)


def _same_day_a_year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def month_of(day: dt.date) -> Period:
    first = day.replace(day=1)
    return Period(PeriodKind.MONTH, first, _add_months(first, 1) - dt.timedelta(days=1))


def quarter_of(day: dt.date) -> Period:
    first = dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return Period(PeriodKind.QUARTER, first, _add_months(first, 3) - dt.timedelta(days=1))


def financial_year_of(day: dt.date) -> Period:
    """April to March, as the Ministry of Justice publishes."""
    year = day.year if day.month >= 4 else day.year - 1
    return Period(PeriodKind.FINANCIAL_YEAR, dt.date(year, 4, 1), dt.date(year + 1, 3, 31))


def custom(start: dt.date, end: dt.date) -> Period:
    return Period(PeriodKind.CUSTOM, start, end)


def trend_quarters(period: Period, count: int = 8) -> list[Period]:
    """The `count` calendar quarters up to and including the one `period` ends in, oldest first."""
    last = quarter_of(period.end)
    return [quarter_of(_add_months(last.start, -3 * back)) for back in range(count - 1, -1, -1)]


class ScopeKind:
    NATIONAL = "national"
    REGION = "region"
    PDU = "pdu"


@dataclass(frozen=True)
class Scope:
    """Which records a report counts: the regions (or one delivery unit) it covers.

    `region_ids` is always the regions the reader may see within the scope; a national scope of an
    administrator or national lead leaves them empty, meaning every region.
    """

    kind: str
    label: str
    region_ids: tuple[int, ...] = ()
    pdu_id: int | None = None
    code: str = ScopeKind.NATIONAL

    def q(self, pdu_path: str) -> Q:
        """The filter for records whose delivery unit is reached by `pdu_path` (e.g. "person__pdu")."""
        if self.kind == ScopeKind.PDU:
            return Q(**{f"{pdu_path}_id": self.pdu_id})
        if self.kind == ScopeKind.REGION or self.region_ids:
            return Q(**{f"{pdu_path}__region_id__in": self.region_ids})
        return Q()
