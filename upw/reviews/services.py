"""Reviews of active requirements.

Every active requirement has a review date: the first one REVIEW_INTERVAL_WEEKS after sentence, then
whatever the coordinator's review sets (by default the interval again). A review is due early,
whatever the date says, when a warning was given since the last review, or when the requirement has
fallen behind pace (upw.core.selectors.is_at_risk) and has not been reviewed
in the last AT_RISK_REVIEWED_WITHIN_DAYS days.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max, QuerySet

from upw.core import at_risk as at_risk_reasons
from upw.core import selectors
from upw.models import EnforcementAction, Requirement, Review, User
from upw.models.enforcement import EnforcementKind

AT_RISK_REVIEWED_WITHIN_DAYS = 28
WARNING_KINDS = (EnforcementKind.FIRST_WARNING, EnforcementKind.SECOND_WARNING)

NOT_ACTIVE = "Only active requirements are reviewed."
NEXT_NOT_AFTER = "The next review must be after the date of this review."
HELD_IN_FUTURE = "The date of the review cannot be in the future."

REASON_SCHEDULED = "scheduled"
REASON_WARNING = "warning"
REASON_BEHIND = "behind"
REASON_LABELS = {
    REASON_SCHEDULED: "Review date reached",
    REASON_WARNING: "Warning given since the last review",
    REASON_BEHIND: "Behind pace",
}


def interval() -> dt.timedelta:
    return dt.timedelta(weeks=settings.UPW["REVIEW_INTERVAL_WEEKS"])


def first_review_date(*, sentence_date: dt.date, today: dt.date) -> dt.date:
    """The interval after sentence; an order recorded late is reviewed no earlier than today."""
    return max(sentence_date + interval(), today)


def default_next_review(*, held_on: dt.date) -> dt.date:
    return held_on + interval()


class ReviewError(ValueError):
    pass


@transaction.atomic
def review_record(
    *,
    requirement: Requirement,
    held_on: dt.date,
    progress: str,
    decisions: str,
    next_review_on: dt.date,
    by: User,
    today: dt.date,
) -> Review:
    requirement = Requirement.objects.select_for_update().get(pk=requirement.pk)
    if not requirement.is_active:
        raise ReviewError(NOT_ACTIVE)
    if held_on > today:
        raise ReviewError(HELD_IN_FUTURE)
    if next_review_on <= held_on:
        raise ReviewError(NEXT_NOT_AFTER)
    review = Review.objects.create(
        requirement=requirement,
        held_on=held_on,
        progress=progress,
        decisions=decisions,
        next_review_on=next_review_on,
        created_by=by,
    )
    requirement.next_review_on = next_review_on
    requirement.save(update_fields=["next_review_on"])
    return review


@dataclass(frozen=True)
class DueReview:
    requirement: Requirement
    due_on: dt.date  # when it fell due (a warning's date, or the review date)
    reasons: tuple[str, ...]
    overdue: bool
    days_waiting: int  # days since it fell due (0 if not yet due)

    @property
    def reason_labels(self) -> list[str]:
        return [REASON_LABELS[r] for r in self.reasons]


def reviews_due(*, requirements: QuerySet, today: dt.date) -> list[DueReview]:
    """Active requirements whose review is overdue or due within REVIEW_DUE_SOON_DAYS, oldest first."""
    soon = today + dt.timedelta(days=settings.UPW["REVIEW_DUE_SOON_DAYS"])
    active = selectors.active_requirements(requirements).annotate(last_review=Max("reviews__held_on"))
    # Warnings given since the last review (or ever, if never reviewed).
    warned: dict[int, dt.date] = {}
    for requirement_id, created_at in EnforcementAction.objects.filter(
        requirement__in=active, kind__in=WARNING_KINDS
    ).values_list("requirement_id", "created_at"):
        day = created_at.date()
        warned[requirement_id] = max(day, warned.get(requirement_id, day))
    # Behind pace or past the deadline (upw.core.at_risk): the hours not yet credited or booked need
    # more than the service offers. No sessions booked is left to the booking lists.
    at_risk = set(
        selectors.at_risk_requirement_ids(
            active, today=today, reasons=(at_risk_reasons.BEHIND_PACE, at_risk_reasons.PAST_DEADLINE)
        )
    )
    candidates = active.filter(next_review_on__lte=soon) | active.filter(id__in=set(warned) | at_risk)
    found = []
    for requirement in candidates.select_related("person__pdu").distinct():
        reasons, due_on = [], requirement.next_review_on
        last = requirement.last_review
        if requirement.next_review_on and requirement.next_review_on <= today:
            reasons.append(REASON_SCHEDULED)
        warning_day = warned.get(requirement.id)
        if warning_day and (last is None or warning_day > last):
            reasons.append(REASON_WARNING)
            due_on = min(due_on or warning_day, warning_day)
        if requirement.id in at_risk and (last is None or (today - last).days > AT_RISK_REVIEWED_WITHIN_DAYS):
            reasons.append(REASON_BEHIND)
            due_on = min(due_on or today, today)
        overdue = bool(reasons)
        if not overdue and not (requirement.next_review_on and requirement.next_review_on <= soon):
            continue
        due_on = due_on or today
        found.append(
            DueReview(
                requirement=requirement,
                due_on=due_on,
                reasons=tuple(reasons),
                overdue=overdue,
                days_waiting=max((today - due_on).days, 0),
            )
        )
    found.sort(key=lambda d: (not d.overdue, d.due_on, d.requirement.id))
    return found


def person_reviews(*, requirement: Requirement) -> QuerySet:
    return requirement.reviews.select_related("created_by")


# The columns the list of reviews due sorts by (upw.web.sorting): each a key on a DueReview. The list
# is built in Python (its reasons mix warnings, pace and dates), so it is sorted there too.
DUE_SORTS = {
    "person": lambda d: (d.requirement.person.last_name.lower(), d.requirement.person.first_name.lower()),
    "pdu": lambda d: d.requirement.person.pdu.name,
    "due": lambda d: (not d.overdue, d.due_on),
    "why": lambda d: len(d.reasons),
}
