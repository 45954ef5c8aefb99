"""Reads for the rota pages: the grid of a run, a supervisor's own rota, the calendar feed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from scheduler.adapters import rota as adapter
from scheduler.models import RotaRun
from upw.models import SessionStatus, SessionSupervisor, Supervisor


@dataclass
class GridRow:
    supervisor: Supervisor
    cells: list[list] = field(default_factory=list)  # one list of RotaAssignment per day
    minutes: int = 0
    allowed_minutes: int | None = None


@dataclass
class Unstaffed:
    session: object
    lines: list = field(default_factory=list)  # RotaShortfall rows

    @property
    def blocks(self) -> bool:
        return any(line.blocks_session for line in self.lines)


def run_days(run: RotaRun) -> list[dt.date]:
    return [run.start_date + dt.timedelta(days=k) for k in range((run.end_date - run.start_date).days + 1)]


def grid_supervisors(run: RotaRun):
    """The region's active supervisors and anyone else on the run, in name order."""
    on_run = run.assignments.values("supervisor_id")
    return (
        (
            Supervisor.objects.filter(active=True, base_office__pdu__region=run.region)
            | Supervisor.objects.filter(id__in=on_run)
        )
        .select_related("user", "base_office")
        .order_by("user__last_name", "user__first_name", "id")
    )


def grid_rows(run: RotaRun, supervisors) -> list[GridRow]:
    """Rows of the grid for the given supervisors (a page of them): their sessions by day."""
    days = run_days(run)
    index = {d: k for k, d in enumerate(days)}
    rows = {s.id: GridRow(s, [[] for _ in days]) for s in supervisors}
    for a in run.assignments.filter(supervisor_id__in=list(rows)).select_related("session__project__site"):
        row = rows[a.supervisor_id]
        k = index.get(a.session.date)
        if k is not None:
            row.cells[k].append(a)
            row.minutes += a.session.duration_minutes
    for row in rows.values():
        row.allowed_minutes = row.supervisor.contracted_minutes_per_week * len(days) // 7
    return list(rows.values())


def unstaffed(run: RotaRun) -> list[Unstaffed]:
    by_session: dict[int, Unstaffed] = {}
    for line in run.shortfalls.select_related("session__project__site").order_by(
        "session__date", "session__start_time", "session_id", "qualification"
    ):
        by_session.setdefault(line.session_id, Unstaffed(line.session)).lines.append(line)
    return list(by_session.values())


def by_day(run: RotaRun, items: list[Unstaffed]) -> list[list[Unstaffed]]:
    """The unstaffed sessions in one list per day of the run (the grid's top row)."""
    days = run_days(run)
    index = {d: k for k, d in enumerate(days)}
    out: list[list[Unstaffed]] = [[] for _ in days]
    for item in items:
        k = index.get(item.session.date)
        if k is not None:
            out[k].append(item)
    return out


def session_choices(run: RotaRun) -> list[tuple[int, str]]:
    sessions = adapter.rota_sessions(run.region, run.start_date, run.end_date).select_related("project__site")
    return [
        (s.pk, f"{s.date:%a %d %b} {s.start_time:%H:%M}-{s.end_time:%H:%M}: {s.project.name} ({s.project.site.name})")
        for s in sessions.order_by("date", "start_time", "id")
    ]


def supervisor_choices(run: RotaRun) -> list[tuple[int, str]]:
    return [(s.pk, str(s)) for s in grid_supervisors(run)]


def my_rota(supervisor: Supervisor, *, start: dt.date | None = None, days: int = 28):
    """The supervisor's rostered (published) sessions from `start` (today) for `days` days, by date."""
    start = start or timezone.localdate()
    rows = (
        SessionSupervisor.objects.filter(
            supervisor=supervisor, session__date__gte=start, session__date__lt=start + dt.timedelta(days=days)
        )
        .exclude(session__status=SessionStatus.STOOD_DOWN)
        .select_related("session__project__site")
        .order_by("session__date", "session__start_time")
    )
    by_day: dict[dt.date, list] = defaultdict(list)
    for row in rows:
        by_day[row.session.date].append(row)
    return sorted(by_day.items())


def feed_sessions(supervisor: Supervisor, *, days_back: int = 30, days_ahead: int = 120):
    """What the calendar feed holds: the supervisor's own rostered sessions around today."""
    today = timezone.localdate()
    return (
        SessionSupervisor.objects.filter(
            supervisor=supervisor,
            session__date__gte=today - dt.timedelta(days=days_back),
            session__date__lte=today + dt.timedelta(days=days_ahead),
        )
        .select_related("session__project__site")
        .order_by("session__date", "session__start_time")
    )
