"""The dashboard's figures."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from upw.core import at_risk as risk
from upw.core.selectors import active_requirements, week_start
from upw.people.selectors import person_list


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    label: str
    people: int


@dataclass(frozen=True)
class DashboardCounts:
    active_requirements: int
    awaiting_first_session: int
    at_risk: int
    sessions_this_week: int
    at_risk_by_reason: tuple[ReasonCount, ...] = ()
    past_deadline: int = 0
    requirements_at_risk: int = 0  # requirements, where the other figures count people


def people_by_reason(*, requirements: QuerySet, today: dt.date) -> dict[str, int]:
    """People with a requirement at risk (key "any"), for each reason, and past the deadline, and the
    requirements at risk (key "requirements"): one query."""
    fields = {reason: Q(**{field: True}) for reason, field in risk.REASON_FIELDS.items()}
    fields["any"] = Q(risk_any=True)
    return risk.with_risk_reasons(requirements, today=today, scan_all=True).aggregate(
        **{key: Count("person", filter=condition, distinct=True) for key, condition in fields.items()},
        requirements=Count("pk", filter=Q(risk_any=True)),
    )


def dashboard_counts(
    *, people: QuerySet, requirements: QuerySet, sessions: QuerySet, today: dt.date
) -> DashboardCounts:
    monday = week_start(today)
    by_reason = people_by_reason(requirements=requirements, today=today)
    return DashboardCounts(
        active_requirements=active_requirements(requirements).count(),
        awaiting_first_session=person_list(
            people=people, requirements=requirements, awaiting=True, today=today
        ).count(),
        at_risk=by_reason["any"],
        at_risk_by_reason=tuple(
            ReasonCount(reason=reason, label=label, people=by_reason[reason])
            for reason, label in risk.AT_RISK_REASONS.items()
        ),
        past_deadline=by_reason[risk.PAST_DEADLINE],
        requirements_at_risk=by_reason["requirements"],
        sessions_this_week=sessions.filter(date__gte=monday, date__lt=monday + dt.timedelta(days=7)).count(),
    )
