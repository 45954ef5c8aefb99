"""Which scopes a reader may ask for, and the one way a scope's code becomes a Scope.

Scopes are codes: `national`, `region:<code>` or `pdu:<code>`. A region or delivery unit outside
the reader's regions answers 404, exactly as one that does not exist; national figures are for
national leads and administrators only (403 for anyone else).
"""

import datetime as dt
import re

from django.core.exceptions import PermissionDenied
from django.http import Http404

from upw.core.access import reads_national_reports, report_regions
from upw.models import ProbationDeliveryUnit, User

from .periods import Period, PeriodKind, Scope, ScopeKind, custom, financial_year_of, month_of, quarter_of

NATIONAL_ONLY = "Only national leads and administrators see national figures."
NO_SUCH_SCOPE = "No region or delivery unit found."
PERIOD_NOT_UNDERSTOOD = (
    "Give the period as month:YYYY-MM, quarter:YYYY-Qn, year:YYYY (the financial year starting in April "
    "of that year) or custom:YYYY-MM-DD..YYYY-MM-DD"
)
CUSTOM_BACKWARDS = "The period must end on or after the day it starts"
CUSTOM_TOO_LONG = "A custom period can be at most 3 years"


def default_scope_code(user: User) -> str:
    if reads_national_reports(user):
        return ScopeKind.NATIONAL
    first = report_regions(user).first()
    return f"region:{first.code}" if first else ScopeKind.NATIONAL


def scope_for(user: User, code: str | None) -> Scope:
    """The Scope a reader asked for by its code, or the refusal."""
    regions = report_regions(user)
    code = (code or "").strip() or default_scope_code(user)
    if code == ScopeKind.NATIONAL:
        if not reads_national_reports(user):
            raise PermissionDenied(NATIONAL_ONLY)
        return Scope(ScopeKind.NATIONAL, "England and Wales")
    kind, _, value = code.partition(":")
    if kind == ScopeKind.REGION:
        region = regions.filter(code=value).first()
        if region is None:
            raise Http404(NO_SUCH_SCOPE)
        return Scope(ScopeKind.REGION, region.name, region_ids=(region.id,), code=code)
    if kind == ScopeKind.PDU:
        pdu = ProbationDeliveryUnit.objects.filter(code=value, region__in=regions).select_related("region").first()
        if pdu is None:
            raise Http404(NO_SUCH_SCOPE)
        return Scope(
            ScopeKind.PDU, f"{pdu.name} ({pdu.region.name})", region_ids=(pdu.region_id,), pdu_id=pdu.id, code=code
        )
    raise Http404(NO_SUCH_SCOPE)


def scope_choices(user: User) -> list[tuple[str, str]]:
    """Every scope the reader may ask for, as (code, label), for the filter's list."""
    choices = [(ScopeKind.NATIONAL, "England and Wales")] if reads_national_reports(user) else []
    regions = list(report_regions(user))
    pdus = ProbationDeliveryUnit.objects.filter(region__in=regions).order_by("region__name", "name")
    choices += [(f"region:{region.code}", region.name) for region in regions]
    choices += [(f"pdu:{pdu.code}", f"{pdu.name} (delivery unit)") for pdu in pdus]
    return choices


def period_code(period: Period) -> str:
    if period.kind == PeriodKind.MONTH:
        return f"month:{period.start:%Y-%m}"
    if period.kind == PeriodKind.QUARTER:
        return f"quarter:{period.start.year}-Q{(period.start.month - 1) // 3 + 1}"
    if period.kind == PeriodKind.FINANCIAL_YEAR:
        return f"year:{period.start.year}"
    return f"custom:{period.start.isoformat()}..{period.end.isoformat()}"


def parse_period(code: str | None, *, today: dt.date) -> Period:
    """A period from its code; no code is the current quarter. Raises ValueError with a message to show."""
    code = (code or "").strip()
    if not code:
        return quarter_of(today)
    try:
        if match := re.fullmatch(r"month:(\d{4})-(\d{2})", code):
            return month_of(dt.date(int(match[1]), int(match[2]), 1))
        if match := re.fullmatch(r"quarter:(\d{4})-Q([1-4])", code):
            return quarter_of(dt.date(int(match[1]), (int(match[2]) - 1) * 3 + 1, 1))
        if match := re.fullmatch(r"year:(\d{4})", code):
            return financial_year_of(dt.date(int(match[1]), 4, 1))
        if match := re.fullmatch(r"custom:(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", code):
            start, end = dt.date.fromisoformat(match[1]), dt.date.fromisoformat(match[2])
            if end < start:
                raise ValueError(CUSTOM_BACKWARDS)
            if (end - start).days > 3 * 366:
                raise ValueError(CUSTOM_TOO_LONG)
            return custom(start, end)
    except ValueError as problem:
        if str(problem) in (CUSTOM_BACKWARDS, CUSTOM_TOO_LONG):
            raise
        raise ValueError(PERIOD_NOT_UNDERSTOOD) from problem
    raise ValueError(PERIOD_NOT_UNDERSTOOD)
