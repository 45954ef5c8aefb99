"""Recording new orders: one by hand or through the API, or many from a CSV file.

An order is identified by its CRN and order reference: recording it again changes nothing. A known
CRN gets the new requirement added to the existing person, if the user may see that person: a CRN
held by another region is refused with one message that tells nothing about the case (and the
attempt is logged), whether the name, date of birth or order reference match or not.

A CSV import is all or nothing: every row is checked first (upw.intake.csv_import, then the checks
here that need the database) and nothing is written unless every row passes; the same file imported
again is recognised by its SHA-256. The rows are written in bulk (_record_many), with the same outcome
as recording them one at a time (_record). Uploads run as import jobs (ImportJob), in a Celery task,
so that no request waits for a large file; the same file from the same user is the same job.
"""

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Protocol

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from upw import domain
from upw.core import postcodes
from upw.core.access import effective_role, intake_pdus, region_ids, visible
from upw.core.background import enqueue
from upw.core.client_address import client_address
from upw.core.geocoding import GeocodingError, geocode
from upw.intake.csv_import import FILE_TOO_BIG, MAX_FILE_BYTES, ParsedOrder, RowError, parse_orders
from upw.models import (
    ImportBatch,
    ImportJob,
    ImportJobStatus,
    Person,
    PostcodeDistrict,
    PostcodeUnit,
    ProbationDeliveryUnit,
    Requirement,
    Role,
    User,
)
from upw.models.intake import IMPORT_JOB_RERUNNABLE
from upw.models.requirements import ACTIVE_REQUIREMENT_STATUSES, Concurrency
from upw.people.services import HELD_BY_ANOTHER_REGION, cases_held_elsewhere
from upw.reviews import services as reviews

log = logging.getLogger(__name__)

PDU_NOT_YOURS = 'PDU "{pdu}" is not one of the delivery units in your regions'
PDU_UNKNOWN = 'PDU "{pdu}" does not exist'
DIFFERENT_BIRTH_DATE = "CRN {crn} is already recorded with a different date of birth"
ADDITIONAL_TOO_MANY = (
    "additional orders may not total more than {limit} hours: {crn} already has {existing} hours of active "
    "orders that are not concurrent"
)
LINKED_ORDER_UNKNOWN = 'linked_order_reference "{reference}" is not an order of {crn}'
ALREADY_RECORDED = "Already recorded: CRN {crn}, order {reference}"
IMPORTED_BY_ANOTHER_REGION = "This file was imported before by another region: nothing was changed."
# Rows a bulk insert sends at once: well under SQLite's limit of variables a statement.
BULK_BATCH_SIZE = 500


class _HeldElsewhere(Exception):
    """A person recorded in another region between the checks and the write (two requests at once)."""


@dataclass
class OrderResult:
    requirement: Requirement
    created: bool
    person_created: bool


@dataclass
class ImportOutcome:
    """What an import did. `errors` non-empty means nothing was written."""

    errors: list[RowError] = field(default_factory=list)
    batch: ImportBatch | None = None
    already_imported: bool = False
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _places(orders: Iterable[ParsedOrder]) -> dict[str, tuple[float, float] | None]:
    """Coordinates of every postcode of the orders, in two queries: full postcodes first, then the
    districts of the rest, as upw.core.geocoding.geocode does one postcode at a time (which still
    answers for the few left, since only it may ask an online geocoder when one is configured)."""
    wanted = {order.postcode for order in orders}
    found: dict[str, tuple[float, float] | None] = {
        postcode: (latitude, longitude)
        for postcode, latitude, longitude in PostcodeUnit.objects.filter(pk__in=wanted).values_list(
            "pk", "latitude", "longitude"
        )
    }
    by_district: dict[str, list[str]] = {}
    for postcode in wanted - set(found):
        by_district.setdefault(postcodes.district(postcode), []).append(postcode)
    for district, latitude, longitude in PostcodeDistrict.objects.filter(pk__in=by_district).values_list(
        "pk", "latitude", "longitude"
    ):
        for postcode in by_district.pop(district):
            found[postcode] = (latitude, longitude)
    for postcode in (postcode for unknown in by_district.values() for postcode in unknown):
        if not settings.GEOCODER_FALLBACK:
            found[postcode] = None
            continue
        try:
            result = geocode(postcode)
            found[postcode] = (result.latitude, result.longitude)
        except GeocodingError:
            found[postcode] = None
    return found


def imports_visible(user: User) -> QuerySet:
    """The imports a user may look at: an administrator's all, a coordinator's made in their regions."""
    batches = ImportBatch.objects.select_related("created_by")
    if user.is_administrator:
        return batches
    return batches.filter(created_by__regions__in=user.regions.all()).distinct()


def check_orders(
    *,
    orders: list[ParsedOrder],
    pdus: QuerySet,
    user: User,
    request: HttpRequest | None = None,
    places: dict[str, tuple[float, float] | None] | None = None,
) -> list[RowError]:
    """The checks that need the database, for rows already valid on their own.

    `pdus` are the delivery units the user may record people in. An order already recorded (same
    CRN and order reference) is not an error: it is skipped when the orders are written. Orders
    earlier in the same file count as recorded for the rules about linked and additional orders.
    A row whose CRN is held by another region gets HELD_BY_ANOTHER_REGION and nothing else.
    """
    errors = []
    all_pdus = set(ProbationDeliveryUnit.objects.values_list("code", flat=True))
    allowed = set(pdus.values_list("code", flat=True))
    held = cases_held_elsewhere(user=user, crns={order.crn for order in orders}, request=request)
    crns = {order.crn for order in orders} - held
    people = {p.crn: p for p in Person.objects.filter(crn__in=crns)}
    references: dict[str, set[str]] = {crn: set() for crn in crns}
    hours: dict[str, int] = dict.fromkeys(crns, 0)
    for requirement in Requirement.objects.filter(person__crn__in=crns).select_related("person"):
        crn = requirement.person.crn
        references[crn].add(requirement.order_reference.lower())
        if requirement.status in ACTIVE_REQUIREMENT_STATUSES and requirement.concurrency != Concurrency.CONCURRENT:
            hours[crn] += requirement.hours_ordered
    places = _places(orders) if places is None else places
    limit = settings.UPW["MAX_HOURS"]
    for order in orders:
        if order.crn in held:
            errors.append(RowError(order.line, HELD_BY_ANOTHER_REGION))
            continue
        problems = []
        if order.pdu not in all_pdus:
            problems.append(PDU_UNKNOWN.format(pdu=order.pdu))
        elif order.pdu not in allowed:
            problems.append(PDU_NOT_YOURS.format(pdu=order.pdu))
        if places.get(order.postcode) is None:
            problems.append(f'Postcode "{order.postcode}" was not found')
        person = people.get(order.crn)
        if person is not None and person.date_of_birth != order.date_of_birth:
            problems.append(DIFFERENT_BIRTH_DATE.format(crn=order.crn))
        known = references[order.crn]
        if order.order_reference.lower() not in known:
            if order.concurrency == Concurrency.ADDITIONAL and hours[order.crn] + order.hours_ordered > limit:
                problems.append(ADDITIONAL_TOO_MANY.format(limit=limit, crn=order.crn, existing=hours[order.crn]))
            if order.linked_order_reference and order.linked_order_reference.lower() not in known:
                problems.append(LINKED_ORDER_UNKNOWN.format(reference=order.linked_order_reference, crn=order.crn))
            known.add(order.order_reference.lower())
            if order.concurrency != Concurrency.CONCURRENT:
                hours[order.crn] += order.hours_ordered
        if problems:
            errors.append(RowError(order.line, "; ".join(problems)))
    return errors


def _record(*, order: ParsedOrder, by: User, place: tuple[float, float] | None, today: dt.date) -> OrderResult:
    person = Person.objects.select_for_update().filter(crn=order.crn).first()
    if person is not None and not visible(by, Person).filter(pk=person.pk).exists():
        raise _HeldElsewhere(order.crn)
    person_created = False
    if person is None:
        latitude, longitude = place or (None, None)
        person = Person.objects.create(
            crn=order.crn,
            first_name=order.first_name,
            last_name=order.last_name,
            date_of_birth=order.date_of_birth,
            gender=order.gender,
            postcode=order.postcode,
            latitude=latitude,
            longitude=longitude,
            pdu=ProbationDeliveryUnit.objects.get(code=order.pdu),
            employment_status=order.employment_status,
            phone=order.phone,
            email=order.email,
            address=order.address,
        )
        person_created = True
    existing = person.requirements.filter(order_reference__iexact=order.order_reference).first()
    if existing is not None:
        return OrderResult(requirement=existing, created=False, person_created=False)
    # An induction done for a current order covers a concurrent or additional one.
    inducted = (
        person.requirements.filter(status__in=ACTIVE_REQUIREMENT_STATUSES, induction_completed_on__isnull=False)
        .values_list("induction_completed_on", flat=True)
        .first()
    )
    deadline, statutory = domain.order_deadline(
        order.sentence_date,
        window_months=settings.UPW["COMPLETION_WINDOW_MONTHS"],
        no_window_target_months=settings.UPW["NO_WINDOW_TARGET_MONTHS"],
    )
    requirement = Requirement.objects.create(
        person=person,
        order_reference=order.order_reference,
        court=order.court,
        order_type=order.order_type,
        concurrency=order.concurrency,
        concurrent_with=running_order(person, concurrency=order.concurrency),
        sentence_date=order.sentence_date,
        hours_ordered=order.hours_ordered,
        deadline=deadline,
        deadline_is_statutory=statutory,
        ete_cap_percent=settings.UPW["ETE_CAP_PERCENT"],
        induction_completed_on=inducted,
        next_review_on=reviews.first_review_date(sentence_date=order.sentence_date, today=today),
        created_by=by,
    )
    return OrderResult(requirement=requirement, created=True, person_created=person_created)


@dataclass
class _KnownOrder:
    """A requirement of a person as the import sees it, recorded already or earlier in the file: what
    the rules about concurrent and additional orders and inherited inductions read."""

    requirement: Requirement
    # Recorded ones by their id, then the file's in file order: the order of the ids they will get.
    sort_id: tuple[int, int]
    concurrent_with: "_KnownOrder | None" = None

    @property
    def active(self) -> bool:
        return self.requirement.status in ACTIVE_REQUIREMENT_STATUSES


def _running_order(known: list[_KnownOrder], *, concurrency: str) -> _KnownOrder | None:
    """running_order() over the requirements in memory: the same rule, no query."""
    running = sorted((k for k in known if k.active), key=lambda k: (k.requirement.sentence_date, k.sort_id))
    if concurrency == Concurrency.CONCURRENT:
        first = next((k for k in running if k.requirement.concurrency != Concurrency.ADDITIONAL), None)
        if first and first.requirement.concurrency == Concurrency.CONCURRENT and first.concurrent_with:
            return first.concurrent_with
        return first
    if concurrency == Concurrency.ADDITIONAL:
        return running[-1] if running else None
    return None


def _inducted_on(known: list[_KnownOrder]) -> dt.date | None:
    """The induction date an active order of the person already has, picked as _record's query picks
    it (the model's ordering: deadline, then id)."""
    inducted = [k for k in known if k.active and k.requirement.induction_completed_on is not None]
    if not inducted:
        return None
    return min(inducted, key=lambda k: (k.requirement.deadline, k.sort_id)).requirement.induction_completed_on


def _known_orders(people: dict[str, Person]) -> dict[str, list[_KnownOrder]]:
    crn_of = {person.pk: crn for crn, person in people.items()}
    known: dict[str, list[_KnownOrder]] = {crn: [] for crn in people}
    by_id: dict[int, _KnownOrder] = {}
    for requirement in Requirement.objects.filter(person_id__in=list(crn_of)).order_by("id"):
        by_id[requirement.pk] = _KnownOrder(requirement=requirement, sort_id=(0, requirement.pk))
        known[crn_of[requirement.person_id]].append(by_id[requirement.pk])
    for entry in by_id.values():
        linked_id = entry.requirement.concurrent_with_id
        if linked_id is not None:
            # Only its id is ever needed: another person's order (never expected) is a bare reference.
            entry.concurrent_with = by_id.get(linked_id) or _KnownOrder(Requirement(pk=linked_id), (0, linked_id))
    return known


def _record_many(
    *,
    orders: list[ParsedOrder],
    by: User,
    places: dict[str, tuple[float, float] | None],
    today: dt.date,
    batch: ImportBatch,
) -> None:
    """_record for every order in file order, with the same outcome, in a fixed number of queries
    whatever the number of rows. Adds what it did to `batch` (not saved here).

    The people and requirements already recorded are read, and the people locked, at once; the rules
    run in memory over them and over the orders earlier in the file, just as _record reads them back
    one order at a time; then the new people, the new requirements and the history of both are written
    in bulk. Requirements are inserted in file order so that their ids are in the order _record gives
    them; one linked to a requirement earlier in the same file gets the link once that one has its id,
    before the history is written, so each history row shows the requirement as it was created.
    """
    crns = {order.crn for order in orders}
    people = {person.crn: person for person in Person.objects.select_for_update().filter(crn__in=crns)}
    if people:
        mine = set(visible(by, Person).filter(pk__in=[p.pk for p in people.values()]).values_list("pk", flat=True))
        for crn, person in people.items():
            if person.pk not in mine:
                raise _HeldElsewhere(crn)
    known = _known_orders(people)
    references = {crn: {k.requirement.order_reference.lower() for k in entries} for crn, entries in known.items()}
    pdus = {pdu.code: pdu for pdu in ProbationDeliveryUnit.objects.filter(code__in={o.pdu for o in orders})}
    new_people: list[Person] = []
    new_orders: list[_KnownOrder] = []
    for order in orders:
        person = people.get(order.crn)
        person_created = person is None
        if person is None:
            latitude, longitude = places.get(order.postcode) or (None, None)
            person = Person(
                crn=order.crn,
                first_name=order.first_name,
                last_name=order.last_name,
                date_of_birth=order.date_of_birth,
                gender=order.gender,
                postcode=order.postcode,
                latitude=latitude,
                longitude=longitude,
                pdu=pdus[order.pdu],
                employment_status=order.employment_status,
                phone=order.phone,
                email=order.email,
                address=order.address,
            )
            people[order.crn] = person
            new_people.append(person)
            known[order.crn], references[order.crn] = [], set()
        if order.order_reference.lower() in references[order.crn]:
            batch.rows_skipped += 1
            batch.skipped.append([order.line, ALREADY_RECORDED.format(crn=order.crn, reference=order.order_reference)])
            continue
        deadline, statutory = domain.order_deadline(
            order.sentence_date,
            window_months=settings.UPW["COMPLETION_WINDOW_MONTHS"],
            no_window_target_months=settings.UPW["NO_WINDOW_TARGET_MONTHS"],
        )
        requirement = Requirement(
            person=person,
            order_reference=order.order_reference,
            court=order.court,
            order_type=order.order_type,
            concurrency=order.concurrency,
            sentence_date=order.sentence_date,
            hours_ordered=order.hours_ordered,
            deadline=deadline,
            deadline_is_statutory=statutory,
            ete_cap_percent=settings.UPW["ETE_CAP_PERCENT"],
            induction_completed_on=_inducted_on(known[order.crn]),
            next_review_on=reviews.first_review_date(sentence_date=order.sentence_date, today=today),
            created_by=by,
        )
        entry = _KnownOrder(
            requirement=requirement,
            sort_id=(1, len(new_orders)),
            concurrent_with=_running_order(known[order.crn], concurrency=order.concurrency),
        )
        if entry.concurrent_with is not None and entry.concurrent_with.requirement.pk is not None:
            requirement.concurrent_with = entry.concurrent_with.requirement
        known[order.crn].append(entry)
        references[order.crn].add(order.order_reference.lower())
        new_orders.append(entry)
        batch.requirements_created += 1
        batch.people_created += int(person_created)
        batch.created.append([order.line, order.crn, order.order_reference])

    bulk_create_with_history(new_people, Person, batch_size=BULK_BATCH_SIZE, default_user=by)
    created = Requirement.objects.bulk_create([e.requirement for e in new_orders], batch_size=BULK_BATCH_SIZE)
    linked_in_file = [
        e for e in new_orders if e.concurrent_with is not None and e.requirement.concurrent_with_id is None
    ]
    for entry in linked_in_file:
        entry.requirement.concurrent_with = entry.concurrent_with.requirement
    if linked_in_file:
        Requirement.objects.bulk_update(
            [e.requirement for e in linked_in_file], ["concurrent_with"], batch_size=BULK_BATCH_SIZE
        )
    Requirement.history.bulk_history_create(created, batch_size=BULK_BATCH_SIZE, default_user=by)


def running_order(person: Person, *, concurrency: str) -> Requirement | None:
    """The order a concurrent one is worked together with (the first still running), or the one an
    additional order follows (the last still running)."""
    running = person.requirements.filter(status__in=ACTIVE_REQUIREMENT_STATUSES).order_by("sentence_date", "id")
    if concurrency == Concurrency.CONCURRENT:
        first = running.exclude(concurrency=Concurrency.ADDITIONAL).first()
        return (
            first.concurrent_with
            if first and first.concurrency == Concurrency.CONCURRENT and first.concurrent_with
            else first
        )
    if concurrency == Concurrency.ADDITIONAL:
        return running.last()
    return None


def order_record(
    *, order: ParsedOrder, by: User, pdus: QuerySet, request: HttpRequest | None = None
) -> tuple[OrderResult | None, list[RowError]]:
    """Records one order (from the form or the API). Idempotent on CRN plus order reference.

    Returns (result, []) or (None, errors) when a database check fails.
    """
    errors = check_orders(orders=[order], pdus=pdus, user=by, request=request)
    if errors:
        return None, errors
    place = _places([order])[order.postcode]
    today = timezone.localdate()
    try:
        with transaction.atomic():
            return _record(order=order, by=by, place=place, today=today), []
    except (IntegrityError, _HeldElsewhere):
        # Two requests for the same order at once: the other one won. Answer with what it made if
        # the user may see it; otherwise the checks, run again, now say why not.
        requirement = (
            visible(by, Requirement)
            .filter(person__crn=order.crn, order_reference__iexact=order.order_reference)
            .first()
        )
        if requirement is not None:
            return OrderResult(requirement=requirement, created=False, person_created=False), []
        errors = check_orders(orders=[order], pdus=pdus, user=by, request=request)
        if not errors:
            raise
        return None, errors


def file_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def upload_too_big(content_length: str | None) -> bool:
    """Whether a request's declared length already rules its file out, before the body is read.

    The multipart envelope adds a little to the file itself, so this errs towards reading a body that
    the file's own size then refuses."""
    try:
        return int(content_length or 0) > MAX_FILE_BYTES + 64 * 1024
    except ValueError:
        return False


class ImportProgress(Protocol):
    def __call__(self, *, rows_done: int, rows_total: int | None, message: str) -> None: ...


def orders_import(
    *,
    content: bytes,
    file_name: str,
    by: User,
    pdus: QuerySet,
    request: HttpRequest | None = None,
    progress: ImportProgress | None = None,
) -> ImportOutcome:
    """Imports a CSV file of new orders, all or nothing. See the module docstring. `progress` is told
    how far the checks have gone, before anything is written (a job's page shows it)."""
    if len(content) > MAX_FILE_BYTES:
        return ImportOutcome(errors=[RowError(1, FILE_TOO_BIG)])
    digest = file_hash(content)
    previous = imports_visible(by).filter(file_sha256=digest).first()
    if previous is not None:
        return ImportOutcome(batch=previous, already_imported=True, rows=previous.rows)
    today = timezone.localdate()
    tell = progress or (lambda **_: None)
    # Lines, not yet rows (a quoted cell may hold a line break): enough to show how far reading is.
    lines = max(content.count(b"\n") - 1, 1)
    parsed = parse_orders(
        content,
        today=today,
        progress=lambda rows: tell(rows_done=rows, rows_total=max(lines, rows), message="Reading the file."),
    )
    outcome = ImportOutcome(rows=parsed.rows, errors=list(parsed.errors))
    tell(rows_done=parsed.rows, rows_total=parsed.rows, message="Checking the rows against the records.")
    places = _places(parsed.orders)
    outcome.errors += check_orders(orders=parsed.orders, pdus=pdus, user=by, request=request, places=places)
    if outcome.errors or not parsed.orders:
        if not outcome.errors:
            outcome.errors.append(RowError(1, "The file has no orders in it."))
        outcome.errors.sort(key=lambda error: error.line)
        return outcome
    tell(rows_done=parsed.rows, rows_total=parsed.rows, message="Writing the new orders.")
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(
                file_sha256=digest, file_name=file_name[:200], rows=parsed.rows, created_by=by
            )
            _record_many(orders=parsed.orders, by=by, places=places, today=today, batch=batch)
            batch.save()
    except _HeldElsewhere:
        # A person recorded in another region since the checks: they now say which rows.
        outcome.errors = check_orders(orders=parsed.orders, pdus=pdus, user=by, request=request)
        return outcome
    except IntegrityError:
        # The same file imported at the same moment by another request, or before by another region.
        previous = imports_visible(by).filter(file_sha256=digest).first()
        if previous is not None:
            return ImportOutcome(batch=previous, already_imported=True, rows=previous.rows)
        if not ImportBatch.objects.filter(file_sha256=digest).exists():
            raise
        outcome.errors = [RowError(1, IMPORTED_BY_ANOTHER_REGION)]
        return outcome
    outcome.batch = batch
    return outcome


# --- Imports as background jobs ------------------------------------------------------------------

# The task's name: the wire format between web processes and workers, never changed.
RUN_IMPORT_JOB_TASK = "upw.intake_tasks.run_import_job"
# A job still waiting this long after it was queued lost its task (a broker restarted without its
# queue): the same upload again queues it again. Running it twice is harmless (it is claimed once).
QUEUED_TOO_LONG = dt.timedelta(minutes=10)
ROLE_CANNOT_IMPORT = "Your role can no longer record new orders: nothing was imported."
JOB_FAILED = "The import stopped before it finished: nothing was imported. Upload the file again to retry."


def import_jobs_visible(user: User) -> QuerySet:
    """The import jobs a user may look at: an administrator's all; a coordinator's own, while they
    are still in one of the regions the job imports into. PermissionDenied for roles that cannot import."""
    intake_pdus(user)
    jobs = ImportJob.objects.select_related("batch", "created_by")
    if effective_role(user) == Role.ADMIN:
        return jobs
    in_scope = Q(regions__in=region_ids(user)) | Q(regions__isnull=True)
    return jobs.filter(in_scope, created_by=user).distinct()


def _upload_request(request: HttpRequest | None) -> dict:
    if request is None:
        return {}
    view_name = getattr(getattr(request, "resolver_match", None), "view_name", "") or ""
    return {"path": request.path, "view_name": view_name, "ip": client_address(request)}


def _as_request(upload_request: dict) -> SimpleNamespace | None:
    """A stand-in for the upload's request, with what the log of refused reads takes from one."""
    if not upload_request:
        return None
    return SimpleNamespace(
        path=upload_request.get("path", ""),
        resolver_match=SimpleNamespace(view_name=upload_request.get("view_name", "")),
        META={"REMOTE_ADDR": upload_request.get("ip") or ""},
    )


def import_job_start(*, content: bytes, file_name: str, by: User, request: HttpRequest | None = None) -> ImportJob:
    """Queues the import of a CSV file and returns its job, to be followed on its page or through the API.

    Idempotent on the user and the file's content: the same file uploaded again by the same user
    returns the same job, so a retry never imports twice. A job that wrote nothing (rejected rows, an
    unexpected failure) runs again, since what it checked against may have changed since.
    """
    pdus = intake_pdus(by)
    digest = file_hash(content)
    fresh = {
        "file_name": file_name[:200] or "upload.csv",
        "content": content,
        "upload_request": _upload_request(request),
    }
    regions = [] if effective_role(by) == Role.ADMIN else list(pdus.values_list("region_id", flat=True).distinct())
    try:
        with transaction.atomic():
            job, created = ImportJob.objects.get_or_create(created_by=by, file_sha256=digest, defaults=fresh)
            if created:
                job.regions.set(regions)
                transaction.on_commit(lambda: enqueue(RUN_IMPORT_JOB_TASK, job.pk))
                return job
    except IntegrityError:
        # The same upload twice at once: the other request made the job.
        return ImportJob.objects.get(created_by=by, file_sha256=digest)
    stuck = job.status == ImportJobStatus.QUEUED and job.queued_at < timezone.now() - QUEUED_TOO_LONG
    if job.status in IMPORT_JOB_RERUNNABLE or stuck:
        requeued = ImportJob.objects.filter(pk=job.pk, status=job.status).update(
            **fresh,
            status=ImportJobStatus.QUEUED,
            progress_message="",
            rows_total=None,
            rows_done=0,
            errors=[],
            failure="",
            queued_at=timezone.now(),
            started_at=None,
            finished_at=None,
        )
        if requeued:
            job.regions.set(regions)
            transaction.on_commit(lambda: enqueue(RUN_IMPORT_JOB_TASK, job.pk))
        job.refresh_from_db()
    return job


def _job_progress(job_id: int):
    def tell(*, rows_done: int, rows_total: int | None, message: str) -> None:
        # A queryset update: seen at once by the page and the API that poll the job.
        ImportJob.objects.filter(pk=job_id).update(rows_done=rows_done, rows_total=rows_total, progress_message=message)

    return tell


def import_job_run(*, job_id: int, restart: bool = False) -> ImportJob:
    """Runs a queued import job (called by its Celery task) and records what came of it.

    Claims the job atomically (queued -> running), so a task delivered twice imports once. `restart`
    (the broker handed the task back because its worker stopped) claims a job left running too: the
    import writes in one transaction, so a stopped one left nothing behind.
    """
    claimable = [ImportJobStatus.QUEUED, ImportJobStatus.RUNNING] if restart else [ImportJobStatus.QUEUED]
    claimed = ImportJob.objects.filter(pk=job_id, status__in=claimable).update(
        status=ImportJobStatus.RUNNING, started_at=timezone.now(), rows_done=0, progress_message="Reading the file."
    )
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not claimed:
        return job
    finished = {"content": b"", "finished_at": None}
    try:
        pdus = intake_pdus(job.created_by)
        regions = list(job.regions.values_list("id", flat=True))
        if regions:
            pdus = pdus.filter(region__in=regions)
        outcome = orders_import(
            content=bytes(job.content),
            file_name=job.file_name,
            by=job.created_by,
            pdus=pdus,
            request=_as_request(job.upload_request),
            progress=_job_progress(job.pk),
        )
    except PermissionDenied:
        finished.update(status=ImportJobStatus.REJECTED, errors=[[1, ROLE_CANNOT_IMPORT]], progress_message="")
    except Exception:  # any failure is recorded on the job for the person who uploaded the file
        log.exception("Import job %s failed", job_id)
        finished.update(status=ImportJobStatus.FAILED, failure=JOB_FAILED, progress_message="")
    else:
        if outcome.ok:
            finished.update(
                status=ImportJobStatus.DONE,
                batch=outcome.batch,
                already_imported=outcome.already_imported,
                rows_total=outcome.rows,
                rows_done=outcome.rows,
                progress_message="",
            )
        else:
            finished.update(
                status=ImportJobStatus.REJECTED,
                errors=[[error.line, error.reason] for error in outcome.errors],
                rows_total=outcome.rows,
                progress_message="",
            )
    finished["finished_at"] = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(**finished)
    job.refresh_from_db()
    return job
