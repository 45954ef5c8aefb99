"""Partners and communities: where the hours worked went, and nominations from the public.

Hours worked are those of the delivery measures (credits net of their corrections), grouped by the
session's project. A national partner's projects in every region in scope are summed together.
"""

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth

from upw.models import Region, SessionReportFigures

from .delivery import hours_worked_entries
from .figures import Figure, MeasureGroup, Table, Unit, group_keys, grouped_totals, hours
from .periods import Period, Scope
from .summary import SummaryState, split_period

PROJECT = "attendance__allocation__session__project"

BY_ORGANISATION = (
    "Hours worked in the period on each partner organisation's projects, national partners summed across regions."
)
BY_PROJECT = "Hours worked in the period on each project."
BY_TYPE = "Hours worked in the period by the kind of placement."
BY_BENEFICIARY = "Hours worked in the period by the project's named beneficiary (blank: not recorded)."
NOMINATIONS_RECEIVED = "Nominations of work from the public received in the period, in the regions in scope."
NOMINATIONS_TO_PROJECTS = "Of the nominations received in the period, those that became a project."
PARTNER_HOURS = "Hours worked on your organisation's projects, by project and month (credits net of corrections)."

TYPE_LABELS = {
    "group": "Group placement",
    "individual": "Individual placement",
    "induction": "Induction",
    "ete": "Education, training or employment",
}


# What each table groups by, as fields of the session's project.
ORGANISATION = (f"{PROJECT}__organisation__name", f"{PROJECT}__organisation__kind")
PROJECT_AND_ORGANISATION = (f"{PROJECT}__name", f"{PROJECT}__organisation__name")
PROJECT_TYPE = (f"{PROJECT}__project_type",)
BENEFICIARY = (f"{PROJECT}__beneficiary",)
_FIELDS = tuple(dict.fromkeys((*ORGANISATION, *PROJECT_AND_ORGANISATION, *PROJECT_TYPE, *BENEFICIARY)))


def _grouped_by_project(entries) -> list[dict]:
    """Minutes worked for each distinct combination of the fields the tables group by: one pass of the
    ledger in the database, where four groupings took four."""
    return list(entries.values(*_FIELDS).annotate(minutes=Sum("minutes")).order_by())


def _grouped_by_project_from_summary(*, period: Period, scope: Scope) -> list[dict]:
    """The same from the summary (a row a session), under the same field names."""
    names = {f"session__project{field.removeprefix(PROJECT)}": field for field in _FIELDS}
    rows = (
        SessionReportFigures.objects.filter(
            scope.q("session__project__site__pdu"),
            session__date__range=period.range(),
            minutes_worked__isnull=False,
        )
        .values(*names)
        .annotate(minutes=Sum("minutes_worked"))
        .order_by()
    )
    return [{names.get(name, name): value for name, value in row.items()} for row in rows]


def _regroup(by_project: list[dict], fields: tuple[str, ...]) -> tuple[tuple, ...]:
    """The database's per-project totals added up by `fields`, most hours first (ties by the fields)."""
    totals: dict[tuple, int] = {}
    for row in by_project:
        key = tuple(row[field] for field in fields)
        totals[key] = totals.get(key, 0) + (row["minutes"] or 0)
    ordered = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return tuple((*key, hours(minutes)) for key, minutes in ordered)


def nomination_counts(*, period: Period, scope: Scope, by_region: bool = False) -> dict:
    """Nominations received and made projects: {"received": n, "projects": n}, or with `by_region` those
    of each region of the scope (by region id), from one grouped query."""
    received = Q(nominations__created_at__date__range=period.range())
    counts = grouped_totals(
        Region.objects.filter(_region_ids_q(scope)),
        "id" if by_region else None,
        received=Count("nominations", filter=received),
        projects=Count("nominations", filter=received & Q(nominations__project__isnull=False)),
    )
    if not by_region:
        return counts[None]
    return {
        key: {"nominations_received": counts[key]["received"], "nominations_to_projects": counts[key]["projects"]}
        for key in group_keys(scope, by_region)
    }


def partners(*, period: Period, scope: Scope, state: SummaryState | None = None) -> MeasureGroup:
    from_summary, live = split_period(period, state)
    by_project_fields = []
    if from_summary is not None:
        by_project_fields += _grouped_by_project_from_summary(period=from_summary, scope=scope)
    if live is not None:
        by_project_fields += _grouped_by_project(hours_worked_entries(period=live, scope=scope))
    by_organisation = _regroup(by_project_fields, ORGANISATION)
    by_project = _regroup(by_project_fields, PROJECT_AND_ORGANISATION)
    by_type = tuple((TYPE_LABELS.get(kind, kind), total) for kind, total in _regroup(by_project_fields, PROJECT_TYPE))
    by_beneficiary = _regroup(by_project_fields, BENEFICIARY)
    nominations = nomination_counts(period=period, scope=scope)
    return MeasureGroup(
        key="partners",
        title="Partners and communities",
        summary="Where the hours worked went, and nominations of work from the public.",
        figures=(
            Figure(
                "nominations_received",
                "Nominations received",
                nominations["received"],
                Unit.COUNT,
                NOMINATIONS_RECEIVED,
            ),
            Figure(
                "nominations_to_projects",
                "Nominations made projects",
                nominations["projects"],
                Unit.COUNT,
                NOMINATIONS_TO_PROJECTS,
            ),
        ),
        tables=(
            Table(
                "by_organisation",
                "Hours worked by organisation",
                ("Organisation", "Kind", "Hours worked"),
                by_organisation,
                BY_ORGANISATION,
            ),
            Table(
                "by_project",
                "Hours worked by project",
                ("Project", "Organisation", "Hours worked"),
                by_project,
                BY_PROJECT,
            ),
            Table(
                "by_project_type",
                "Hours worked by kind of placement",
                ("Kind of placement", "Hours worked"),
                by_type,
                BY_TYPE,
            ),
            Table(
                "by_beneficiary",
                "Hours worked by beneficiary",
                ("Beneficiary", "Hours worked"),
                by_beneficiary,
                BY_BENEFICIARY,
            ),
        ),
    )


def _region_ids_q(scope: Scope) -> Q:
    return Q(id__in=scope.region_ids) if scope.region_ids else Q()


def partner_hours(*, organisation_id: int, period: Period, scope: Scope) -> Table:
    """One organisation's hours worked by project and month: what a partner user sees of the reports."""
    entries = hours_worked_entries(period=period, scope=scope).filter(
        **{f"{PROJECT}__organisation_id": organisation_id}
    )
    rows = (
        entries.annotate(month=TruncMonth("attendance__allocation__session__date"))
        .values_list(f"{PROJECT}__name", "month")
        .annotate(minutes=Sum("minutes"))
        .order_by(f"{PROJECT}__name", "month")
    )
    return Table(
        "partner_hours",
        "Hours worked by project and month",
        ("Project", "Month", "Hours worked"),
        tuple((name, f"{month:%B %Y}", hours(minutes)) for name, month, minutes in rows),
        PARTNER_HOURS,
    )
