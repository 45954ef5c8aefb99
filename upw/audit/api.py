"""The log of reads of personal data, for administrators: searched by person, user and dates."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import ValidationError
from ninja.pagination import paginate

from upw.audit import selectors
from upw.audit.forms import DATE_NOT_UNDERSTOOD
from upw.core.access import require_role
from upw.models import Role
from upw.web.api import Pages

router = Router(tags=["audit"])

ADMINISTRATORS_ONLY = "Only administrators can see the log of reads of personal data."


class ReadOut(Schema):
    at: dt.datetime
    username: str
    person_id: int
    crn: str
    channel: str
    path: str
    view_name: str
    ip_address: str | None


def _date(name: str, value: str | None, problems: list) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        problems.append({"type": "value_error", "loc": ["query", name], "msg": DATE_NOT_UNDERSTOOD})
        return None


@router.get("/reads", response=list[ReadOut], summary="Reads of personal data")
@paginate(Pages)
def list_reads(
    request: HttpRequest,
    person: str | None = None,
    user: str | None = None,
    since: str | None = None,
    until: str | None = None,
):
    """Newest first. `person` is a CRN or a person's ID number; `user` a username; `since` and `until`
    are dates (YYYY-MM-DD), both included. Administrators only."""
    require_role(request.auth, frozenset({Role.ADMIN}), ADMINISTRATORS_ONLY)
    problems: list[dict] = []
    if person:
        try:
            selectors.person_lookup(person)
        except ValueError as problem:
            problems.append({"type": "value_error", "loc": ["query", "person"], "msg": str(problem)})
    since_day, until_day = _date("since", since, problems), _date("until", until, problems)
    if since_day and until_day and until_day < since_day:
        problems.append({"type": "value_error", "loc": ["query", "until"], "msg": selectors.UNTIL_BEFORE_SINCE})
    if problems:
        raise ValidationError(problems)
    return selectors.reads(person=person or "", username=user or "", since=since_day, until=until_day)
