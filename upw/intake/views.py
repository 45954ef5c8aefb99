"""Intake pages: a new order by hand, a CSV import with its results, past imports, and the
lists of people waiting for assessment, induction or a first session."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from upw.core.access import intake_pdus, visible
from upw.intake import selectors as intake_selectors
from upw.intake import services as intake
from upw.intake.csv_import import COLUMNS, REQUIRED_COLUMNS
from upw.intake.forms import ImportForm, OrderForm, WaitingFilterForm
from upw.models import ImportBatch, ImportJobStatus, Person, ProbationDeliveryUnit, Requirement
from upw.people.services import HELD_BY_ANOTHER_REGION
from upw.web.filters import valid_filters
from upw.web.pagination import paginate, paginate_in_one_query
from upw.web.sorting import order_by, sort_from

WAITING_COLUMNS = {"person": "Person", "pdu": "PDU", "since": "Sentenced", "waiting": "Waiting"}


def _page(request: HttpRequest, template: str, ctx: dict, status: int = 200) -> HttpResponse:
    return render(request, template, ctx, status=status)


@login_required
@require_GET
def intake_home(request: HttpRequest) -> HttpResponse:
    intake_pdus(request.user)  # 403 for roles that cannot record orders
    recent = ImportBatch.objects.filter(created_by=request.user)[:5]
    ctx = {
        "import_form": ImportForm(),
        "recent": recent,
        "uploads": intake.import_jobs_visible(request.user).filter(created_by=request.user)[:5],
        "columns": COLUMNS,
        "required": REQUIRED_COLUMNS,
    }
    return _page(request, "intake/home.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def order_new(request: HttpRequest) -> HttpResponse:
    pdus = intake_pdus(request.user)
    form = OrderForm(request.POST if request.method == "POST" else None, pdus=pdus)
    if request.method == "POST" and form.is_valid():
        result, errors = intake.order_record(order=form.order, by=request.user, pdus=pdus, request=request)
        if errors:
            for error in errors:
                field = "crn" if error.reason == HELD_BY_ANOTHER_REGION else None
                form.add_error(field, error.reason[0].upper() + error.reason[1:])
        else:
            person = result.requirement.person
            if result.created:
                messages.success(
                    request,
                    f"Order {result.requirement.order_reference} recorded for {person.crn}."
                    + (" Next: assess them." if person.assessed_on is None else ""),
                )
            else:
                messages.info(
                    request, f"Order {result.requirement.order_reference} of {person.crn} was already recorded."
                )
            return redirect("person", crn=person.crn)
    return _page(request, "intake/order_new.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    intake_pdus(request.user)  # 403 for roles that cannot record orders
    if request.method == "GET":
        # The form is on the New orders page; this address shows up after a rejected import.
        return redirect("intake")
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        ctx = {"import_form": form, "recent": [], "columns": COLUMNS, "required": REQUIRED_COLUMNS}
        return _page(request, "intake/home.html", ctx, status=400)
    upload = form.cleaned_data["file"]
    job = intake.import_job_start(content=upload.read(), file_name=upload.name, by=request.user, request=request)
    return redirect("intake_import_job", job_id=job.id)


# How often the page of a running import reloads itself (a meta refresh: no JavaScript needed).
JOB_REFRESH_SECONDS = 2


@login_required
@require_GET
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(intake.import_jobs_visible(request.user), pk=job_id)
    result_message = ""
    if job.status == ImportJobStatus.DONE and job.already_imported:
        result_message = "This file was imported before: nothing was changed."
    elif job.status == ImportJobStatus.DONE:
        created = job.batch.requirements_created
        result_message = ngettext("%d new order imported.", "%d new orders imported.", created) % created
    ctx = {"job": job, "result_message": result_message, "refresh_seconds": JOB_REFRESH_SECONDS}
    response = _page(request, "intake/import_job.html", ctx)
    if not job.is_finished:
        response["Cache-Control"] = "no-store"
    return response


def _batches(request: HttpRequest):
    intake_pdus(request.user)
    return intake.imports_visible(request.user)


@login_required
@require_GET
def import_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_object_or_404(_batches(request), pk=batch_id)
    return _page(request, "intake/import_detail.html", {"batch": batch})


@login_required
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    page, page_numbers = paginate(request, _batches(request))
    return _page(request, "intake/import_list.html", {"page_obj": page, "page_numbers": page_numbers})


@login_required
@require_GET
def waiting(request: HttpRequest, stage: str) -> HttpResponse:
    if stage not in intake_selectors.STAGES:
        raise Http404("No such list.")
    visible(request.user, Person)  # 403 for roles that may not see people
    today = timezone.localdate()
    requirements = visible(request.user, Requirement)
    form = WaitingFilterForm(
        request.GET, pdus=ProbationDeliveryUnit.objects.filter(id__in=requirements.values("person__pdu_id"))
    )
    filters = valid_filters(form)
    if filters.get("pdu"):
        requirements = requirements.filter(person__pdu=filters["pdu"])
    if filters.get("waiting_days") is not None:
        requirements = requirements.filter(sentence_date__lt=today - dt.timedelta(days=filters["waiting_days"]))
    sort = sort_from(request, WAITING_COLUMNS, default="waiting", default_descending=True)
    rows = intake_selectors.waiting_queryset(stage=stage, requirements=requirements, today=today)
    page, page_numbers = paginate_in_one_query(request, rows.order_by(*order_by(sort, intake_selectors.WAITING_SORTS)))
    page.object_list = [intake_selectors.waiting_row(row, stage=stage, today=today) for row in page.object_list]
    ctx = {
        "stage": stage,
        "title": intake_selectors.STAGES[stage],
        "page_obj": page,
        "page_numbers": page_numbers,
        "form": form,
        "sort": sort,
        "filtered": filters.get("pdu") is not None or filters.get("waiting_days") is not None,
    }
    return _page(request, "intake/waiting.html", ctx)
