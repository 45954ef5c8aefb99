"""The rules for hours credited (domain.md, "Sessions, outcomes and hours") as plain functions.

Nothing here touches the database. Time is kept in whole minutes. The policy figures (rounding,
when an unpaid break applies) come in as arguments, read from settings.UPW by `policy()`.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

ATTENDED_OUTCOMES = frozenset({"ATTC", "AFTC", "ATSH", "ATSS", "ATCH", "AFDA"})


@dataclass(frozen=True)
class HoursPolicy:
    rounding_minutes: int = 0  # 0: no rounding; 15: down to the quarter hour
    break_after_minutes: int = 360  # an unpaid break is taken off a day on site at least this long


def policy() -> HoursPolicy:
    upw = settings.UPW
    return HoursPolicy(
        rounding_minutes=upw.get("CREDIT_ROUNDING_MINUTES", 0), break_after_minutes=upw.get("BREAK_AFTER_MINUTES", 360)
    )


@dataclass(frozen=True)
class Credit:
    """How a credit was worked out, step by step, so a page can explain it."""

    on_site: int  # minutes from (counted) arrival to (counted) departure
    unpaid_break: int
    penalty: int
    rounded_off: int
    capped_off: int
    minutes: int  # what is credited


def format_minutes(minutes: int | None) -> str:
    """Minutes as hours and minutes, as every page and message shows them: 150 -> "2h 30m", 120 -> "2h"."""
    if minutes is None:
        return ""
    minutes = int(minutes)
    sign, minutes = ("-", -minutes) if minutes < 0 else ("", minutes)
    whole, rest = divmod(minutes, 60)
    return f"{sign}{whole}h {rest:02d}m" if rest else f"{sign}{whole}h"


def minutes_between(start: dt.datetime, end: dt.datetime) -> int:
    """Whole minutes from start to end (0 if end is not after start). Works across midnight."""
    seconds = (end - start).total_seconds()
    return max(int(seconds // 60), 0)


def counted_window(
    *,
    arrived: dt.datetime,
    left: dt.datetime,
    session_start: dt.datetime,
    session_end: dt.datetime,
) -> tuple[dt.datetime, dt.datetime]:
    """The part of the stay that counts: from arrival, not before the session starts, to departure,
    not after it ends. Time in the van from a pick-up point is travel time, claimed apart."""
    start = max(arrived, session_start)
    end = min(left, session_end)
    return start, max(start, end)


def round_down(minutes: int, step: int) -> int:
    if step <= 1 or minutes <= 0:
        return max(minutes, 0)
    return minutes - minutes % step


def credit_minutes(
    *,
    outcome: str,
    arrived: dt.datetime | None,
    left: dt.datetime | None,
    session_start: dt.datetime,
    session_end: dt.datetime,
    unpaid_break_minutes: int = 0,
    penalty_minutes: int = 0,
    minutes_left: int | None = None,
    ete_minutes_left: int | None = None,
    rules: HoursPolicy | None = None,
) -> Credit:
    """Minutes to credit for one attendance.

    Only attended outcomes earn time, and only with an arrival and a departure. The time on site
    loses the project's unpaid break when the stay is long enough to
    include it, then any penalty minutes (lateness beyond the arrival itself, long breaks); it is
    rounded down to the rounding step if that setting is on, and never exceeds the hours left nor,
    on ETE, the ETE allowance left. Someone sent home is credited the time worked up to then,
    which is simply their departure time.
    """
    rules = rules or policy()
    if outcome not in ATTENDED_OUTCOMES or arrived is None or left is None:
        return Credit(0, 0, 0, 0, 0, 0)
    start, end = counted_window(arrived=arrived, left=left, session_start=session_start, session_end=session_end)
    on_site = minutes_between(start, end)
    unpaid = unpaid_break_minutes if unpaid_break_minutes and on_site >= rules.break_after_minutes else 0
    after_break = max(on_site - unpaid, 0)
    penalty = min(max(penalty_minutes, 0), after_break)
    worked = after_break - penalty
    rounded = round_down(worked, rules.rounding_minutes)
    cap = rounded
    for limit in (minutes_left, ete_minutes_left):
        if limit is not None:
            cap = min(cap, max(limit, 0))
    return Credit(
        on_site=on_site,
        unpaid_break=unpaid,
        penalty=penalty,
        rounded_off=worked - rounded,
        capped_off=rounded - cap,
        minutes=cap,
    )


def late_minutes(*, arrived: dt.datetime | None, session_start: dt.datetime) -> int:
    """How late someone arrived (0 if on time or not arrived)."""
    return minutes_between(session_start, arrived) if arrived else 0


def travel_minutes(
    *,
    picked_up: dt.datetime | None,
    returned: dt.datetime | None,
    arrived: dt.datetime | None,
    left: dt.datetime | None,
    session_start: dt.datetime,
    session_end: dt.datetime,
) -> int:
    """Minutes in the van: from the pick-up to the start of the time on site, and from the end of
    it back to the pick-up point. Not capped here: the cap applies when a coordinator approves it."""
    to_site = from_site = 0
    if picked_up is not None:
        on_site_from = max(arrived, session_start) if arrived else session_start
        to_site = minutes_between(picked_up, on_site_from)
    if returned is not None:
        on_site_to = min(left, session_end) if left else session_end
        from_site = minutes_between(on_site_to, returned)
    return to_site + from_site
