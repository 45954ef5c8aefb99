"""The unpaid work assessment: GOV.UK question pages, one section a page, a draft saved on
every page, and a check-your-answers page that submits. Risk and health pages are shown only to
roles that may see sensitive details (upw.assessment.services.sections_for)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from upw import domain
from upw.assessment import forms as assessment_forms
from upw.assessment import services as service
from upw.core.access import get_visible
from upw.models import AssessmentStatus, Person


def _person(request: HttpRequest, crn: str) -> Person:
    return get_visible(request.user, Person, crn=domain.normalise_crn(crn))


def _sections(request: HttpRequest) -> tuple:
    return service.sections_for(request.user)


@login_required
@require_GET
def assessment_overview(request: HttpRequest, crn: str) -> HttpResponse:
    person = _person(request, crn)
    versions = person.assessments.select_related("submitted_by", "started_by").order_by("-version")
    draft = service.current_draft(person)
    sections = [(s, draft is not None and s.key in draft.answers) for s in _sections(request)]
    ctx = {
        "person": person,
        "versions": versions,
        "draft": draft,
        "latest": service.latest_submitted(person),
        "sections": sections,
    }
    return render(request, "assessment/overview.html", ctx)


@login_required
@require_POST
def assessment_start(request: HttpRequest, crn: str) -> HttpResponse:
    person = _person(request, crn)
    service.assessment_start(person=person, by=request.user)
    return redirect("assessment_section", crn=person.crn, section=_sections(request)[0].key)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_section(request: HttpRequest, crn: str, section: str) -> HttpResponse:
    person = _person(request, crn)
    sections = _sections(request)
    keys = [s.key for s in sections]
    if section not in keys:
        raise Http404("No such section.")
    draft = service.current_draft(person)
    if draft is None:
        return redirect("assessment", crn=person.crn)
    form = assessment_forms.section_form(
        section,
        person=person,
        user=request.user,
        request=request,
        data=request.POST if request.method == "POST" else None,
        answers=draft.answers.get(section),
    )
    if request.method == "POST" and form.is_valid():
        service.assessment_save_section(assessment=draft, section=section, answers=form.answers())
        if "save_and_exit" in request.POST:
            messages.success(request, "Your answers are saved as a draft.")
            return redirect("person", crn=person.crn)
        position = keys.index(section)
        if request.GET.get("return") == "check" or position == len(keys) - 1:
            return redirect("assessment_check", crn=person.crn)
        return redirect("assessment_section", crn=person.crn, section=keys[position + 1])
    position = keys.index(section)
    back = (
        reverse("assessment_section", args=[person.crn, keys[position - 1]])
        if position
        else reverse("assessment", args=[person.crn])
    )
    ctx = {
        "person": person,
        "draft": draft,
        "form": form,
        "section": service.SECTION_BY_KEY[section],
        "step": position + 1,
        "steps": len(keys),
        "back": back,
    }
    template = f"assessment/{section}.html" if section in ("availability", "risk") else "assessment/section.html"
    return render(request, template, ctx, status=400 if form.errors else 200)


def _summary(request: HttpRequest, answers: dict) -> list[tuple]:
    return [
        (section, section.key in answers, assessment_forms.summary(section.key, answers.get(section.key)))
        for section in _sections(request)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def assessment_check(request: HttpRequest, crn: str) -> HttpResponse:
    person = _person(request, crn)
    draft = service.current_draft(person)
    if draft is None:
        return redirect("assessment", crn=person.crn)
    error = ""
    if request.method == "POST":
        try:
            service.assessment_submit(assessment=draft, by=request.user)
        except service.AssessmentError as problem:
            error = str(problem)
        else:
            messages.success(request, f"Assessment {draft.version} submitted. Matching now uses these answers.")
            return redirect("person", crn=person.crn)
    ctx = {"person": person, "assessment": draft, "rows": _summary(request, draft.answers), "error": error}
    return render(request, "assessment/check.html", ctx, status=400 if error else 200)


@login_required
@require_GET
def assessment_version(request: HttpRequest, crn: str, version: int) -> HttpResponse:
    person = _person(request, crn)
    found = get_object_or_404(person.assessments.select_related("submitted_by"), version=version)
    if found.status == AssessmentStatus.DRAFT:
        return redirect("assessment_check", crn=person.crn)
    ctx = {"person": person, "assessment": found, "rows": _summary(request, found.answers), "read_only": True}
    return render(request, "assessment/check.html", ctx)
