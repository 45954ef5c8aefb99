"""Operations: what needs attention now, staff use, and whether places keep up with hours owed."""

import datetime as dt

from django.conf import settings
from django.db.models import Avg, Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.lookups import IsNull

from upw.core import at_risk
from upw.models import (
    Allocation,
    AllocationStatus,
    ProbationDeliveryUnit,
    Requirement,
    Session,
    SessionStatus,
    SessionSupervisor,
    Supervisor,
)
from upw.models.requirements import ACTIVE_REQUIREMENT_STATUSES

from .caching import cached
from .figures import Figure, MeasureGroup, Table, Unit, group_keys, grouped_totals, hours, minutes_between, percent
from .periods import Period, Scope, ScopeKind, custom
from .summary import SummaryState, merged, split_period

AT_RISK = "Active requirements flagged at risk today: at the current pace the hours will not be done by the deadline."
PAST_DEADLINE = "Active requirements whose deadline has passed, today."
OVERDUE_OUTCOMES = (
    "Sessions in the last {days} days (UPW_OVERDUE_OUTCOME_DAYS), up to yesterday, not stood down, with a "
    "booked place that has no outcome recorded, today."
)
REVIEWS_OVERDUE = "Active requirements whose review date has passed, today."
UTILISATION = (
    "Hours supervisors were rostered on sessions in the period (not stood down) as a share of their "
    "contracted hours over the period (weekly hours times the weeks in the period), for active "
    "supervisors based in scope."
)
PLACES_AGAINST_OWED = (
    "For each delivery unit: hours of places offered on its sites' sessions in the period (capacity times "
    "length, sessions not stood down) against the hours still owed today by its active requirements. "
    "Fewer places than hours owed means local demand outstrips local places."
)


TODAY_FIGURES = ("at_risk", "past_deadline", "overdue_outcomes", "reviews_overdue")


def _active_today(scope: Scope):
    return Requirement.objects.filter(scope.q("person__pdu"), status__in=ACTIVE_REQUIREMENT_STATUSES)


def places_against_owed(*, period: Period, scope: Scope) -> tuple[tuple, ...]:
    """(region, delivery unit, places offered in hours, hours owed, places per hour owed), a row a PDU."""
    pdus = ProbationDeliveryUnit.objects.filter(_pdu_q(scope))
    offered = dict(
        Session.objects.filter(scope.q("project__site__pdu"), date__range=period.range())
        .exclude(status=SessionStatus.STOOD_DOWN)
        .values_list("project__site__pdu")
        .annotate(minutes=Sum(minutes_between("start_time", "end_time") * F("capacity")))
        .values_list("project__site__pdu", "minutes")
    )
    owed = dict(
        _active_today(scope)
        .values_list("person__pdu")
        .annotate(minutes=Sum("hours_ordered") * 60 - Sum("minutes_credited"))
        .values_list("person__pdu", "minutes")
    )
    rows = []
    for pdu in pdus.select_related("region").order_by("region__name", "name"):
        places, due = hours(offered.get(pdu.id)), hours(owed.get(pdu.id))
        rows.append((pdu.region.name, pdu.name, places, due, round(places / due, 2) if due else None))
    return tuple(rows)


def pdu_positions(*, scope: Scope) -> dict[str, tuple[float, float]]:
    """Where each delivery unit is on a map: the mean of its project sites' positions, by its name."""
    positions = (
        ProbationDeliveryUnit.objects.filter(_pdu_q(scope), sites__latitude__isnull=False)
        .values_list("name")
        .annotate(latitude=Avg("sites__latitude"), longitude=Avg("sites__longitude"))
        .values_list("name", "latitude", "longitude")
    )
    return {name: (latitude, longitude) for name, latitude, longitude in positions}


MAP_PROJECT_LIMIT = 300
PROJECTS_ON_THE_MAP = (
    "Projects with sessions in the period at a site with a known position: the hours of places offered "
    "(capacity times length, sessions not stood down) and the sessions run or planned. At most the "
    f"{MAP_PROJECT_LIMIT} projects offering the most hours are listed."
)


def project_places(*, period: Period, scope: Scope, limit: int = MAP_PROJECT_LIMIT) -> tuple[tuple, ...]:
    """(project, delivery unit, latitude, longitude, hours of places offered, sessions), a row a project
    with a positioned site, most hours first: the projects layer of the map and its table."""
    rows = (
        Session.objects.filter(
            scope.q("project__site__pdu"), date__range=period.range(), project__site__latitude__isnull=False
        )
        .exclude(status=SessionStatus.STOOD_DOWN)
        .values_list(
            "project_id",
            "project__name",
            "project__site__pdu__name",
            "project__site__latitude",
            "project__site__longitude",
        )
        .annotate(minutes=Sum(minutes_between("start_time", "end_time") * F("capacity")), sessions=Count("id"))
        .order_by("-minutes", "project__name")[:limit]
    )
    return tuple((name, pdu, lat, lon, hours(minutes), sessions) for _, name, pdu, lat, lon, minutes, sessions in rows)


def _pdu_q(scope: Scope) -> Q:
    if scope.pdu_id:
        return Q(id=scope.pdu_id)
    if scope.region_ids:
        return Q(region_id__in=scope.region_ids)
    return Q()


def supervisor_utilisation(*, period: Period, scope: Scope) -> float | None:
    return _utilisation(period=period, scope=scope)[None]


def _utilisation(*, period: Period, scope: Scope, by_region: bool = False) -> dict:
    rostered = grouped_totals(
        SessionSupervisor.objects.filter(
            scope.q("session__project__site__pdu"), session__date__range=period.range()
        ).exclude(session__status=SessionStatus.STOOD_DOWN),
        "session__project__site__pdu__region" if by_region else None,
        minutes=Sum(minutes_between("session__start_time", "session__end_time")),
    )
    contracted_weekly = grouped_totals(
        Supervisor.objects.filter(scope.q("base_office__pdu"), active=True),
        "base_office__pdu__region" if by_region else None,
        minutes=Sum("contracted_minutes_per_week"),
    )
    utilisation = {}
    for key in group_keys(scope, by_region):
        contracted = (contracted_weekly.get(key, {}).get("minutes") or 0) * period.days / 7
        utilisation[key] = percent(rostered.get(key, {}).get("minutes") or 0, round(contracted))
    return utilisation


def _today_values(*, scope: Scope, today: dt.date, by_region: bool, state: SummaryState | None = None) -> dict:
    """The figures of today (at risk, past the deadline, overdue outcomes, reviews overdue), whatever the
    period: {key: {figure key: value}} as `group_keys`."""
    active = _active_today(scope)
    # Counted in the aggregate's filter, so the per-requirement look-ups run only for the requirements in
    # scope (in the WHERE clause PostgreSQL runs them on every requirement before joining their people).
    # Across the country, places ahead and warnings are cheaper read once into a hash; for one region
    # the look-ups a requirement at a time are (measured at 30,000 requirements).
    scan_all = by_region or scope.kind == ScopeKind.NATIONAL
    counts = grouped_totals(
        at_risk.with_risk_reasons(active, today=today, scan_all=scan_all),
        "person__pdu__region" if by_region else None,
        at_risk=Count("id", filter=Q(risk_any=True)),
        past_deadline=Count("id", filter=Q(deadline__lt=today)),
        reviews_overdue=Count("id", filter=Q(next_review_on__lt=today)),
    )
    days = settings.UPW["OVERDUE_OUTCOME_DAYS"]
    # A booked place without an outcome (no attendance record, or one with no outcome yet), as the
    # overdue outcomes list counts them. A scalar subquery, looked up from each of the window's few
    # sessions: as EXISTS, PostgreSQL joins every place in the history first.
    waiting = Allocation.objects.filter(session=OuterRef("pk"), status=AllocationStatus.ALLOCATED).filter(
        Q(attendance__isnull=True) | Q(attendance__outcome="")
    )
    window = custom(today - dt.timedelta(days=days), today - dt.timedelta(days=1))
    from_summary, live = split_period(window, state)
    region_path = "project__site__pdu__region" if by_region else None
    in_window = Session.objects.filter(scope.q("project__site__pdu")).exclude(status=SessionStatus.STOOD_DOWN)
    parts = []
    if from_summary is not None:
        # Sessions before the summary's refresh day, as they stood then (as delivery's outcomes are).
        parts.append(
            grouped_totals(
                in_window.filter(date__range=from_summary.range(), report_figures__places_awaiting_outcome__gt=0),
                region_path,
                sessions=Count("id"),
            )
        )
    if live is not None:
        parts.append(
            grouped_totals(
                in_window.filter(
                    IsNull(Subquery(waiting.order_by().values("pk")[:1]), False), date__range=live.range()
                ),
                region_path,
                sessions=Count("id"),
            )
        )
    overdue = merged(*parts)
    values = {}
    for key in group_keys(scope, by_region):
        count = counts.get(key, {})
        values[key] = {
            "at_risk": count.get("at_risk", 0),
            "past_deadline": count.get("past_deadline", 0),
            "overdue_outcomes": overdue.get(key, {}).get("sessions", 0),
            "reviews_overdue": count.get("reviews_overdue", 0),
        }
    return values


def _national_today_by_region(today: dt.date, state: SummaryState | None) -> dict:
    """Every region's figures of today, worked out once for England and Wales a day (and kept as the
    groups are): the national figures for the period, the year before and the region table all read them."""
    national = Scope(ScopeKind.NATIONAL, "England and Wales")
    return cached(
        f"upw-reports-today:operations:{today}:{state.refreshed_at.isoformat() if state else None}",
        lambda: _today_values(scope=national, today=today, by_region=True, state=state),
    )


def operations_values(
    *, period: Period, scope: Scope, today: dt.date, by_region: bool = False, state: SummaryState | None = None
) -> dict:
    """The figures' values ({figure key: value}), for the scope as a whole (under the key None) or, with
    `by_region`, for each region of the scope (by region id) from grouped queries."""
    if scope.kind == ScopeKind.NATIONAL and not scope.region_ids:
        # Every requirement and session is in one region (a delivery unit's), so England and Wales is the
        # sum of the regions.
        regions = _national_today_by_region(today, state)
        if by_region:
            today_values = regions
        else:
            today_values = {None: {name: sum(region[name] for region in regions.values()) for name in TODAY_FIGURES}}
    else:
        today_values = _today_values(scope=scope, today=today, by_region=by_region, state=state)
    utilisation = _utilisation(period=period, scope=scope, by_region=by_region)
    return {
        key: {**today_values[key], "supervisor_utilisation": utilisation[key]} for key in group_keys(scope, by_region)
    }


def operations(*, period: Period, scope: Scope, today: dt.date, state: SummaryState | None = None) -> MeasureGroup:
    value = operations_values(period=period, scope=scope, today=today, state=state)[None]
    days = settings.UPW["OVERDUE_OUTCOME_DAYS"]
    return MeasureGroup(
        key="operations",
        title="Operations",
        summary="What needs attention today, supervisors' time in the period, and places against hours owed.",
        figures=(
            Figure("at_risk", "At risk", value["at_risk"], Unit.COUNT, AT_RISK),
            Figure("past_deadline", "Past the deadline", value["past_deadline"], Unit.COUNT, PAST_DEADLINE),
            Figure(
                "overdue_outcomes",
                "Sessions with overdue outcomes",
                value["overdue_outcomes"],
                Unit.COUNT,
                OVERDUE_OUTCOMES.format(days=days),
            ),
            Figure("reviews_overdue", "Reviews overdue", value["reviews_overdue"], Unit.COUNT, REVIEWS_OVERDUE),
            Figure(
                "supervisor_utilisation",
                "Supervisor utilisation",
                value["supervisor_utilisation"],
                Unit.PERCENT,
                UTILISATION,
            ),
        ),
        tables=(
            Table(
                "places_against_owed",
                "Places offered against hours owed, by delivery unit",
                ("Region", "Delivery unit", "Hours of places offered", "Hours owed", "Places per hour owed"),
                places_against_owed(period=period, scope=scope),
                PLACES_AGAINST_OWED,
            ),
        ),
    )
