"""Erasing a person's personal data, on request or once the retention period has ended.

A person's row is never deleted: their orders, attendance and the append-only hours ledger refer to
it, and the hours stay counted. Instead every field that identifies them, and every note about them,
is overwritten with a non-identifying value, in the live rows and in their history rows alike. The
ledger holds no personal data (minutes, kinds and reasons written by staff), so it is not touched.
"""

import datetime as dt
import logging
import secrets
from collections import Counter

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from upw.models import (
    Allocation,
    Assessment,
    AttendanceRecord,
    EnforcementAction,
    ErasureTrigger,
    ExclusionZone,
    NonAssociation,
    OrderEvent,
    Person,
    PersonErasure,
    Requirement,
    Review,
    StaffNotice,
    SyncAction,
    User,
)
from upw.models.people import Gender
from upw.retention.selectors import has_live_order, people_past_retention, retention_cutoff, retention_years

logger = logging.getLogger(__name__)

REASON_REQUIRED = "Enter why this person's personal data is being erased"
ALREADY_ERASED = "This person's personal data has already been erased"
LIVE_ORDER = "This person has an order that has not ended. Erase their personal data once every order has ended"
RETENTION_REASON = "Every order ended more than {years} years ago"

ERASED_TEXT = "Removed: this person's personal data was erased."
TOKEN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
BATCH_SIZE = 200


class ErasureError(Exception):
    pass


def erased_person_fields(token: str) -> dict:
    """What an erased person's row, and each of their history rows, holds instead of their data."""
    return {
        "crn": token,
        "first_name": "Erased",
        "last_name": "person",
        "date_of_birth": dt.date(1900, 1, 1),
        "gender": Gender.NOT_STATED,
        "phone": "",
        "email": "",
        "address": "",
        "postcode": "",
        "latitude": None,
        "longitude": None,
        "offence_summary": "",
        "health_notes": "",
        "future_work_plans": "",
    }


def _new_token() -> str:
    while True:
        token = "~" + "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(6))
        if not Person.objects.filter(crn=token).exists():
            return token


def _scrub_requirements(requirement_ids: list[int]) -> Counter:
    counts: Counter = Counter()
    # Court order references lead straight back to the person in the court's records.
    for requirement_id in requirement_ids:
        reference = f"erased-{requirement_id}"
        counts["requirements"] += Requirement.objects.filter(pk=requirement_id).update(order_reference=reference)
        counts["history rows"] += Requirement.history.filter(id=requirement_id).update(order_reference=reference)
    counts["reviews"] += Review.objects.filter(requirement_id__in=requirement_ids).update(
        progress=ERASED_TEXT, decisions=""
    )
    counts["history rows"] += Review.history.filter(requirement_id__in=requirement_ids).update(
        progress=ERASED_TEXT, decisions=""
    )
    counts["enforcement letters"] += EnforcementAction.objects.filter(requirement_id__in=requirement_ids).update(
        letter_text="", outcome_note=""
    )
    counts["history rows"] += EnforcementAction.history.filter(requirement_id__in=requirement_ids).update(
        letter_text="", outcome_note=""
    )
    # Why an order was paused (custody, illness) and court references lead back to the person.
    counts["order events"] += OrderEvent.objects.filter(requirement_id__in=requirement_ids).update(
        reason=ERASED_TEXT, court_reference="", transferred_to=""
    )
    counts["staff notices"] += StaffNotice.objects.filter(requirement_id__in=requirement_ids).update(
        message=ERASED_TEXT
    )
    return counts


def _scrub_attendance(allocation_ids: list[int]) -> Counter:
    counts: Counter = Counter()
    notes = {"notes": "", "sent_home_reason": "", "decision_reason": "", "evidence_note": ""}
    counts["attendance records"] += AttendanceRecord.objects.filter(allocation_id__in=allocation_ids).update(**notes)
    counts["history rows"] += AttendanceRecord.history.filter(allocation_id__in=allocation_ids).update(**notes)
    counts["phone actions"] += SyncAction.objects.filter(allocation_id__in=allocation_ids).update(payload={})
    return counts


def _scrub(person: Person, token: str) -> Counter:
    fields = erased_person_fields(token)
    counts: Counter = Counter()
    counts["people"] += Person.objects.filter(pk=person.pk).update(**fields, updated_at=timezone.now())
    counts["history rows"] += Person.history.filter(id=person.pk).update(**fields)
    # Victims' addresses and the other people named in a non-association go with the person.
    counts["exclusion zones"] += ExclusionZone.objects.filter(person=person).delete()[0]
    counts["non-associations"] += NonAssociation.objects.filter(Q(person_a=person) | Q(person_b=person)).delete()[0]
    counts["assessments"] += Assessment.objects.filter(person=person).update(answers={})
    counts["history rows"] += Assessment.history.filter(person_id=person.pk).update(answers={})
    requirement_ids = list(Requirement.objects.filter(person=person).values_list("pk", flat=True))
    counts += _scrub_requirements(requirement_ids)
    allocation_ids = list(Allocation.objects.filter(requirement_id__in=requirement_ids).values_list("pk", flat=True))
    counts += _scrub_attendance(allocation_ids)
    return counts


@transaction.atomic
def erase_person(
    *, person: Person, reason: str, by: User | None, trigger: str = ErasureTrigger.REQUEST
) -> PersonErasure:
    """Erases a person's personal data for good and records who did it and why.

    On request, a person with an order still running is refused: the order needs their details.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ErasureError(REASON_REQUIRED)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if PersonErasure.objects.filter(person=person).exists():
        raise ErasureError(ALREADY_ERASED)
    if trigger == ErasureTrigger.REQUEST and has_live_order(person):
        raise ErasureError(LIVE_ORDER)
    token = _new_token()
    counts = _scrub(person, token)
    erasure = PersonErasure.objects.create(
        person=person,
        token=token,
        trigger=trigger,
        reason=reason[:300],
        erased_by=by,
        rows_scrubbed={kind: n for kind, n in sorted(counts.items()) if n},
    )
    # The log names the person by id only: the CRN is what has just been erased.
    logger.info("Erased the personal data of person %s (%s)", person.pk, trigger)
    return erasure


def anonymise_people_past_retention(*, today: dt.date | None = None, batch_size: int = BATCH_SIZE) -> dict:
    """Erases everyone whose every order ended more than UPW_RETENTION_YEARS_AFTER_ORDER_END years ago.

    Each person is erased in a transaction of their own, a batch at a time, so a failure stops
    nobody else and a rerun picks up where this one ended. Returns the counts of what was done.
    """
    years = retention_years()
    if years <= 0:
        return {"people": 0, "failed": 0, "rows": {}}
    cutoff = retention_cutoff(today=today, years=years)
    reason = RETENTION_REASON.format(years=years)
    totals: Counter = Counter()
    erased = 0
    failed: list[int] = []
    while True:
        batch = list(
            people_past_retention(cutoff=cutoff).exclude(pk__in=failed).values_list("pk", flat=True)[:batch_size]
        )
        if not batch:
            break
        for person_id in batch:
            try:
                erasure = erase_person(
                    person=Person(pk=person_id), reason=reason, by=None, trigger=ErasureTrigger.RETENTION
                )
            except Exception:
                logger.exception("Could not erase person %s past retention", person_id)
                failed.append(person_id)
                continue
            erased += 1
            totals.update(erasure.rows_scrubbed)
    return {"people": erased, "failed": len(failed), "rows": dict(sorted(totals.items()))}
