"""The dashboard's figures."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from upw.core.selectors import active_requirements, week_start
from upw.people.selectors import person_list


@dataclass(frozen=True)
class DashboardCounts:
    active_requirements: int
    awaiting_first_session: int
    at_risk: int
    sessions_this_week: int


def dashboard_counts(
    *, people: QuerySet, requirements: QuerySet, sessions: QuerySet, today: dt.date
) -> DashboardCounts:
    monday = week_start(today)
    return DashboardCounts(
        active_requirements=active_requirements(requirements).count(),
        awaiting_first_session=person_list(
            people=people, requirements=requirements, awaiting=True, today=today
        ).count(),
        at_risk=person_list(people=people, requirements=requirements, at_risk=True, today=today).count(),
        sessions_this_week=sessions.filter(date__gte=monday, date__lt=monday + dt.timedelta(days=7)).count(),
    )
