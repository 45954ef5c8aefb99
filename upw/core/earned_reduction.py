"""Earned reduction (Sentencing Act 2026 s.37, new Sch 9 para 3A) as plain functions.

Once THRESHOLD% of the hours ordered are worked with no enforceable outcome (no unreasonable absence,
never sent off site), each further hour worked takes MINUTES_PER_HOUR off the hours owed, up to CAP%
of the hours ordered. The first enforceable outcome stops any further reduction; what was earned
before it is kept. Nothing here touches the database: the ledger feeds it the attendances.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class ReductionPolicy:
    enabled: bool = True
    threshold_percent: int = 25
    minutes_per_hour: int = 30
    cap_percent: int = 25
    order_types: tuple[str, ...] = ("community_order", "suspended_sentence")


def policy() -> ReductionPolicy:
    upw = settings.UPW
    return ReductionPolicy(
        enabled=upw["EARNED_REDUCTION_ENABLED"],
        threshold_percent=upw["EARNED_REDUCTION_THRESHOLD_PERCENT"],
        minutes_per_hour=upw["EARNED_REDUCTION_MINUTES_PER_HOUR"],
        cap_percent=upw["EARNED_REDUCTION_CAP_PERCENT"],
        order_types=tuple(upw["EARNED_REDUCTION_ORDER_TYPES"]),
    )


@dataclass(frozen=True)
class WorkedDay:
    """Minutes credited for one attendance, and whether its outcome was enforceable."""

    date: dt.date
    minutes: int
    enforceable: bool = False


@dataclass(frozen=True)
class Reduction:
    minutes: int  # taken off the hours owed
    threshold_minutes: int  # worked before any reduction is earned
    cap_minutes: int
    worked_counted: int  # minutes worked before the first enforceable outcome
    stopped_on: dt.date | None  # the first enforceable outcome, if any
    eligible: bool  # the scheme is on and applies to this order type


def threshold_minutes(ordered: int, rules: ReductionPolicy) -> int:
    return -(-ordered * rules.threshold_percent // 100)  # rounded up: 25% must be worked in full


def reduction_for(worked: int, ordered: int, rules: ReductionPolicy) -> int:
    """Minutes off for `worked` minutes of compliant work (no stop), before the cap on what is owed."""
    beyond = max(worked - threshold_minutes(ordered, rules), 0)
    return min(beyond * rules.minutes_per_hour // 60, ordered * rules.cap_percent // 100)


def earned_reduction(
    *, ordered: int, order_type: str, days: Iterable[WorkedDay], other_minutes: int = 0, rules: ReductionPolicy
) -> Reduction:
    """The reduction earned by the attendances `days` on an order of `ordered` minutes.

    `other_minutes` are the order's other credits (adjustments, travel time): they never earn a
    reduction but count towards what is owed, which the reduction never takes below zero.
    """
    eligible = rules.enabled and order_type in rules.order_types
    days = sorted(days, key=lambda day: day.date)
    stopped_on = next((day.date for day in days if day.enforceable), None)
    worked_total = sum(day.minutes for day in days)
    counted = sum(day.minutes for day in days if stopped_on is None or day.date < stopped_on)
    minutes = reduction_for(counted, ordered, rules) if eligible else 0
    minutes = max(min(minutes, ordered - worked_total - other_minutes), 0)
    return Reduction(
        minutes=minutes,
        threshold_minutes=threshold_minutes(ordered, rules),
        cap_minutes=ordered * rules.cap_percent // 100,
        worked_counted=counted,
        stopped_on=stopped_on,
        eligible=eligible,
    )


def minutes_to_finish(
    *,
    ordered: int,
    order_type: str,
    days: Iterable[WorkedDay],
    other_minutes: int,
    on: dt.date,
    enforceable: bool = False,
    rules: ReductionPolicy,
) -> int:
    """The fewest minutes of work on `on` that finish the order, counting the reduction they earn.

    Credit for a day is capped at this, so nobody is credited beyond what the order needs.
    """
    days = list(days)

    def owed_after(extra: int) -> int:
        with_extra = [*days, WorkedDay(date=on, minutes=extra, enforceable=enforceable)]
        worked = sum(day.minutes for day in with_extra)
        reduction = earned_reduction(
            ordered=ordered, order_type=order_type, days=with_extra, other_minutes=other_minutes, rules=rules
        ).minutes
        return ordered - worked - other_minutes - reduction

    low, high = 0, max(owed_after(0), 0)
    while low < high:  # the least `extra` with nothing owed after it (owed_after only falls as extra grows)
        middle = (low + high) // 2
        if owed_after(middle) <= 0:
            high = middle
        else:
            low = middle + 1
    return low
