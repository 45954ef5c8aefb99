"""Why an active requirement needs attention, worked out in the database.

Each reason is a boolean annotation, so a list can be filtered, counted and shown by reason with one
query, however large the caseload:

- past deadline: the deadline has passed with hours still owed. It is its own group (the order must
  go back to court or be extended), never counted as "at risk";
- behind pace: the hours neither credited nor booked ahead need a faster even pace to the deadline
  than the service allows (the rule of `upw.core.selectors.is_at_risk`). The nightly projection of
  `upw.core.pace` is not used: it ignores sessions already booked and flags half of a caseload;
- no sessions booked: inducted, but nothing booked from today on;
- warnings: a warning letter was given under this order in the last 12 months.

A requirement is at risk when it has at least one of the last three and is not past its deadline.
"""

import datetime as dt

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least

from upw import domain
from upw.models import Allocation, AllocationStatus, EnforcementAction, SessionStatus
from upw.models.enforcement import EnforcementKind
from upw.models.requirements import ACTIVE_REQUIREMENT_STATUSES

# The "at risk" rule looks closer at requirements whose deadline is this near.
AT_RISK_HORIZON_WEEKS = 8
WARNING_LOOKBACK_MONTHS = 12
WARNING_KINDS = (EnforcementKind.FIRST_WARNING, EnforcementKind.SECOND_WARNING)

BEHIND_PACE = "behind_pace"
NO_SESSIONS = "no_sessions"
WARNINGS = "warnings"
PAST_DEADLINE = "past_deadline"

# The reasons in the order pages show them, with their labels and GOV.UK tag colours.
AT_RISK_REASONS = {
    BEHIND_PACE: "Behind pace",
    NO_SESSIONS: "No sessions booked",
    WARNINGS: "Warning in the last 12 months",
}
REASON_TAGS = {
    BEHIND_PACE: "govuk-tag--orange",
    NO_SESSIONS: "govuk-tag--yellow",
    WARNINGS: "govuk-tag--pink",
    PAST_DEADLINE: "govuk-tag--red",
}
PAST_DEADLINE_LABEL = "Past deadline: extension or return to court needed"
# The annotation holding each reason.
REASON_FIELDS = {reason: f"risk_{reason}" for reason in (*AT_RISK_REASONS, PAST_DEADLINE)}


class DaysFrom(Func):
    """Whole days from `day` (a date) to the date column: negative when the column is earlier."""

    output_field = IntegerField()

    def __init__(self, column: str, day: dt.date):
        super().__init__(F(column), Value(day))

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="(%(expressions)s::date)", arg_joiner=" - ", **extra_context)


class MinutesBetween(Func):
    """Whole minutes from the first time column to the second, on the same day."""

    output_field = IntegerField()

    def __init__(self, start: str, end: str):
        super().__init__(F(end), F(start))

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(ROUND((julianday(%(expressions)s)) * 1440) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 60)::integer",
            arg_joiner=" - ",
            **extra_context,
        )


def booked_minutes_ahead(today: dt.date) -> Coalesce:
    """Minutes of the sessions booked from today to the deadline, less each project's unpaid break on a
    long day."""
    # Sessions after the deadline count for nothing in the sum rather than being filtered out: with a
    # date range in its filter PostgreSQL underestimates the sessions in it and scans them all by date
    # for every requirement, where a look-up from the requirement's few allocations is what is needed.
    booked = (
        _booked_ahead(today)
        .annotate(length=MinutesBetween("session__start_time", "session__end_time"))
        .annotate(
            worked=Case(
                When(session__date__gt=OuterRef("deadline"), then=Value(0)),
                When(
                    length__gte=settings.UPW.get("BREAK_AFTER_MINUTES", 360),
                    then=F("length") - F("session__project__unpaid_break_minutes"),
                ),
                default=F("length"),
                output_field=IntegerField(),
            )
        )
        .values("requirement")
        .annotate(total=Sum("worked"))
        .values("total")
    )
    return Coalesce(Subquery(booked, output_field=IntegerField()), 0)


def _booked_ahead(today: dt.date) -> QuerySet:
    return Allocation.objects.filter(
        requirement=OuterRef("pk"), status=AllocationStatus.ALLOCATED, session__date__gte=today
    ).exclude(session__status=SessionStatus.STOOD_DOWN)


def _requirement_ids_booked_ahead(today: dt.date) -> QuerySet:
    """Every requirement with a live place from today on, as one uncorrelated subquery (see scan_all):
    a correlated EXISTS over a whole region looks places up tens of thousands of times, twice over (the
    reason itself, then again for "any reason")."""
    return (
        Allocation.objects.filter(status=AllocationStatus.ALLOCATED, session__date__gte=today)
        .exclude(session__status=SessionStatus.STOOD_DOWN)
        .values("requirement_id")
    )


def with_risk_reasons(requirements: QuerySet, *, today: dt.date, scan_all: bool = False) -> QuerySet:
    """The requirements with a boolean annotation per reason (REASON_FIELDS) and `risk_any`.

    Only active requirements with hours left can have a reason; the others have none.

    `scan_all` is for callers that read the reasons of every requirement in scope (counts, a list
    counted in full): places ahead and warnings are then read once into a hash and probed, instead of
    being looked up a requirement at a time, which halves a region's counts. Where a join or a page
    limit reads only a few requirements, the look-ups are cheaper and the planner's estimates better.
    """
    policy = settings.UPW
    owed = Q(status__in=ACTIVE_REQUIREMENT_STATUSES, minutes_credited__lt=F("hours_ordered") * 60)
    # Without a statutory deadline (the window switched off) the date is a target: missing it is
    # falling behind pace, never "past deadline".
    past_deadline = owed & Q(deadline__lt=today, deadline_is_statutory=True)
    current = owed & ~Q(deadline__lt=today, deadline_is_statutory=True)
    weekly_maximum = Case(
        When(intensive=True, then=Value(policy["INTENSIVE_WEEKLY_MAXIMUM_MINUTES"])),
        default=Value(policy["STANDARD_WEEKLY_MAXIMUM_MINUTES"]),
        output_field=IntegerField(),
    )
    # The rule of is_at_risk on the minutes neither credited nor booked (U, in minutes) with D days
    # left: U > 0 and (D <= 0, or U / (D / 7) is over the weekly maximum, or, within the horizon, over
    # the weekly minimum). Without dividing, that is 7U > threshold, where the threshold is 0 when
    # D <= 0, the lesser of maximum x D and minimum x D within the horizon, maximum x D beyond it.
    # Written as 7 x booked < 7 x owed - threshold, the booked minutes (a subquery) appear once, and
    # the cheap test before it (booked minutes are never negative) skips the subquery for most orders.
    days_left = F("risk_days_left")
    threshold = Case(
        When(risk_days_left__lte=0, then=Value(0)),
        When(
            risk_days_left__lte=AT_RISK_HORIZON_WEEKS * 7,
            then=Least(weekly_maximum * days_left, days_left * policy["WEEKLY_MINIMUM_MINUTES"]),
        ),
        default=weekly_maximum * days_left,
        output_field=IntegerField(),
    )
    owed_times_7 = ExpressionWrapper((F("hours_ordered") * 60 - F("minutes_credited")) * 7, output_field=IntegerField())
    needs_too_much = Q(risk_owed_times_7__gt=F("risk_threshold")) & Q(
        risk_booked_times_7__lt=F("risk_owed_times_7") - F("risk_threshold")
    )
    warnings = EnforcementAction.objects.filter(
        kind__in=WARNING_KINDS, created_at__date__gt=domain.add_months(today, -WARNING_LOOKBACK_MONTHS)
    )
    if scan_all:
        warned = Q(pk__in=warnings.values("requirement_id"))
        booked_ahead = Q(pk__in=_requirement_ids_booked_ahead(today))
    else:
        warned = Exists(warnings.filter(requirement=OuterRef("pk")))
        booked_ahead = Exists(_booked_ahead(today))
    return (
        requirements.annotate(
            risk_days_left=ExpressionWrapper(
                DaysFrom("deadline", today) - policy["AT_RISK_MARGIN_DAYS"], output_field=IntegerField()
            ),
            risk_owed_times_7=owed_times_7,
            risk_booked_times_7=ExpressionWrapper(booked_minutes_ahead(today) * 7, output_field=IntegerField()),
        )
        .annotate(risk_threshold=threshold)
        .annotate(
            **{
                REASON_FIELDS[PAST_DEADLINE]: _flag(past_deadline),
                REASON_FIELDS[BEHIND_PACE]: _flag(current & needs_too_much),
                REASON_FIELDS[NO_SESSIONS]: _flag(current & Q(induction_completed_on__isnull=False) & ~booked_ahead),
                REASON_FIELDS[WARNINGS]: _flag(current & warned),
            }
        )
        .annotate(risk_any=_flag(Q(*(Q(**{REASON_FIELDS[r]: True}) for r in AT_RISK_REASONS), _connector=Q.OR)))
    )


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def requirements_at_risk(
    requirements: QuerySet, *, today: dt.date, reason: str = "", scan_all: bool = False
) -> QuerySet:
    """The requirements at risk (for any reason, or only `reason`); never those past their deadline."""
    annotated = with_risk_reasons(requirements, today=today, scan_all=scan_all)
    if reason in AT_RISK_REASONS:
        return annotated.filter(**{REASON_FIELDS[reason]: True})
    return annotated.filter(risk_any=True)


def requirements_past_deadline(requirements: QuerySet, *, today: dt.date) -> QuerySet:
    return with_risk_reasons(requirements, today=today).filter(**{REASON_FIELDS[PAST_DEADLINE]: True})


def reasons_of(requirement) -> list[str]:
    """The reasons annotated on one requirement, in display order (past deadline alone if it applies)."""
    if getattr(requirement, REASON_FIELDS[PAST_DEADLINE], False):
        return [PAST_DEADLINE]
    return [reason for reason in AT_RISK_REASONS if getattr(requirement, REASON_FIELDS[reason], False)]


def reason_tags(requirement) -> list[tuple[str, str]]:
    """The label and GOV.UK tag colour of each reason annotated on one requirement."""
    labels = {**AT_RISK_REASONS, PAST_DEADLINE: PAST_DEADLINE_LABEL}
    return [(labels[reason], REASON_TAGS[reason]) for reason in reasons_of(requirement)]
