"""Caseload: the requirements open at the end of the period, and how long people wait to start."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, Exists, F, Min, OuterRef, Q, Subquery, Sum
from django.db.models.lookups import GreaterThan, IsNull, Range
from django.utils import timezone

from upw.models import AttendanceRecord, HoursLedgerEntry, Requirement, RequirementLedgerMonth
from upw.models.attendance import ATTENDED_OUTCOMES
from upw.models.requirements import ENDED_REQUIREMENT_STATUSES

from .caching import cached
from .figures import Figure, MeasureGroup, Unit, group_keys, grouped_totals, hours, medians_by_group, percent
from .periods import Period, Scope, ScopeKind
from .summary import SummaryState, as_whole, first_attended_on, merged

ACTIVE = (
    "Requirements sentenced on or before the end of the period (or today, if sooner) that had not ended by "
    "then: not completed, breached, revoked or transferred out. Paused requirements count."
)
OUTSTANDING = (
    "For the active requirements, the hours ordered less every ledger entry (credits, adjustments, travel "
    "time, earned reduction and corrections) recorded by then."
)
WAITING_ASSESSMENT = "People with an active requirement not yet assessed by then."
WAITING_INDUCTION = "Active requirements whose induction was not done by then."
WAITING_FIRST_SESSION = "Active requirements with no attended session on or before then."
DAYS_TO_INDUCTION = "The median days from sentence to induction, of inductions done in the period."
DAYS_TO_FIRST_SESSION = (
    "The median days from sentence to the first attended session, of requirements whose first session was "
    "in the period."
)
OVER_INDUCTION_TARGET = (
    "Of the inductions done in the period, the share done more than the target days after sentence "
    "(UPW_TARGET_DAYS_TO_INDUCTION)."
)
OVER_FIRST_SESSION_TARGET = (
    "Of the first sessions in the period, the share more than the target days after sentence "
    "(UPW_TARGET_DAYS_TO_FIRST_SESSION)."
)


ONE_DAY = dt.timedelta(days=1)


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day`, local time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def as_of(period: Period, today: dt.date) -> dt.date:
    return min(period.end, today)


def active_on(*, day: dt.date, scope: Scope):
    """Requirements open on `day`: sentenced by then, and not ended by then."""
    return Requirement.objects.filter(scope.q("person__pdu"), open_on(day))


def open_on(day: dt.date) -> Q:
    not_ended = Q(ended_at__isnull=True) & ~Q(status__in=ENDED_REQUIREMENT_STATUSES)
    # Ended after `day` (local time), compared as a moment rather than converting every end to a local date.
    return Q(sentence_date__lte=day) & (not_ended | Q(ended_at__gte=_start_of(day + ONE_DAY)))


def _attended(requirement_path: str = "pk"):
    return AttendanceRecord.objects.filter(
        allocation__requirement=OuterRef(requirement_path), outcome__in=sorted(ATTENDED_OUTCOMES)
    )


def _first_attended(*, before: dt.date | None = None, on_or_before: dt.date | None = None) -> Subquery:
    """One attended session of the requirement (the outer query's), if any, in the days given.

    A scalar subquery rather than EXISTS on purpose: PostgreSQL turns NOT EXISTS into an anti-join
    that hashes every attended place in the history; a scalar subquery stays a look-up through the
    requirement's own few places, and stops at the first attended one."""
    attended = _attended()
    if before is not None:
        attended = attended.filter(allocation__session__date__lt=before)
    if on_or_before is not None:
        attended = attended.filter(allocation__session__date__lte=on_or_before)
    return Subquery(attended.values("pk")[:1])


def _no_attended_session(*, before: dt.date | None = None, on_or_before: dt.date | None = None) -> IsNull:
    return IsNull(_first_attended(before=before, on_or_before=on_or_before), True)


def _candidates(*, period: Period, scope: Scope) -> Q:
    """Only a requirement in scope, sentenced by the period's end and not ended before it began, can have
    its first session in the period."""
    return (
        scope.q("person__pdu")
        & (Q(ended_at__isnull=True) | Q(ended_at__gte=_start_of(period.start)))
        & Q(sentence_date__lte=period.end)
    )


def first_sessions_in(*, period: Period, scope: Scope):
    """The requirements whose first attended session was in the period, with its date (`first_session`).

    Those are the requirements with an attended session in the period and none before it, so only the
    period's places are grouped (the earliest of them is the first), never the whole history."""
    return (
        Requirement.objects.filter(
            _candidates(period=period, scope=scope),
            allocations__session__date__range=period.range(),
            allocations__attendance__outcome__in=sorted(ATTENDED_OUTCOMES),
        )
        .filter(_no_attended_session(before=period.start))
        .annotate(first_session=Min("allocations__session__date"))
    )


def _waiting_first(*, day: dt.date, state: SummaryState | None) -> Q:
    """No attended session on or before `day`."""
    if state is None:
        return Q(_no_attended_session(on_or_before=day))
    first = first_attended_on(state, up_to=day)
    return Q(IsNull(first, True)) | Q(GreaterThan(first, day))


def _first_starts(*, period: Period, scope: Scope, state: SummaryState):
    """The requirements whose earliest attended session was in the period (from the summary before its
    refresh day), with its date as `first_session`: the same requirements as `first_sessions_in`."""
    first = first_attended_on(state, up_to=period.end)
    return Requirement.objects.filter(_candidates(period=period, scope=scope), Range(first, period.range())).annotate(
        first_session=first
    )


def _caseload_totals(*, period: Period, scope: Scope, today: dt.date, by_region: bool, state: SummaryState | None):
    """The counts and sums behind the figures, and the rows the medians are taken of."""
    day = as_of(period, today)
    region = "person__pdu__region" if by_region else None
    active = active_on(day=day, scope=scope)
    counts = grouped_totals(
        active,
        region,
        requirements=Count("id"),
        ordered=Sum("hours_ordered"),
        waiting_induction=Count(
            "id", filter=Q(induction_completed_on__isnull=True) | Q(induction_completed_on__gt=day)
        ),
        waiting_assessment=Count(
            "person", distinct=True, filter=Q(person__assessed_on__isnull=True) | Q(person__assessed_on__gt=day)
        ),
        # In the aggregate's filter, so that the look-up runs only for the requirements in scope (in the
        # WHERE clause PostgreSQL runs it on every requirement before joining their people).
        waiting_first=Count("id", filter=_waiting_first(day=day, state=state)),
    )
    # Recorded by the end of `day`, compared as a moment: the date of every entry in the ledger, worked out in
    # the local time zone, took twice as long.
    entries = HoursLedgerEntry.objects.filter(
        requirement__in=active.values("id"), created_at__lt=_start_of(day + ONE_DAY)
    )
    summarised = None
    if state is not None and state.holds_ledger_by(day):
        # Every entry the summary holds was recorded by then: its totals.
        summarised = grouped_totals(active, region, total=Sum("report_ledger_total__minutes"))
    elif state is not None and (day + ONE_DAY).day == 1:
        # The end of a month before the refresh: the summary's months up to then.
        summarised = grouped_totals(
            RequirementLedgerMonth.objects.filter(requirement__in=active.values("id"), month__lte=day),
            f"requirement__{region}" if region else None,
            total=Sum("minutes"),
        )
    if summarised is not None:
        # And the entries it leaves out, recorded by then.
        entries = entries.filter(state.ledger_not_held(by=day))
    else:
        summarised = {}
    credited = merged(
        summarised, grouped_totals(entries, f"requirement__{region}" if region else None, total=Sum("minutes"))
    )
    targets = settings.UPW
    inducted, started = _median_rows(period=period, scope=scope, state=state)
    late_induction = Q(
        induction_completed_on__gt=F("sentence_date") + dt.timedelta(days=targets["TARGET_DAYS_TO_INDUCTION"])
    )
    inductions = grouped_totals(inducted, region, count=Count("id"), late=Count("id", filter=late_induction))
    target_first = dt.timedelta(days=targets["TARGET_DAYS_TO_FIRST_SESSION"])
    if state is None:
        # Counted without grouping the places by requirement, so that one grouped query counts every
        # region: a first session in the period is late when no attended session in the period was on time.
        on_time = _attended().filter(
            allocation__session__date__range=period.range(),
            allocation__session__date__lte=OuterRef("sentence_date") + target_first,
        )
        first_starts = grouped_totals(
            Requirement.objects.filter(
                _candidates(period=period, scope=scope),
                Exists(_attended().filter(allocation__session__date__range=period.range())),
                _no_attended_session(before=period.start),
            ),
            region,
            count=Count("id"),
            late=Count("id", filter=Q(IsNull(Subquery(on_time.values("pk")[:1]), True))),
        )
    else:
        # The first session is late when it was more than the target after sentence (then so was every
        # attended session after it in the period).
        first_starts = grouped_totals(
            _first_starts(period=period, scope=scope, state=state),
            region,
            count=Count("id"),
            late=Count("id", filter=Q(GreaterThan(F("first_session"), F("sentence_date") + target_first))),
        )
    return {
        "counts": counts,
        "credited": credited,
        "inductions": inductions,
        "first_starts": first_starts,
        "inducted": inducted,
        "started": started,
    }


def _median_rows(*, period: Period, scope: Scope, state: SummaryState | None):
    """The inductions and the first sessions in the period, each with its wait from sentence (`wait`)."""
    inducted = Requirement.objects.filter(
        scope.q("person__pdu"), induction_completed_on__range=period.range()
    ).annotate(wait=F("induction_completed_on") - F("sentence_date"))
    if state is None:
        started = first_sessions_in(period=period, scope=scope)
    else:
        started = _first_starts(period=period, scope=scope, state=state)
    return inducted, started.annotate(wait=F("first_session") - F("sentence_date"))


def _medians(totals: dict, *, region: str | None, keys: list) -> dict:
    inductions, first_starts = totals["inductions"], totals["first_starts"]
    return {
        "induction": medians_by_group(
            totals["inducted"],
            "wait",
            region,
            keys,
            counts={key: values.get("count", 0) for key, values in inductions.items()},
        ),
        "first_session": medians_by_group(
            totals["started"],
            "wait",
            region,
            keys,
            counts={key: values.get("count", 0) for key, values in first_starts.items()},
        ),
    }


def _by_regions(*, period: Period, scope: Scope, today: dt.date, state: SummaryState, medians: bool) -> dict:
    """Every region's totals (and, with `medians`, medians), worked out once and kept as the groups are:
    England and Wales's figures for the period (its totals are the sum of its regions': everyone's
    delivery unit is in one region) and the region table read them."""
    code = f"{period.start}:{period.end}:{today}:{state.refreshed_at.isoformat()}"
    totals = cached(
        f"upw-reports-regions-totals:caseload:{code}",
        lambda: {
            name: value
            for name, value in _caseload_totals(
                period=period, scope=scope, today=today, by_region=True, state=state
            ).items()
            if name in TOTALS
        },
    )
    if not medians:
        return totals

    def work_medians() -> dict:
        inducted, started = _median_rows(period=period, scope=scope, state=state)
        rows = {**totals, "inducted": inducted, "started": started}
        return _medians(rows, region="person__pdu__region", keys=group_keys(scope, True))

    return {**totals, "medians": cached(f"upw-reports-regions-medians:caseload:{code}", work_medians)}


TOTALS = ("counts", "credited", "inductions", "first_starts")


def caseload_values(
    *, period: Period, scope: Scope, today: dt.date, by_region: bool = False, state: SummaryState | None = None
) -> dict:
    """The figures' values ({figure key: value}), for the scope as a whole (under the key None) or, with
    `by_region`, for each region of the scope (by region id) from grouped queries. With the summary's
    `state`, first sessions before its refresh day are read from the summary."""
    region = "person__pdu__region" if by_region else None
    keys = group_keys(scope, by_region)
    if state is not None and scope.kind == ScopeKind.NATIONAL and not scope.region_ids:
        regions = _by_regions(period=period, scope=scope, today=today, state=state, medians=by_region)
        if by_region:
            totals, medians = regions, regions["medians"]
        else:
            totals = {name: as_whole(regions[name]) for name in TOTALS}
            # The country's medians are not its regions': they are taken of every row.
            inducted, started = _median_rows(period=period, scope=scope, state=state)
            medians = _medians({**totals, "inducted": inducted, "started": started}, region=None, keys=keys)
    else:
        totals = _caseload_totals(period=period, scope=scope, today=today, by_region=by_region, state=state)
        medians = _medians(totals, region=region, keys=keys)
    counts, credited, inductions, first_starts = (
        totals["counts"],
        totals["credited"],
        totals["inductions"],
        totals["first_starts"],
    )
    induction_medians, first_session_medians = medians["induction"], medians["first_session"]
    values = {}
    for key in keys:
        count, induction = counts.get(key, {}), inductions.get(key, {})
        starts = {"count": 0, "late": 0, **first_starts.get(key, {})}
        values[key] = {
            "active_requirements": count.get("requirements", 0),
            "hours_outstanding": hours((count.get("ordered") or 0) * 60 - (credited.get(key, {}).get("total") or 0)),
            "waiting_assessment": count.get("waiting_assessment", 0),
            "waiting_induction": count.get("waiting_induction", 0),
            "waiting_first_session": count.get("waiting_first", 0),
            "median_days_to_induction": induction_medians[key],
            "inductions_over_target": percent(induction.get("late", 0), induction.get("count", 0)),
            "median_days_to_first_session": first_session_medians[key],
            "first_sessions_over_target": percent(starts["late"], starts["count"]),
        }
    return values


def caseload(*, period: Period, scope: Scope, today: dt.date, state: SummaryState | None = None) -> MeasureGroup:
    day = as_of(period, today)
    value = caseload_values(period=period, scope=scope, today=today, state=state)[None]
    return MeasureGroup(
        key="caseload",
        title="Caseload",
        summary=f"Requirements open on {day:%-d %B %Y}, and waiting times in the period.",
        figures=(
            Figure("active_requirements", "Active requirements", value["active_requirements"], Unit.COUNT, ACTIVE),
            Figure(
                "hours_outstanding",
                "Hours outstanding",
                value["hours_outstanding"],
                Unit.HOURS,
                OUTSTANDING,
            ),
            Figure(
                "waiting_assessment",
                "People waiting for assessment",
                value["waiting_assessment"],
                Unit.COUNT,
                WAITING_ASSESSMENT,
            ),
            Figure(
                "waiting_induction", "Waiting for induction", value["waiting_induction"], Unit.COUNT, WAITING_INDUCTION
            ),
            Figure(
                "waiting_first_session",
                "Waiting for a first session",
                value["waiting_first_session"],
                Unit.COUNT,
                WAITING_FIRST_SESSION,
            ),
            Figure(
                "median_days_to_induction",
                "Median days to induction",
                value["median_days_to_induction"],
                Unit.DAYS,
                DAYS_TO_INDUCTION,
            ),
            Figure(
                "inductions_over_target",
                "Inductions later than the target",
                value["inductions_over_target"],
                Unit.PERCENT,
                OVER_INDUCTION_TARGET,
            ),
            Figure(
                "median_days_to_first_session",
                "Median days to a first session",
                value["median_days_to_first_session"],
                Unit.DAYS,
                DAYS_TO_FIRST_SESSION,
            ),
            Figure(
                "first_sessions_over_target",
                "First sessions later than the target",
                value["first_sessions_over_target"],
                Unit.PERCENT,
                OVER_FIRST_SESSION_TARGET,
            ),
        ),
    )
