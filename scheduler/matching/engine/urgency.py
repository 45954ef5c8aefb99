"""How urgent each person is: the multiplier on hours placed (formula in model.Weights)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from .model import Person, Weights


def expected_minutes_by(person: Person, today: dt.date) -> int:
    """Minutes a person working at an even pace from sentence to deadline would have done by today."""
    if person.sentence_date is None or not person.ordered_minutes:
        return 0
    total = max((person.deadline - person.sentence_date).days, 1)
    elapsed = min(max((today - person.sentence_date).days, 0), total)
    return person.ordered_minutes * elapsed // total


def urgency_parts(person: Person, today: dt.date, w: Weights) -> tuple[float, float, float]:
    """(behind pace, near deadline, awaiting first session), each 0..1."""
    done_or_planned = max(person.ordered_minutes - person.minutes_left, person.credited_minutes)
    behind_minutes = expected_minutes_by(person, today) - done_or_planned
    full = max(w.behind_pace_full_weeks * w.weekly_minimum_minutes, 1.0)
    behind = min(1.0, max(0.0, behind_minutes / full))
    days = (person.deadline - today).days
    near = min(1.0, max(0.0, 1.0 - days / max(w.near_deadline_days, 1)))
    awaiting = 1.0 if person.awaiting_first_session else 0.0
    return behind, near, awaiting


def urgency(person: Person, today: dt.date, w: Weights) -> float:
    behind, near, awaiting = urgency_parts(person, today, w)
    stood_down = 1.0 if person.stood_down_recently else 0.0
    return (
        1.0 + w.behind_pace * behind + w.near_deadline * near + w.awaiting_first * awaiting + w.stood_down * stood_down
    )


def urgency_array(people: list[Person], today: dt.date, w: Weights) -> np.ndarray:
    return np.array([urgency(p, today, w) for p in people], dtype=float)


def urgency_reason(person: Person, today: dt.date, w: Weights) -> str:
    behind, near, awaiting = urgency_parts(person, today, w)
    bits = []
    if awaiting:
        bits.append("awaiting a first session")
    if person.stood_down_recently:
        bits.append("a session of theirs was stood down lately")
    if behind > 0:
        minutes = expected_minutes_by(person, today) - max(
            person.ordered_minutes - person.minutes_left, person.credited_minutes
        )
        hours = round(minutes / 60)
        bits.append(f"{hours} hour{'' if hours == 1 else 's'} behind pace")
    if near > 0:
        days = (person.deadline - today).days
        bits.append("past the deadline" if days < 0 else f"{days} day{'' if days == 1 else 's'} to the deadline")
    return ", ".join(bits) if bits else "on pace"
