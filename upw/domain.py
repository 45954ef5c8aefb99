"""Plain domain rules shared by models, forms, the API and the engines' adapters.

Nothing here touches the database, so the rules can be tested and reused on their own.
"""

import calendar
import datetime as dt
import re
from collections.abc import Iterable

CRN_PATTERN = r"^[A-Z][0-9]{6}$"
_CRN_RE = re.compile(CRN_PATTERN)

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PARTS_OF_DAY = ("morning", "afternoon", "evening")
AVAILABILITY_BITS = len(WEEKDAYS) * len(PARTS_OF_DAY)
FULL_AVAILABILITY = (1 << AVAILABILITY_BITS) - 1

# A person's risk level and restrictions: what the assessment records and a coordinator may change.
RESTRICTION_FIELDS = (
    "risk_level",
    "supervisor_gender_restriction",
    "individual_only",
    "unsuitable_for_individual",
    "close_supervision",
    "not_public_facing",
    "no_children",
    "no_vulnerable_adults",
)

# A session belongs to the parts of the day it overlaps: morning before 12:00, afternoon
# 12:00-17:00, evening after 17:00.
_PART_BOUNDS = (
    (dt.time(0, 0), dt.time(12, 0)),
    (dt.time(12, 0), dt.time(17, 0)),
    (dt.time(17, 0), dt.time(23, 59, 59)),
)


def is_valid_crn(value: str) -> bool:
    return bool(_CRN_RE.match(value or ""))


def normalise_crn(value: str) -> str:
    return (value or "").strip().upper()


def availability_bit(weekday: int, part: int) -> int:
    """weekday: 0 = Monday; part: 0 = morning, 1 = afternoon, 2 = evening."""
    if not (0 <= weekday < 7 and 0 <= part < 3):
        raise ValueError(f"No such slot: weekday {weekday}, part {part}")
    return 1 << (weekday * 3 + part)


def availability_mask(slots: Iterable[tuple[int, int]]) -> int:
    mask = 0
    for weekday, part in slots:
        mask |= availability_bit(weekday, part)
    return mask


def availability_slots(mask: int) -> set[tuple[int, int]]:
    return {(d, p) for d in range(7) for p in range(3) if mask & availability_bit(d, p)}


def parts_of_day_for(start: dt.time, end: dt.time) -> list[int]:
    """The parts of the day a session from start to end overlaps."""
    return [i for i, (lo, hi) in enumerate(_PART_BOUNDS) if start < hi and end > lo]


def is_available_for(mask: int, date: dt.date, start: dt.time, end: dt.time) -> bool:
    """A person is available for a session only if free for every part of the day it covers."""
    weekday = date.weekday()
    return all(mask & availability_bit(weekday, part) for part in parts_of_day_for(start, end))


def add_months(date: dt.date, months: int) -> dt.date:
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def completion_deadline(sentence_date: dt.date, window_months: int) -> dt.date:
    """Hours must be worked within the window from sentence (Sentencing Code Sch 9 para 1)."""
    return add_months(sentence_date, window_months)


def order_deadline(sentence_date: dt.date, *, window_months: int, no_window_target_months: int) -> tuple[dt.date, bool]:
    """The date an order's hours are due by, and whether that is a statutory deadline.

    With the window switched off (0 months: Sentencing Act 2026 s.36) there is no deadline; the
    date returned is the target an even pace aims at.
    """
    if window_months > 0:
        return completion_deadline(sentence_date, window_months), True
    return add_months(sentence_date, max(no_window_target_months, 1)), False


def hours_band(hours: int) -> str:
    if hours <= 80:
        return "low"
    if hours <= 150:
        return "medium"
    return "high"


def expected_minutes_by(*, ordered_minutes: int, sentence_date: dt.date, deadline: dt.date, today: dt.date) -> int:
    """Minutes a person working at an even pace would have done by today."""
    total_days = max((deadline - sentence_date).days, 1)
    elapsed = min(max((today - sentence_date).days, 0), total_days)
    return ordered_minutes * elapsed // total_days
