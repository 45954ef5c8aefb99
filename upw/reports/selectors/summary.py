"""Reading the reports' summary (`upw.models.reports`, refreshed by `upw.reports.services.refresh_summary`).

A period is split on the day the summary was last refreshed: the sessions before that day are read
from the summary (a row a session, as it stood at the refresh), those from that day on are worked out
from the places and the ledger as before. So today's figures are always live, and a figure for the
days before the refresh is exactly what the full definition gave at the refresh. With no refresh yet,
everything is worked out from the places.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, DateField, F, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan
from django.utils import timezone

from upw.models import AttendanceRecord, ReportSummaryRefresh
from upw.models.attendance import ATTENDED_OUTCOMES

from .periods import Period, custom


@dataclass(frozen=True)
class SummaryState:
    refreshed_at: dt.datetime
    refreshed_on: dt.date
    ledger_entries_up_to: int = 0
    ledger_later_from: int = 1

    def holds_ledger_by(self, day: dt.date) -> bool:
        """Whether every entry the summary's ledger totals hold (recorded before its refresh day) was recorded
        by the end of `day`."""
        return day >= self.refreshed_on - dt.timedelta(days=1)

    def ledger_not_held(self, *, by: dt.date) -> Q:
        """The ledger entries the summary's totals leave out that may have been recorded by the end of `by`:
        those after its latest, and those up to it recorded on its refresh day or later (all from
        `ledger_later_from` on), which only a day from the eve of the refresh day on can include."""
        after = Q(id__gt=self.ledger_entries_up_to)
        if by < self.refreshed_on - dt.timedelta(days=1):
            return after
        return after | Q(id__gte=self.ledger_later_from, created_at__gte=_start_of(self.refreshed_on))


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def summary_state() -> SummaryState | None:
    latest = ReportSummaryRefresh.objects.order_by("-refreshed_at").first()
    if latest is None:
        return None
    return SummaryState(latest.refreshed_at, latest.refreshed_on, latest.ledger_entries_up_to, latest.ledger_later_from)


def split_period(period: Period, state: SummaryState | None) -> tuple[Period | None, Period | None]:
    """(the days read from the summary, the days worked out live): either may be None."""
    if state is None or state.refreshed_on <= period.start:
        return None, period
    if state.refreshed_on > period.end:
        return period, None
    return custom(period.start, state.refreshed_on - dt.timedelta(days=1)), custom(state.refreshed_on, period.end)


def merged(*parts: dict) -> dict:
    """Grouped totals ({key: {name: number}}) added up, an empty sum (None) counting as 0."""
    total: dict = {}
    for part in parts:
        for key, values in part.items():
            into = total.setdefault(key, {})
            for name, value in values.items():
                into[name] = (into.get(name) or 0) + (value or 0)
    return total


def as_whole(grouped: dict) -> dict:
    """Grouped totals ({key: {name: number}}) added up under the key None."""
    return {None: merged(*({None: values} for values in grouped.values())).get(None, {})}


def first_attended_on(state: SummaryState | None, *, up_to: dt.date):
    """The date of the outer requirement's earliest attended session (NULL: none), as an expression.

    Before the refresh day it is the summary's; otherwise (no summary row before that day) the earliest
    attended session from the refresh day on, looked up through the requirement's own places, only
    when `up_to` reaches the refresh day. Without a summary, every attended session is looked through."""

    def live(since: dt.date | None):
        attended = AttendanceRecord.objects.filter(
            allocation__requirement=OuterRef("pk"), outcome__in=sorted(ATTENDED_OUTCOMES)
        )
        if since is not None:
            attended = attended.filter(allocation__session__date__gte=since)
        return Subquery(
            attended.order_by("allocation__session__date").values("allocation__session__date")[:1],
            output_field=DateField(),
        )

    if state is None:
        return live(None)
    # A LEFT JOIN on the summary (one row a requirement, hashed once), not a look-up a requirement.
    summarised = F("report_first_session__first_attended_on")
    summary = Case(
        When(LessThan(summarised, state.refreshed_on), then=summarised), default=None, output_field=DateField()
    )
    if up_to < state.refreshed_on:
        return summary
    return Coalesce(summary, live(state.refreshed_on), output_field=DateField())
