"""Delivery: the places offered and the hours worked at sessions held in the period.

Sessions, places and hours are counted where the work is done: the delivery unit of the project's
site.
"""

import datetime as dt
from collections.abc import Callable

from django.db.models import Count, F, Q, Sum

from upw.models import (
    Allocation,
    AllocationStatus,
    AttendanceRecord,
    HoursLedgerEntry,
    LedgerEntryKind,
    ProjectType,
    Session,
    SessionReportFigures,
    SessionStatus,
)
from upw.models.attendance import ATTENDED_OUTCOMES

from .caching import cached
from .figures import Figure, MeasureGroup, Unit, group_keys, grouped_totals, hours, minutes_between, percent
from .periods import Period, Scope, ScopeKind
from .summary import SummaryState, as_whole, merged, split_period

ACCEPTABLE_ABSENCES = ("AAME", "AAEM", "AAFC", "AACL", "AASD", "CO05")
UNACCEPTABLE_ABSENCES = ("UACP",)
SITE_PDU = "project__site__pdu"

HOURS_OFFERED = "Places booked on sessions in the period that were not stood down, times each session's length."
HOURS_WORKED = (
    "Hours credited for attendance at sessions in the period, net of the corrections that reversed those "
    "credits. Adjustments, travel time and earned reduction are not hours worked."
)
SESSIONS_RUN = "Sessions in the period, up to today, that were not stood down."
SESSIONS_STOOD_DOWN = "Sessions in the period that were stood down (cancelled by the service)."
ATTENDANCE_RATE = (
    "Appointments with an attended outcome (ATTC, AFTC, ATSH, ATSS, ATCH, AFDA) as a share of all "
    "appointments in the period with an outcome recorded."
)
ACCEPTABLE = "Appointments in the period recorded as an acceptable absence (AAME, AAEM, AAFC, AACL, AASD, CO05)."
UNACCEPTABLE = "Appointments in the period recorded as an unacceptable absence (UACP)."
ETE_HOURS = "Hours worked (as defined above) on education, training and employment projects."


def hours_worked_q() -> Q:
    """The ledger entries that are hours worked: credits, and the corrections that reverse credits."""
    return Q(kind=LedgerEntryKind.CREDIT) | Q(kind=LedgerEntryKind.CORRECTION, reverses__kind=LedgerEntryKind.CREDIT)


def hours_worked_entries(*, period: Period, scope: Scope):
    """Credits for attendance at sessions in the period and the corrections of those credits.

    A correction carries the attendance of the entry it reverses, so a credit and its correction
    fall in the same period and net to what was really worked.
    """
    session = "attendance__allocation__session"
    return HoursLedgerEntry.objects.filter(
        hours_worked_q(),
        scope.q(f"{session}__{SITE_PDU}"),
        **{f"{session}__date__range": period.range()},
    )


def appointments(*, period: Period, scope: Scope):
    return AttendanceRecord.objects.filter(
        scope.q(f"allocation__session__{SITE_PDU}"), allocation__session__date__range=period.range()
    )


def _live_totals(*, period: Period, scope: Scope, region: str | None) -> tuple[dict, dict, dict]:
    """Hours offered, hours worked and outcomes worked out from the places and the ledger."""

    def by(path: str) -> str | None:
        return f"{path}__{region}" if region else None

    offered = Allocation.objects.filter(
        scope.q(f"session__{SITE_PDU}"),
        session__date__range=period.range(),
        status=AllocationStatus.ALLOCATED,
    ).exclude(session__status=SessionStatus.STOOD_DOWN)
    offered_minutes = grouped_totals(
        offered, by("session"), offered=Sum(minutes_between("session__start_time", "session__end_time"))
    )
    worked = grouped_totals(
        hours_worked_entries(period=period, scope=scope),
        by("attendance__allocation__session"),
        total=Sum("minutes"),
        ete=Sum(
            "minutes",
            filter=Q(attendance__allocation__session__project__project_type=ProjectType.ETE),
        ),
    )
    outcomes = grouped_totals(
        appointments(period=period, scope=scope).exclude(outcome=""),
        by("allocation__session"),
        with_outcome=Count("id"),
        attended=Count("id", filter=Q(outcome__in=sorted(ATTENDED_OUTCOMES))),
        acceptable=Count("id", filter=Q(outcome__in=ACCEPTABLE_ABSENCES)),
        unacceptable=Count("id", filter=Q(outcome__in=UNACCEPTABLE_ABSENCES)),
    )
    return offered_minutes, worked, outcomes


def _summary_totals(*, period: Period, scope: Scope, region: str | None) -> tuple[dict, dict, dict]:
    """The same totals read from the summary: one row a session, one grouped query."""
    rows = SessionReportFigures.objects.filter(scope.q(f"session__{SITE_PDU}"), session__date__range=period.range())
    totals = grouped_totals(
        rows,
        f"session__{region}" if region else None,
        offered=Sum(
            F("places_booked") * minutes_between("session__start_time", "session__end_time"),
            filter=~Q(session__status=SessionStatus.STOOD_DOWN),
        ),
        total=Sum("minutes_worked"),
        ete=Sum("minutes_worked", filter=Q(session__project__project_type=ProjectType.ETE)),
        with_outcome=Sum("with_outcome"),
        attended=Sum("attended"),
        acceptable=Sum("acceptable_absences"),
        unacceptable=Sum("unacceptable_absences"),
    )
    offered = {key: {"offered": row["offered"]} for key, row in totals.items()}
    worked = {key: {"total": row["total"], "ete": row["ete"]} for key, row in totals.items()}
    outcomes = {
        key: {name: row[name] or 0 for name in ("with_outcome", "attended", "acceptable", "unacceptable")}
        for key, row in totals.items()
    }
    return offered, worked, outcomes


def minutes_worked_by(
    day: Callable[[str], object] | None, *, period: Period, scope: Scope, state: SummaryState | None
) -> dict:
    """Hours worked in minutes ({"total": minutes} under the key None), or grouped by `day(session date
    path)` when given, with the days before the summary's refresh read from the summary."""
    from_summary, live = split_period(period, state)
    parts = []
    if from_summary is not None:
        rows = SessionReportFigures.objects.filter(
            scope.q(f"session__{SITE_PDU}"), session__date__range=from_summary.range()
        )
        parts.append(_grouped_by_day(rows, day, "session__date", total=Sum("minutes_worked")))
    if live is not None:
        entries = hours_worked_entries(period=live, scope=scope)
        parts.append(_grouped_by_day(entries, day, "attendance__allocation__session__date", total=Sum("minutes")))
    return merged(*parts)


def _grouped_by_day(rows, day, path: str, **aggregates) -> dict:
    if day is None:
        return grouped_totals(rows, None, **aggregates)
    grouped = rows.annotate(grouped_day=day(path)).values("grouped_day").annotate(**aggregates).order_by()
    return {row.pop("grouped_day"): row for row in grouped}


def delivery_values(
    *, period: Period, scope: Scope, today: dt.date, by_region: bool = False, state: SummaryState | None = None
) -> dict:
    """The figures' values ({figure key: value}), for the scope as a whole (under the key None) or, with
    `by_region`, for each region of the scope (by region id) from grouped queries. With the summary's
    `state`, the days before its refresh are read from the summary (`summary.split_period`)."""
    region = f"{SITE_PDU}__region" if by_region else None
    session_counts = grouped_totals(
        Session.objects.filter(scope.q(SITE_PDU), date__range=period.range()),
        region,
        run=Count("id", filter=~Q(status=SessionStatus.STOOD_DOWN) & Q(date__lte=today)),
        stood_down=Count("id", filter=Q(status=SessionStatus.STOOD_DOWN)),
    )
    from_summary, live = split_period(period, state)
    parts = []
    if from_summary is not None:
        parts.append(_summary_totals(period=from_summary, scope=scope, region=region))
    if live is not None and state is not None and scope.kind == ScopeKind.NATIONAL and not scope.region_ids:
        # England and Wales's days from the refresh on, worked out once by region and kept as the groups
        # are: the period's figures, its region table and its trend read them (every site's delivery unit
        # is in one region, so the country is the sum of its regions).
        by_regions = cached(
            f"upw-reports-live:delivery:{live.start}:{live.end}:{today}:{state.refreshed_at.isoformat()}",
            lambda: _live_totals(period=live, scope=scope, region=f"{SITE_PDU}__region"),
        )
        parts.append(by_regions if by_region else tuple(as_whole(totals) for totals in by_regions))
    elif live is not None:
        parts.append(_live_totals(period=live, scope=scope, region=region))
    offered_minutes, worked, outcomes = (merged(*kind) for kind in zip(*parts, strict=True))
    values = {}
    for key in group_keys(scope, by_region):
        sessions, work, outcome = session_counts.get(key, {}), worked.get(key, {}), outcomes.get(key, {})
        values[key] = {
            "hours_offered": hours(offered_minutes.get(key, {}).get("offered")),
            "hours_worked": hours(work.get("total")),
            "sessions_run": sessions.get("run", 0),
            "sessions_stood_down": sessions.get("stood_down", 0),
            "attendance_rate": percent(outcome.get("attended", 0), outcome.get("with_outcome", 0)),
            "acceptable_absences": outcome.get("acceptable", 0),
            "unacceptable_absences": outcome.get("unacceptable", 0),
            "ete_hours": hours(work.get("ete")),
        }
    return values


def delivery(*, period: Period, scope: Scope, today: dt.date, state: SummaryState | None = None) -> MeasureGroup:
    value = delivery_values(period=period, scope=scope, today=today, state=state)[None]
    return MeasureGroup(
        key="delivery",
        title="Delivery",
        summary="Places offered, hours worked and attendance at sessions in the period.",
        figures=(
            Figure("hours_offered", "Hours offered", value["hours_offered"], Unit.HOURS, HOURS_OFFERED),
            Figure("hours_worked", "Hours worked", value["hours_worked"], Unit.HOURS, HOURS_WORKED),
            Figure("sessions_run", "Sessions run", value["sessions_run"], Unit.COUNT, SESSIONS_RUN),
            Figure(
                "sessions_stood_down",
                "Sessions stood down",
                value["sessions_stood_down"],
                Unit.COUNT,
                SESSIONS_STOOD_DOWN,
            ),
            Figure(
                "attendance_rate",
                "Attendance rate",
                value["attendance_rate"],
                Unit.PERCENT,
                ATTENDANCE_RATE,
            ),
            Figure("acceptable_absences", "Acceptable absences", value["acceptable_absences"], Unit.COUNT, ACCEPTABLE),
            Figure(
                "unacceptable_absences",
                "Unacceptable absences",
                value["unacceptable_absences"],
                Unit.COUNT,
                UNACCEPTABLE,
            ),
            Figure("ete_hours", "ETE hours", value["ete_hours"], Unit.HOURS, ETE_HOURS),
        ),
    )
