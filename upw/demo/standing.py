"""Standing allocations of the demo: a handful of regulars, made through the service as Cora would, so
their places are booked ahead and any dates they miss are listed with the reason."""

import datetime as dt
from collections import defaultdict

from partners.models import Project
from scheduler.matching.adapter import ENGINE_PROJECT_TYPES, RUNNING_PROJECT_STATUSES
from scheduler.models import Frequency
from scheduler.standing import services
from upw.core import distances
from upw.core.selectors import placeable_requirements
from upw.models import Region, Requirement, Session, User


def project_weekdays(region, first: dt.date, last: dt.date) -> dict[int, set[int]]:
    """The weekdays on which each project the scheduler places people on has sessions from `first` to `last`."""
    weekdays: dict[int, set[int]] = defaultdict(set)
    for project_id, date in Session.objects.filter(
        project__site__pdu__region=region,
        project__status__in=RUNNING_PROJECT_STATUSES,
        project__project_type__in=ENGINE_PROJECT_TYPES,
        date__gte=first,
        date__lte=last,
    ).values_list("project_id", "date"):
        weekdays[project_id].add(date.weekday())
    return weekdays


def choose_project_and_day(rng, projects, distances_km, weekdays, mask: int, gender: str, max_km: float = 1e9):
    """As a coordinator would: of the five nearest projects within the person's travel, the first they
    could join (a woman a women-only group or an individual placement, as she is never the only woman in a
    mixed group), on a weekday they are free all day (morning and afternoon); None if none fits.

    `projects` are (id, latitude, longitude, women only, project type) rows."""
    for k in distances_km.argsort()[:5].tolist():
        project_id, _lat, _lon, women_only, project_type = projects[k]
        if distances_km[k] > max_km:
            break
        if gender == "female" and not (women_only or project_type == "individual"):
            continue
        if gender != "female" and women_only:
            continue
        free = [d for d in sorted(weekdays[project_id]) if (mask >> (d * 3)) & 0b011 == 0b011]
        if free:
            return project_id, rng.choice(free)
    return None


def add_standing_allocations(*, region_code: str, today: dt.date, count: int = 5) -> int:
    """`count` standing allocations in the region, the first weekly and every third fortnightly."""
    import random

    rng = random.Random(count)
    region = Region.objects.get(code=region_code)
    first = today + dt.timedelta(days=1)
    weekdays = project_weekdays(region, first, services.horizon_end(today))
    projects = list(
        Project.objects.filter(pk__in=list(weekdays))
        .order_by("id")
        .values_list("id", "site__latitude", "site__longitude", "women_only", "project_type")
    )
    if not projects:
        return 0
    cora = User.objects.filter(username="cora").first()
    requirements = list(
        placeable_requirements(Requirement.objects.filter(person__pdu__region=region))
        .filter(person__latitude__isnull=False)
        .select_related("person__pdu")
        .order_by("id")[: count * 4]
    )
    made, seen = 0, set()
    for requirement in requirements:
        person = requirement.person
        if made >= count or person.pk in seen:
            continue
        seen.add(person.pk)
        km = distances.distance_matrix_km(
            [person.latitude], [person.longitude], [p[1] for p in projects], [p[2] for p in projects]
        )[0]
        choice = choose_project_and_day(
            rng, projects, km, weekdays, person.availability_mask, person.gender, float(person.max_travel_km)
        )
        if choice is None:
            continue
        project_id, weekday = choice
        services.standing_create(
            requirement=requirement,
            project=Project.objects.select_related("site__pdu").get(pk=project_id),
            weekday=weekday,
            frequency=Frequency.FORTNIGHTLY if made % 3 == 2 else Frequency.WEEKLY,
            start_date=first + dt.timedelta(days=(weekday - first.weekday()) % 7),
            notes="A regular: same day each week.",
            by=cora,
            today=today,
        )
        made += 1
    return made
