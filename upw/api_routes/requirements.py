"""Unpaid work requirements and their progress."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from upw.access import get_visible, visible
from upw.models import Requirement, RequirementStatus

from .common import ErrorOut, Pages

router = Router(tags=["requirements"])


class RequirementOut(Schema):
    id: int
    person_crn: str
    order_reference: str
    order_type: str
    sentence_date: dt.date
    deadline: dt.date
    status: str
    hours_ordered: int
    minutes_ordered: int
    minutes_credited: int
    minutes_left: int
    percent_complete: int
    intensive: bool

    @staticmethod
    def resolve_person_crn(obj: Requirement) -> str:
        return obj.person.crn


class RequirementDetailOut(RequirementOut):
    court: str
    concurrency: str
    ete_cap_percent: int
    completed_at: dt.datetime | None
    created_at: dt.datetime


@router.get("", response=list[RequirementOut], summary="Requirements")
@paginate(Pages)
def list_requirements(request: HttpRequest, status: RequirementStatus | None = None, person: str | None = None):
    """`status` is a requirement status (e.g. `in_progress`); `person` a CRN."""
    requirements = visible(request.auth, Requirement).select_related("person")
    if status:
        requirements = requirements.filter(status=status)
    if person:
        requirements = requirements.filter(person__crn=person.upper())
    return requirements


@router.get("/{int:requirement_id}", response={200: RequirementDetailOut, 404: ErrorOut}, summary="One requirement")
def get_requirement(request: HttpRequest, requirement_id: int):
    return get_visible(request.auth, Requirement, id=requirement_id)
