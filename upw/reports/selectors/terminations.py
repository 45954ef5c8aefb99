"""Terminations: requirements that ended in the period, and completion within 12 months (SL029).

A requirement ended when its status became completed, breached, revoked or transferred out;
`ended_at` says when. Nothing else is read: court extensions change the deadline, not the measure.
"""

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from upw.models import Requirement, RequirementStatus
from upw.models.requirements import ENDED_REQUIREMENT_STATUSES

from .figures import Figure, MeasureGroup, Table, Unit, day_number, group_keys, grouped_totals, percent
from .periods import Period, Scope
from .starts import BANDS, band_q

ENDED = "Requirements that ended in the period (the date they ended), whatever the reason."
BY_REASON = "Requirements that ended in the period, by why they ended: {reason}."
COMPLETION_RATE = (
    "Probation performance measure SL029: of the requirements that ended in the period, other than those "
    "transferred out, the share completed within 12 calendar months of the sentence date (whatever the "
    "deadline, so a court extension does not count as in time)."
)
COMPLETION_BY_BAND = "Completion within 12 months (as above) for each band of hours ordered."

REASONS = (
    ("completed", "Completed", RequirementStatus.COMPLETED),
    ("revoked", "Revoked", RequirementStatus.REVOKED),
    ("breached", "Breached", RequirementStatus.BREACHED),
    ("transferred", "Transferred out", RequirementStatus.TRANSFERRED),
)


def ended_in(*, period: Period, scope: Scope):
    return Requirement.objects.filter(
        scope.q("person__pdu"), status__in=ENDED_REQUIREMENT_STATUSES, ended_at__date__range=period.range()
    )


def _within_twelve_months() -> Q:
    # The completion date on or before the same day twelve months after sentence, as yyyymmdd numbers:
    # calendar months, the same on SQLite and PostgreSQL.
    return Q(status=RequirementStatus.COMPLETED, completed_day__lte=10000 + day_number("sentence_date"))


def completion_counts_query(*, period: Period, scope: Scope):
    """The requirements SL029 counts: ended in the period, other than transfers, with `completed_day`."""
    return (
        ended_in(period=period, scope=scope)
        .exclude(status=RequirementStatus.TRANSFERRED)
        .annotate(completed_day=day_number(Coalesce("completed_at", "ended_at")))
    )


def completion_aggregates() -> dict:
    in_time = _within_twelve_months()
    aggregates = {"ended": Count("id"), "in_time": Count("id", filter=in_time)}
    for band, *_ in BANDS:
        aggregates[f"{band}_ended"] = Count("id", filter=band_q(band))
        aggregates[f"{band}_in_time"] = Count("id", filter=in_time & band_q(band))
    return aggregates


def completion_counts(*, period: Period, scope: Scope) -> dict:
    return completion_counts_query(period=period, scope=scope).aggregate(**completion_aggregates())


def terminations_values(*, period: Period, scope: Scope, by_region: bool = False) -> dict:
    """The figures' values ({figure key: value}), for the scope as a whole (under the key None) or, with
    `by_region`, for each region of the scope (by region id) from one grouped query."""
    counts = grouped_totals(
        ended_in(period=period, scope=scope),
        "person__pdu__region" if by_region else None,
        ended=Count("id"),
        **{key: Count("id", filter=Q(status=status)) for key, _, status in REASONS},
    )
    return {
        key: {
            "requirements_ended": counts.get(key, {}).get("ended", 0),
            **{f"ended_{reason}": counts.get(key, {}).get(reason, 0) for reason, _, _ in REASONS},
        }
        for key in group_keys(scope, by_region)
    }


def completions_values(*, period: Period, scope: Scope, by_region: bool = False) -> dict:
    """As `terminations_values`, for completion within 12 months."""
    counts = grouped_totals(
        completion_counts_query(period=period, scope=scope),
        "person__pdu__region" if by_region else None,
        **completion_aggregates(),
    )
    values = {}
    for key in group_keys(scope, by_region):
        count = counts.get(key, {})
        ended, in_time = count.get("ended", 0), count.get("in_time", 0)
        values[key] = {"completion_rate": percent(in_time, ended), "ended_counted": ended, "completed_in_time": in_time}
    return values


def terminations(*, period: Period, scope: Scope) -> MeasureGroup:
    counts = terminations_values(period=period, scope=scope)[None]
    return MeasureGroup(
        key="terminations",
        title="Terminations",
        summary="Requirements that ended in the period, by reason.",
        figures=(
            Figure("requirements_ended", "Requirements ended", counts["requirements_ended"], Unit.COUNT, ENDED),
            *(
                Figure(
                    f"ended_{key}", label, counts[f"ended_{key}"], Unit.COUNT, BY_REASON.format(reason=label.lower())
                )
                for key, label, _ in REASONS
            ),
        ),
    )


def completions(*, period: Period, scope: Scope) -> MeasureGroup:
    counts = completion_counts(period=period, scope=scope)
    rows = tuple(
        (
            label,
            counts[f"{band}_ended"],
            counts[f"{band}_in_time"],
            percent(counts[f"{band}_in_time"], counts[f"{band}_ended"]),
        )
        for band, label, *_ in BANDS
    )
    return MeasureGroup(
        key="completions",
        title="Completion within 12 months",
        summary="The share of requirements ending in the period that were completed within 12 months of sentence.",
        figures=(
            Figure(
                "completion_rate",
                "Completed within 12 months",
                percent(counts["in_time"], counts["ended"]),
                Unit.PERCENT,
                COMPLETION_RATE,
            ),
            Figure(
                "ended_counted", "Requirements ended (not transferred)", counts["ended"], Unit.COUNT, COMPLETION_RATE
            ),
            Figure("completed_in_time", "Completed within 12 months", counts["in_time"], Unit.COUNT, COMPLETION_RATE),
        ),
        tables=(
            Table(
                "completion_by_band",
                "Completion within 12 months by band",
                ("Band", "Ended", "Completed within 12 months", "Rate (%)"),
                rows,
                COMPLETION_BY_BAND,
            ),
        ),
    )
