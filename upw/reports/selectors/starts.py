"""Starts: orders with unpaid work made in the period (MoJ "Unpaid work management information")."""

from django.db.models import Count, Q, Sum

from upw.models import Requirement

from .figures import Figure, MeasureGroup, Unit, group_keys, grouped_totals
from .periods import Period, Scope

# The bands of hours ordered the Ministry of Justice publishes (domain.md: low 40-80, medium 80-150,
# high 150-300). A boundary belongs to the lower band, so every order is in exactly one.
BANDS = (
    ("low", "40 to 80 hours", 40, 80),
    ("medium", "81 to 150 hours", 81, 150),
    ("high", "151 to 300 hours", 151, 300),
)

REQUIREMENTS_STARTED = (
    "Unpaid work requirements with a sentence date in the period, of people whose delivery unit is in scope."
)
PEOPLE_STARTED = "Different people with at least one requirement counted in requirements started."
HOURS_ORDERED = "The hours ordered by the requirements started, added up."
BY_BAND = (
    "Requirements started, by the hours ordered: low 40 to 80, medium 81 to 150, high 151 to 300 "
    "(a boundary counts in the lower band)."
)


def band_q(band: str, path: str = "hours_ordered") -> Q:
    _, _, low, high = next(b for b in BANDS if b[0] == band)
    return Q(**{f"{path}__gte": low, f"{path}__lte": high})


def started(*, period: Period, scope: Scope):
    return Requirement.objects.filter(scope.q("person__pdu"), sentence_date__range=period.range())


def starts_values(*, period: Period, scope: Scope, by_region: bool = False) -> dict:
    """The figures' values ({figure key: value}), for the scope as a whole (under the key None) or, with
    `by_region`, for each region of the scope (by region id) from one grouped query."""
    totals = grouped_totals(
        started(period=period, scope=scope),
        "person__pdu__region" if by_region else None,
        requirements=Count("id"),
        people=Count("person", distinct=True),
        hours=Sum("hours_ordered"),
        **{band: Count("id", filter=band_q(band)) for band, *_ in BANDS},
    )
    values = {}
    for key in group_keys(scope, by_region):
        total = totals.get(key, {})
        values[key] = {
            "requirements_started": total.get("requirements", 0),
            "people_started": total.get("people", 0),
            "hours_ordered": total.get("hours") or 0,
            **{f"band_{band}": total.get(band, 0) for band, *_ in BANDS},
        }
    return values


def starts(*, period: Period, scope: Scope) -> MeasureGroup:
    value = starts_values(period=period, scope=scope)[None]
    return MeasureGroup(
        key="starts",
        title="Starts",
        summary="People and requirements sentenced to unpaid work in the period.",
        figures=(
            Figure(
                "requirements_started",
                "Requirements started",
                value["requirements_started"],
                Unit.COUNT,
                REQUIREMENTS_STARTED,
            ),
            Figure("people_started", "People starting", value["people_started"], Unit.COUNT, PEOPLE_STARTED),
            Figure("hours_ordered", "Hours ordered", value["hours_ordered"], Unit.HOURS, HOURS_ORDERED),
            *(
                Figure(f"band_{band}", f"Requirements of {label}", value[f"band_{band}"], Unit.COUNT, BY_BAND)
                for band, label, *_ in BANDS
            ),
        ),
    )
