"""Reads for the rota pages: the grid of a run, a supervisor's own rota, the calendar feed."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from scheduler.models import (
    RotaAssignment,
    RotaRun,
    RotaRunStatus,
    RotaShortfall,
)
from scheduler.rota import adapter
from scheduler.rota.engine.explain import BUSY, EXCLUDED, HOURS, ON_LEAVE, REST, RUN, SHIFTS, TOO_FAR, WEEKENDS
from upw.models import Session, SessionStatus, SessionSupervisor, Supervisor

# The run list's sortable columns: the fields each sorts on (whitelisted, never user input).
RUN_SORTS = {
    "started": ("created_at",),
    "region": ("region__name",),
    "dates": ("start_date", "end_date"),
    "status": ("status",),
}


def place_name(project_name: str, site_name: str | None) -> str:
    """A project with its site, naming the site only when it is not called the same."""
    project_name, site_name = (project_name or "").strip(), (site_name or "").strip()
    if not site_name or site_name.casefold() == project_name.casefold():
        return project_name
    return f"{project_name} ({site_name})"


def session_name(session: Session) -> str:
    """ "Walker allotment on Mon 05 Jan, 09:00-16:30" (with the site when it has another name)."""
    project = session.project
    return (
        f"{place_name(project.name, project.site.name)} on {session.date:%a %d %b}, "
        f"{session.start_time:%H:%M}-{session.end_time:%H:%M}"
    )


# --- Shortfalls in plain words ---------------------------------------------------------------------

# The engine's reasons (scheduler.rota.engine.explain) as the end of a sentence: (one person, several).
_PREDICATES = {
    ON_LEAVE: ("is on leave or has a day off", "are on leave or have a day off"),
    BUSY: ("is working another session that day", "are working another session that day"),
    REST: (
        "would break the rest rule (11 hours between shifts) or a shift that may not follow",
        "would break the rest rule (11 hours between shifts) or a shift that may not follow",
    ),
    HOURS: ("has no hours left in their contract", "have no hours left in their contracts"),
    WEEKENDS: ("is already at their maximum weekends", "are already at their maximum weekends"),
    TOO_FAR: ("is too far from their office", "are too far from their offices"),
    SHIFTS: ("is at their maximum shifts of this type", "are at their maximum shifts of this type"),
    RUN: ("would work too many days in a row", "would work too many days in a row"),
    EXCLUDED: (
        "may not work this session (for example, someone on it may not be supervised by them)",
        "may not work this session (for example, someone on it may not be supervised by them)",
    ),
}
_COUNTED = re.compile(r"^(?P<n>\d+) of (?P<of>\d+) (?P<who>[^:]+): (?P<why>.+)$")
_FREE = re.compile(r"^(?P<n>\d+) (?P<who>[^:]+?)\(s\) free but not rostered: (?P<why>.+)$")


def _noun(qualification: str, n: int) -> str:
    if qualification == "female":
        noun = "female supervisor"
    elif qualification == "van-driver":
        noun = "van driver"
    elif qualification:
        noun = f"supervisor with {qualification}"
    else:
        noun = "supervisor"
    if n == 1:
        return noun
    return noun.replace("supervisor", "supervisors", 1) if "supervisor" in noun else noun + "s"


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:] + "." if text else ""


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def shortfall_sentence(line) -> str:
    """A shortfall (a `RotaShortfall`) as plain sentences: "Needs 2 supervisors and has 1. Of the
    region's 15 supervisors, 8 are working another session that day and 7 are on leave or have a day
    off." The engine's reasons ("8 of 15 supervisors: working another session that day") are read
    back into one sentence; any other reason is kept as its own sentence."""
    need = _noun(line.qualification, line.required)
    have = "none" if not line.assigned else str(line.assigned)
    out = [f"Needs {line.required} {need} and has {have}."]
    counted: list[str] = []
    of, who, rest = None, None, []
    for reason in line.reasons or []:
        if m := _COUNTED.match(reason):
            n = int(m["n"])
            one, many = _PREDICATES.get(m["why"], (m["why"], m["why"]))
            counted.append(f"{n} {one if n == 1 else many}")
            of, who = of or int(m["of"]), who or m["who"]
        elif m := _FREE.match(reason):
            n = int(m["n"])
            counted.append(
                f"{n} {'is' if n == 1 else 'are'} free but not rostered, because of their other rules "
                "(such as rest days or runs of working days) or a costlier gap elsewhere"
            )
        else:
            rest.append(_sentence(reason))
    if counted:
        if of == 1:
            out.append(_sentence(f"the region's only {_noun(line.qualification, 1)} " + counted[0].split(" ", 1)[1]))
        elif of:
            out.append(_sentence(f"of the region's {of} {who}, " + _join(counted)))
        else:
            out.append(_sentence(_join(counted)))
    return " ".join(out + rest)


_CANCEL = "cancel the session (stand it down and rebook its attendees)"


def suggestions_sentence(line) -> str:
    """ "You could merge with ...; offer overtime to ...; or cancel: ..." """
    items = [s.strip().rstrip(".") for s in line.suggestions or [] if s.strip()]
    items = [_CANCEL if s.startswith("cancel:") else s for s in items]
    if not items:
        return ""
    if len(items) > 1:
        items[-1] = "or " + items[-1]
    return "You could " + "; ".join(items) + "."


# --- Quality of a run ------------------------------------------------------------------------------


def quality(figures: dict) -> str:
    """How good the engine's rota is, in words (the raw figures go in a details element)."""
    status = (figures or {}).get("solver_status")
    gap = (figures or {}).get("gap")
    if status == "OPTIMAL":
        return "Best possible rota found."
    if status == "FEASIBLE":
        if gap is not None:
            percent = max(math.ceil(float(gap) * 100), 1)
            return f"Good rota found (within {percent}% of the best possible)."
        return "Good rota found (the search stopped before it could tell how close to the best it is)."
    if status == "GREEDY":
        return "A workable rota found by the quick method: the full search found nothing better in the time."
    if status == "INFEASIBLE":
        return "No rota can keep every hard rule: see why below."
    return "The engine did not say how good this rota is."


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
        line.sentence = shortfall_sentence(line)
        line.advice = suggestions_sentence(line)
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

    def label(s) -> str:
        when = f"{s.date:%a %d %b} {s.start_time:%H:%M}-{s.end_time:%H:%M}"
        return f"{when}: {place_name(s.project.name, s.project.site.name)}"

    return [(s.pk, label(s)) for s in sessions.order_by("date", "start_time", "id")]


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


@dataclass
class RotaChange:
    """A publication that changed the supervisor's sessions, with the sessions named."""

    note: object  # RotaNotification
    new: bool
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)


def my_changes(supervisor: Supervisor, *, since: dt.datetime | None, limit: int = 5) -> list[RotaChange]:
    """The supervisor's latest rota changes, newest first; `new` if made after `since` (when they
    last looked at their rota; None: never, so every change is new)."""
    notes = list(supervisor.rota_notifications.select_related("publication")[:limit])
    ids = {i for n in notes for i in [*(n.added or []), *(n.removed or [])]}
    sessions = Session.objects.select_related("project__site").in_bulk(ids)

    def named(session_ids) -> list:
        found = [sessions[i] for i in session_ids or [] if i in sessions]
        return sorted(found, key=lambda s: (s.date, s.start_time))

    return [RotaChange(n, since is None or n.created_at > since, named(n.added), named(n.removed)) for n in notes]


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


# --- Which sessions a rota can staff (for matching) -----------------------------------------------


def _latest_runs(region, start: dt.date, end: dt.date) -> list[RotaRun]:
    return list(
        RotaRun.objects.filter(
            region=region,
            status__in=(RotaRunStatus.READY, RotaRunStatus.PUBLISHED),
            start_date__lte=end,
            end_date__gte=start,
        ).order_by("-created_at", "-id")
    )


def _run_covering(runs: list[RotaRun], date: dt.date) -> RotaRun | None:
    # A published run is the rota; a newer run still in review only a proposal, but it is what
    # "plan the fortnight" has just built, so the newest run covering the date counts.
    for run in runs:
        if run.start_date <= date <= run.end_date:
            return run
    return None


def unstaffable_session_ids(region, start: dt.date, end: dt.date) -> set[int]:
    """Sessions of `region` from `start` to `end` that the latest rota (ready or published) covering
    their date cannot staff: nobody on them, or no van driver or female supervisor they need.
    Matching should give these no attendees. Sessions no rota covers yet are not reported."""
    runs = _latest_runs(region, start, end)
    if not runs:
        return set()
    dates = dict(adapter.rota_sessions(region, start, end).values_list("id", "date"))
    blocked: dict[int, set[int]] = defaultdict(set)
    for run_id, session_id, qualification, assigned in RotaShortfall.objects.filter(
        run__in=runs, session_id__in=list(dates)
    ).values_list("run_id", "session_id", "qualification", "assigned"):
        if assigned == 0 or qualification:
            blocked[run_id].add(session_id)
    out = set()
    for session_id, date in dates.items():
        run = _run_covering(runs, date)
        if run is not None and session_id in blocked[run.pk]:
            out.add(session_id)
    return out


def staffed_places(region, start: dt.date, end: dt.date) -> dict[int, int]:
    """Places matching may fill on each session a rota covers: capacity, capped at supervisors x
    ratio; 0 for a session that cannot be staffed."""
    runs = _latest_runs(region, start, end)
    if not runs:
        return {}
    sessions = adapter.rota_sessions(region, start, end)
    needs = adapter.session_needs(sessions)
    capacity = dict(sessions.values_list("id", "capacity"))
    blocked = unstaffable_session_ids(region, start, end)
    heads: dict[tuple[int, int], int] = defaultdict(int)
    for run_id, session_id in RotaAssignment.objects.filter(run__in=runs, session_id__in=list(needs)).values_list(
        "run_id", "session_id"
    ):
        heads[(run_id, session_id)] += 1
    out = {}
    for session_id, need in needs.items():
        run = _run_covering(runs, need.date)
        if run is None:
            continue
        if session_id in blocked:
            out[session_id] = 0
        else:
            out[session_id] = min(capacity[session_id], heads[(run.pk, session_id)] * need.ratio)
    return out
