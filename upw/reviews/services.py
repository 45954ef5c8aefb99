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
from django.db.models import (
    BooleanField,
    Case,
    DateField,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least, Lower, TruncDate

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
# The annotation of reviews_due_queryset that holds each reason.
REASON_ANNOTATIONS = {
    REASON_SCHEDULED: "review_scheduled",
    REASON_WARNING: "review_warning",
    REASON_BEHIND: "review_behind",
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


# Stands in for "no date" inside LEAST, which PostgreSQL and SQLite treat differently when given a NULL.
_NO_DATE = dt.date(9999, 12, 31)


def reviews_due_queryset(*, requirements: QuerySet, today: dt.date) -> QuerySet:
    """Active requirements whose review is overdue or due within REVIEW_DUE_SOON_DAYS, worked out in the
    database so the list can be counted, sorted and paginated there, soonest due first (overdue first).

    Each row is annotated with `review_scheduled`, `review_warning`, `review_behind` (the reasons),
    `review_overdue`, `review_due_on` and the sort keys of DUE_ORDERING; `due_reviews` turns rows into
    DueReview.
    """
    soon = today + dt.timedelta(days=settings.UPW["REVIEW_DUE_SOON_DAYS"])
    last_review = Review.objects.filter(requirement=OuterRef("pk")).order_by("-held_on").values("held_on")[:1]
    last_warning = (
        EnforcementAction.objects.filter(requirement=OuterRef("pk"), kind__in=WARNING_KINDS)
        .annotate(day=TruncDate("created_at"))
        .order_by("-day")
        .values("day")[:1]
    )
    reviewed_recently = today - dt.timedelta(days=AT_RISK_REVIEWED_WITHIN_DAYS)
    # Few orders have a warning, and the latest one is looked up wherever a flag or sort key needs it:
    # asked only of those in one hashed pass over the warnings, it costs nothing for the rest.
    warned = EnforcementAction.objects.filter(kind__in=WARNING_KINDS).values("requirement_id")
    annotated = (
        at_risk_reasons.with_risk_reasons(selectors.active_requirements(requirements), today=today, scan_all=True)
        .annotate(
            last_review=Subquery(last_review, output_field=DateField()),
            last_warning=Case(
                When(pk__in=warned, then=Subquery(last_warning, output_field=DateField())),
                default=None,
                output_field=DateField(),
            ),
        )
        .annotate(
            review_scheduled=_flag(Q(next_review_on__lte=today)),
            review_warning=_flag(
                Q(last_warning__isnull=False) & (Q(last_review__isnull=True) | Q(last_warning__gt=F("last_review")))
            ),
            # Behind pace or past the deadline (upw.core.at_risk): the hours not yet credited or booked
            # need more than the service offers. No sessions booked is left to the booking lists.
            review_behind=_flag(
                (
                    Q(**{at_risk_reasons.REASON_FIELDS[at_risk_reasons.BEHIND_PACE]: True})
                    | Q(**{at_risk_reasons.REASON_FIELDS[at_risk_reasons.PAST_DEADLINE]: True})
                )
                & (Q(last_review__isnull=True) | Q(last_review__lt=reviewed_recently))
            ),
        )
        .annotate(review_overdue=_flag(Q(review_scheduled=True) | Q(review_warning=True) | Q(review_behind=True)))
        .filter(Q(review_overdue=True) | Q(next_review_on__lte=soon))
    )
    no_date = Value(_NO_DATE, output_field=DateField())
    earliest = Least(
        Coalesce("next_review_on", no_date),
        Case(When(review_warning=True, then=F("last_warning")), default=no_date, output_field=DateField()),
        Case(When(review_behind=True, then=Value(today)), default=no_date, output_field=DateField()),
    )
    return (
        annotated.annotate(review_earliest=earliest)
        .annotate(
            review_due_on=Case(
                When(review_earliest=no_date, then=Value(today)), default=F("review_earliest"), output_field=DateField()
            ),
            review_not_overdue=_flag(Q(review_overdue=False)),
            review_reason_count=(
                Case(When(review_scheduled=True, then=1), default=0)
                + Case(When(review_warning=True, then=1), default=0)
                + Case(When(review_behind=True, then=1), default=0)
            ),
            review_last_name=Lower("person__last_name"),
            review_first_name=Lower("person__first_name"),
        )
        .select_related("person__pdu")
        .order_by("review_not_overdue", "review_due_on", "id")
    )


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def due_review(requirement: Requirement, *, today: dt.date) -> DueReview:
    """A row of `reviews_due_queryset` as a DueReview."""
    due_on = requirement.review_due_on
    return DueReview(
        requirement=requirement,
        due_on=due_on,
        reasons=tuple(reason for reason, field in REASON_ANNOTATIONS.items() if getattr(requirement, field)),
        overdue=requirement.review_overdue,
        days_waiting=max((today - due_on).days, 0),
    )


def reviews_due(*, requirements: QuerySet, today: dt.date) -> list[DueReview]:
    """Every review due (reviews_due_queryset) as DueReview, oldest first: for short lists, such as a
    person's; long lists page the queryset instead."""
    return [due_review(row, today=today) for row in reviews_due_queryset(requirements=requirements, today=today)]


def person_reviews(*, requirement: Requirement) -> QuerySet:
    return requirement.reviews.select_related("created_by")


# The columns the list of reviews due sorts by (upw.web.sorting): the annotations of
# reviews_due_queryset each orders by.
DUE_SORTS = {
    "person": ("review_last_name", "review_first_name"),
    "pdu": ("person__pdu__name",),
    "due": ("review_not_overdue", "review_due_on"),
    "why": ("review_reason_count",),
}
