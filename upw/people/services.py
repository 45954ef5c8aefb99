"""Writes about people: their coordinates, cases held by another region, transfers between regions,
and coordinators' changes to details after assessment."""

import logging
from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest

from upw import domain
from upw.core.access import require_role, visible
from upw.core.audit import record_person_access
from upw.core.geocoding import GeocodingError, geocode
from upw.models import Person, PersonalDataAccess, ProbationDeliveryUnit, Role, User

logger = logging.getLogger(__name__)

# One message for every case outside the user's regions, whatever was asked of it: it must not tell
# whether the name, date of birth or order reference given were right.
HELD_BY_ANOTHER_REGION = "This case is held by another region: ask an administrator to transfer it"

ONLY_ADMINISTRATORS_TRANSFER = "Only an administrator can transfer a case to another region."
TRANSFER_SAME_PDU = "Choose a delivery unit other than the one the case is in now"
TRANSFER_NO_REASON = "Enter why the case is being transferred"
TRANSFER_REASON_MAX = 80
TRANSFER_REASON_TOO_LONG = f"The reason must be {TRANSFER_REASON_MAX} characters or fewer"


def person_geocode(*, person_id: int) -> Person:
    """Sets a person's coordinates from their postcode. Raises GeocodingError naming a bad postcode."""
    person = Person.objects.get(pk=person_id)
    result = geocode(person.postcode)
    person.postcode = result.postcode
    person.latitude, person.longitude = result.latitude, result.longitude
    person.save(update_fields=["postcode", "latitude", "longitude", "updated_at"])
    return person


def cases_held_elsewhere(*, user: User, crns: Iterable[str], request: HttpRequest | None = None) -> set[str]:
    """The CRNs among `crns` recorded for a person outside the user's scope (upw.core.access).

    Every write that takes a CRN asks this before it looks the person up, refuses those CRNs with
    HELD_BY_ANOTHER_REGION and nothing else, and the attempt is logged here as a refused access.
    """
    wanted = {crn for crn in crns if crn}
    if not wanted:
        return set()
    outside = (
        Person.objects.filter(crn__in=wanted)
        .exclude(id__in=visible(user, Person).values("id"))
        .values_list("id", "crn")
    )
    held = list(outside)
    if held:
        record_person_access(user, held, channel=PersonalDataAccess.Channel.REFUSED, request=request)
    return {crn for _, crn in held}


class TransferRefused(Exception):
    """A transfer that cannot be made; `field` names the input at fault."""

    def __init__(self, message: str, field: str):
        self.message, self.field = message, field
        super().__init__(message)


@transaction.atomic
def person_transfer(
    *,
    person: Person,
    pdu: ProbationDeliveryUnit,
    reason: str,
    by: User,
    request: HttpRequest | None = None,
    channel: str = PersonalDataAccess.Channel.PAGE,
) -> Person:
    """Moves a case to another delivery unit (and so, perhaps, another region). Administrators only.

    The person's history records who moved it, from where and why; the move is logged too.
    Sessions already booked stay booked: the new region plans from here on.
    """
    require_role(by, frozenset({Role.ADMIN}), ONLY_ADMINISTRATORS_TRANSFER)
    reason = (reason or "").strip()
    if not reason:
        raise TransferRefused(TRANSFER_NO_REASON, field="reason")
    if len(reason) > TRANSFER_REASON_MAX:
        raise TransferRefused(TRANSFER_REASON_TOO_LONG, field="reason")
    person = Person.objects.select_for_update().select_related("pdu__region").get(pk=person.pk)
    if pdu.pk == person.pdu_id:
        raise TransferRefused(TRANSFER_SAME_PDU, field="pdu")
    previous = person.pdu
    person.pdu = pdu
    person._history_user = by
    # history_change_reason holds 100 characters: the prefix and the longest reason fit.
    person._change_reason = f"Transferred: {reason}"
    person.save()
    record_person_access(by, [person], channel=channel, request=request)
    logger.info("Case %s transferred from %s to %s by %s", person.crn, previous.code, pdu.code, by.username)
    return person


# Coordinators change these details between assessments; each change keeps who, when, what and why.
EDITABLE_DETAILS = {
    "contact": ("phone", "email", "address", "postcode"),
    "availability": ("availability_mask",),
    "restrictions": domain.RESTRICTION_FIELDS,
}
DETAILS_TITLES = {"contact": "Contact details", "availability": "Availability", "restrictions": "Restrictions"}
# Availability and restrictions are the assessment's answers: before it there is nothing to change.
NEEDS_ASSESSMENT = frozenset({"availability", "restrictions"})

ONLY_COORDINATORS_EDIT = "Only a placement coordinator or an administrator can change a person's details."
EDIT_NOT_ASSESSED = "Assess the person first: their availability and restrictions are recorded by the assessment"
EDIT_NO_REASON = "Enter why you are making this change"
EDIT_REASON_MAX = 80
EDIT_REASON_TOO_LONG = f"The reason must be {EDIT_REASON_MAX} characters or fewer"
EDIT_NOTHING_CHANGED = "Nothing has changed: change an answer, or go back to the person's page"
EDIT_POSTCODE_UNKNOWN = "Enter a real postcode, like NE1 4XX"
EDIT_INDIVIDUAL_RULES = "A person cannot be both individual-only and unsuitable for an individual placement"


class DetailsRefused(Exception):
    """A change to a person's details that cannot be made; `field` names the input at fault (None: the whole)."""

    def __init__(self, message: str, field: str | None = None):
        self.message, self.field = message, field
        super().__init__(message)


@transaction.atomic
def person_details_change(
    *,
    person: Person,
    part: str,
    changes: dict,
    reason: str,
    by: User,
    request: HttpRequest | None = None,
    channel: str = PersonalDataAccess.Channel.PAGE,
) -> Person:
    """Changes one part of a person's details (a key of EDITABLE_DETAILS) outside an assessment.

    Coordinators of the person's region and administrators only. The person's history records who
    changed what, and the reason. A new postcode is geocoded here, as intake does, so matching
    measures travel from the new home at once.
    """
    require_role(by, frozenset({Role.COORDINATOR, Role.ADMIN}), ONLY_COORDINATORS_EDIT)
    person = visible(by, Person).select_for_update().get(pk=person.pk)
    if part in NEEDS_ASSESSMENT and person.assessed_on is None:
        raise DetailsRefused(EDIT_NOT_ASSESSED)
    reason = (reason or "").strip()
    if not reason:
        raise DetailsRefused(EDIT_NO_REASON, field="reason")
    if len(reason) > EDIT_REASON_MAX:
        raise DetailsRefused(EDIT_REASON_TOO_LONG, field="reason")
    fields = EDITABLE_DETAILS[part]
    changed = {name: changes[name] for name in fields if name in changes and changes[name] != getattr(person, name)}
    if "postcode" in changed:
        try:
            place = geocode(changed["postcode"])
        except GeocodingError:
            raise DetailsRefused(EDIT_POSTCODE_UNKNOWN, field="postcode") from None
        if place.postcode == person.postcode:
            del changed["postcode"]
        else:
            changed.update(postcode=place.postcode, latitude=place.latitude, longitude=place.longitude)
    if not changed:
        raise DetailsRefused(EDIT_NOTHING_CHANGED)
    for name, value in changed.items():
        setattr(person, name, value)
    if person.individual_only and person.unsuitable_for_individual:
        raise DetailsRefused(EDIT_INDIVIDUAL_RULES, field="individual_only")
    person._history_user = by
    # history_change_reason holds 100 characters: the longest title and reason fit.
    person._change_reason = f"{DETAILS_TITLES[part]}: {reason}"
    person.save()
    record_person_access(by, [person], channel=channel, request=request)
    logger.info("Person %s: %s changed by %s", person.crn, ", ".join(sorted(changed)), by.username)
    return person
