"""People on probation and their requirements. Partners and supervisors are refused outright (upw.core.access)."""

import datetime as dt
from collections.abc import Callable

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from upw.core.access import get_visible, may_see_sensitive, require_role, visible
from upw.models import Person, PersonalDataAccess, ProbationDeliveryUnit, Requirement, RequirementStatus, Role
from upw.people import services as people_services
from upw.web.api import ErrorOut, Pages, Shaped
from upw.web.api_errors import FieldErrorOut, ValidationErrorOut

router = Router(tags=["people"])


class _PersonFields(Schema):
    crn: str
    first_name: str
    last_name: str
    gender: str
    employment_status: str
    placement_preference: str
    pdu: str
    region: str
    limited_access: bool
    # Until the first assessment is submitted the assessment's answers (placement preference, risk,
    # restrictions) hold the service's starting values, not facts: read them only when this is true.
    assessed: bool
    assessed_on: dt.date | None


class PersonOut(_PersonFields):
    """What any reader of people may see."""


class PersonSensitiveOut(_PersonFields):
    """Adds offence, risk, health, contact and restriction details (upw.core.access.may_see_sensitive).

    Not a subclass of PersonOut: a PersonOut answer is built without these fields, so whatever the
    response union does with it, it has nothing sensitive to show.
    """

    date_of_birth: dt.date
    phone: str
    email: str
    address: str
    postcode: str
    offence_summary: str
    risk_level: str
    health_notes: str
    no_children: bool
    no_vulnerable_adults: bool
    not_public_facing: bool
    individual_only: bool
    unsuitable_for_individual: bool
    close_supervision: bool
    supervisor_gender_restriction: str
    no_heavy_work: bool
    needs_accessible_site: bool


# The paginated list's schema is named after these classes' module: they keep the module they were first
# published under, so the OpenAPI document (and clients generated from it) stays the same.
PersonOut.__module__ = PersonSensitiveOut.__module__ = "upw.api_routes.people"
PersonResponse = PersonSensitiveOut | PersonOut


def _shaper(user) -> Callable[[Person], Schema]:
    """Builds the answer the user may see from a person.

    The schema objects are filled in here rather than by ninja resolvers: ninja validates them
    again against the response union, and a resolver would then be handed the schema object, not
    the person.
    """
    schema = PersonSensitiveOut if may_see_sensitive(user) else PersonOut
    own_fields = [name for name in schema.model_fields if name not in ("pdu", "region", "assessed")]

    def shape(person: Person) -> Schema:
        values = {name: getattr(person, name) for name in own_fields}
        return schema(
            **values, pdu=person.pdu.code, region=person.pdu.region.name, assessed=person.assessed_on is not None
        )

    return shape


def _people(user) -> QuerySet:
    return visible(user, Person).select_related("pdu__region")


@router.get("", response=list[PersonResponse], summary="People")
@paginate(Pages)
def list_people(request: HttpRequest, q: str | None = None, pdu: str | None = None):
    """`q` matches a CRN exactly or any part of a name; `pdu` is a delivery unit code."""
    people = _people(request.auth)
    if q:
        for term in q.split():
            people = people.filter(Q(crn__iexact=term) | Q(first_name__icontains=term) | Q(last_name__icontains=term))
    if pdu:
        people = people.filter(pdu__code=pdu)
    return Shaped(people, _shaper(request.auth))


@router.get("/{crn}", response={200: PersonResponse, 404: ErrorOut}, summary="One person, by CRN")
def get_person(request: HttpRequest, crn: str):
    person = get_visible(request.auth, Person, crn=crn.upper())
    return _shaper(request.auth)(person)


class TransferIn(Schema):
    pdu: str
    reason: str


def _transfer_refused(field: str, message: str):
    problem = FieldErrorOut(loc=["body", "payload", field], msg=message, type="value_error")
    return Status(422, ValidationErrorOut(detail=[problem]))


UNKNOWN_PDU = 'There is no probation delivery unit with the code "{code}"'


@router.post(
    "/{crn}/transfer",
    response={200: PersonSensitiveOut, 403: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="Transfer a case to another delivery unit or region (administrators only)",
)
def transfer_person(request: HttpRequest, crn: str, payload: TransferIn):
    """`pdu` is the code of the delivery unit the case moves to; `reason` (at most 80 characters) is
    kept in the person's history. 422 names the field at fault."""
    require_role(request.auth, frozenset({Role.ADMIN}), people_services.ONLY_ADMINISTRATORS_TRANSFER)
    person = get_visible(request.auth, Person, crn=crn.upper())
    pdu = ProbationDeliveryUnit.objects.filter(code=payload.pdu.strip().lower()).first()
    if pdu is None:
        return _transfer_refused("pdu", UNKNOWN_PDU.format(code=payload.pdu))
    try:
        moved = people_services.person_transfer(
            person=person,
            pdu=pdu,
            reason=payload.reason,
            by=request.auth,
            request=request,
            channel=PersonalDataAccess.Channel.API,
        )
    except people_services.TransferRefused as refused:
        return _transfer_refused(refused.field, refused.message)
    return _shaper(request.auth)(Person.objects.select_related("pdu__region").get(pk=moved.pk))


requirements_router = Router(tags=["requirements"])


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


@requirements_router.get("", response=list[RequirementOut], summary="Requirements")
@paginate(Pages)
def list_requirements(request: HttpRequest, status: RequirementStatus | None = None, person: str | None = None):
    """`status` is a requirement status (e.g. `in_progress`); `person` a CRN."""
    requirements = visible(request.auth, Requirement).select_related("person")
    if status:
        requirements = requirements.filter(status=status)
    if person:
        requirements = requirements.filter(person__crn=person.upper())
    return requirements


@requirements_router.get(
    "/{int:requirement_id}", response={200: RequirementDetailOut, 404: ErrorOut}, summary="One requirement"
)
def get_requirement(request: HttpRequest, requirement_id: int):
    return get_visible(request.auth, Requirement, id=requirement_id)
