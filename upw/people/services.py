"""Writes about people: their coordinates, cases held by another region, and transfers between regions."""

import logging
from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest

from upw.core.access import require_role, visible
from upw.core.audit import record_person_access
from upw.core.geocoding import geocode
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
