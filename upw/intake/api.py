"""New orders through the API: one order, idempotent on CRN plus order reference, or a
CSV file of them (all or nothing, the same file twice changes nothing). Coordinators and
administrators only, in the delivery units of their regions."""

import datetime as dt
from functools import wraps

from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import File, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile

from upw.assessment.services import latest_submitted, sections_for
from upw.core.access import get_visible, intake_pdus
from upw.intake import services as intake
from upw.intake.csv_import import FILE_TOO_BIG, MAX_FILE_BYTES, parse_order
from upw.models import Person
from upw.web.api import ErrorOut

router = Router(tags=["intake"])


class OrderIn(Schema):
    crn: str
    first_name: str
    last_name: str
    date_of_birth: dt.date
    gender: str
    postcode: str
    pdu: str
    order_reference: str
    court: str
    sentence_date: dt.date
    hours_ordered: int
    order_type: str = "community_order"
    concurrency: str = "single"
    linked_order_reference: str = ""
    employment_status: str = "employed"
    phone: str = ""
    email: str = ""
    address: str = ""


class OrderOut(Schema):
    requirement_id: int
    crn: str
    order_reference: str
    created: bool
    person_created: bool
    deadline: dt.date
    next_review_on: dt.date | None


class RowErrorOut(Schema):
    line: int
    reason: str


class ProblemsOut(Schema):
    detail: str
    errors: list[RowErrorOut]


class ImportOut(Schema):
    batch_id: int
    already_imported: bool
    rows: int
    requirements_created: int
    people_created: int
    rows_skipped: int


class ImportJobOut(Schema):
    job_id: int
    status: str
    status_url: str
    file_name: str
    rows_total: int | None
    rows_done: int
    errors: list[RowErrorOut]
    failure: str
    # What the import did, once the job is done (the answer the import gave when it ran in the request).
    result: ImportOut | None
    created_at: dt.datetime
    finished_at: dt.datetime | None


def _job_out(job) -> ImportJobOut:
    batch = job.batch
    result = None
    if batch is not None:
        result = ImportOut(
            batch_id=batch.pk,
            already_imported=job.already_imported,
            rows=batch.rows,
            requirements_created=batch.requirements_created,
            people_created=batch.people_created,
            rows_skipped=batch.rows_skipped,
        )
    return ImportJobOut(
        job_id=job.pk,
        status=job.status,
        status_url=reverse("api:intake_import_job", kwargs={"job_id": job.pk}),
        file_name=job.file_name,
        rows_total=job.rows_total,
        rows_done=job.rows_done,
        errors=[RowErrorOut(line=line, reason=reason) for line, reason in job.errors],
        failure=job.failure,
        result=result,
        created_at=job.created_at,
        finished_at=job.finished_at,
    )


@router.post(
    "/orders",
    response={200: OrderOut, 201: OrderOut, 400: ProblemsOut, 403: ErrorOut},
    summary="Record a new order (idempotent on CRN plus order reference)",
)
def create_order(request: HttpRequest, payload: OrderIn):
    """201 when the order is recorded, 200 with the same body when it was already recorded (a retry
    changes nothing), 400 with every problem when it is not valid."""
    pdus = intake_pdus(request.auth)
    values = {name: str(value) for name, value in payload.dict().items()}
    order, problems = parse_order(values, line=1, today=timezone.localdate())
    if order is None:
        errors = [RowErrorOut(line=1, reason=message) for _, message in problems]
        return Status(400, ProblemsOut(detail="The order is not valid.", errors=errors))
    result, errors = intake.order_record(order=order, by=request.auth, pdus=pdus, request=request)
    if errors:
        errors = [RowErrorOut(line=e.line, reason=e.reason) for e in errors]
        return Status(400, ProblemsOut(detail="The order is not valid.", errors=errors))
    requirement = result.requirement
    body = OrderOut(
        requirement_id=requirement.id,
        crn=requirement.person.crn,
        order_reference=requirement.order_reference,
        created=result.created,
        person_created=result.person_created,
        deadline=requirement.deadline,
        next_review_on=requirement.next_review_on,
    )
    return Status((201 if result.created else 200), body)


def _too_big() -> JsonResponse:
    body = {"detail": "Nothing was imported.", "errors": [{"line": 1, "reason": FILE_TOO_BIG}]}
    return JsonResponse(body, status=413)


def _refuse_large_bodies(run):
    """Answers 413 from the declared length alone, before the body is read or the caller authenticated."""

    @wraps(run)
    def checked(request: HttpRequest, *args, **kwargs):
        if intake.upload_too_big(request.META.get("CONTENT_LENGTH")):
            return _too_big()
        return run(request, *args, **kwargs)

    return checked


@router.post(
    "/imports",
    response={202: ImportJobOut, 403: ErrorOut, 413: ProblemsOut},
    summary="Import a CSV file of new orders in the background (all or nothing)",
)
@decorate_view(_refuse_large_bodies)
def import_orders(request: HttpRequest, file: UploadedFile = File(...)):  # noqa: B008 (ninja's idiom)
    """The columns are those of docs/intake.md. 202 with the job that imports the file: follow it at
    `status_url` until its status is `done` (imported, or `already_imported`: nothing changed),
    `rejected` (`errors` lists every rejected row with its line number, nothing was written) or
    `failed`. The same file sent again by the same user answers with the same job, so a retry never
    imports twice (a rejected or failed job runs again). 413 means the file is 5 MB or more, the
    limit of the web form too."""
    intake_pdus(request.auth)
    if file.size is not None and file.size > MAX_FILE_BYTES:
        return _too_big()
    content = file.read(MAX_FILE_BYTES + 1)
    if len(content) > MAX_FILE_BYTES:
        return _too_big()
    job = intake.import_job_start(
        content=content, file_name=file.name or "upload.csv", by=request.auth, request=request
    )
    job.refresh_from_db()  # run already where tasks run in-process (no broker configured)
    return Status(202, _job_out(job))


@router.get(
    "/import-jobs/{job_id}",
    response={200: ImportJobOut, 403: ErrorOut, 404: ErrorOut},
    url_name="intake_import_job",
    summary="How an import of a CSV file is going, and what came of it",
)
def import_job(request: HttpRequest, job_id: int):
    """404 for a job that is not the caller's, as for one that does not exist."""
    job = get_object_or_404(intake.import_jobs_visible(request.auth), pk=job_id)
    return Status(200, _job_out(job))


class AssessmentOut(Schema):
    crn: str
    version: int
    submitted_at: dt.datetime
    answers: dict


@router.get(
    "/assessments/{crn}",
    response={200: AssessmentOut, 403: ErrorOut, 404: ErrorOut},
    summary="The latest submitted assessment of a person",
)
def latest_assessment(request: HttpRequest, crn: str):
    """Risk and health answers are left out for roles that may not see sensitive details."""
    person = get_visible(request.auth, Person, crn=crn.upper())
    found = latest_submitted(person)
    if found is None:
        return Status(404, ErrorOut(detail="No assessment has been submitted for this person."))
    shown = {section.key for section in sections_for(request.auth)}
    answers = {key: value for key, value in found.answers.items() if key in shown}
    return Status(
        200, AssessmentOut(crn=person.crn, version=found.version, submitted_at=found.submitted_at, answers=answers)
    )
