"""A person's letters: see which can be made, download each as a PDF, or send it by email."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from upw import domain
from upw.core.access import get_visible
from upw.letters import services as letters
from upw.models import Person


def _person(request: HttpRequest, crn: str) -> Person:
    return get_visible(request.user, Person, crn=domain.normalise_crn(crn))


def _language(request: HttpRequest, person: Person) -> str:
    chosen = request.GET.get("language") or request.POST.get("language")
    return chosen if chosen in letters.LANGUAGES else letters.default_language(person)


@login_required
@require_GET
def person_letters(request: HttpRequest, crn: str) -> HttpResponse:
    person = _person(request, crn)
    today = timezone.localdate()
    language = _language(request, person)
    rows = []
    for kind, title in letters.KINDS.items():
        try:
            letters.build(person=person, kind=kind, language=language, today=today)
            problem = ""
        except letters.LetterError as error:
            problem = str(error)
        rows.append({"kind": kind, "title": title, "problem": problem})
    context = {"person": person, "rows": rows, "language": language, "languages": letters.LANGUAGES}
    return render(request, "letters/person_letters.html", context)


def _letter(person: Person, kind: str, language: str) -> letters.Letter:
    """The letter a request names (404 for no such kind); LetterError if it cannot be made yet."""
    if kind not in letters.KINDS:
        raise Http404("No such letter.")
    return letters.build(person=person, kind=kind, language=language, today=timezone.localdate())


@login_required
@require_GET
def letter_pdf(request: HttpRequest, crn: str, kind: str) -> HttpResponse:
    person = _person(request, crn)
    try:
        letter = _letter(person, kind, _language(request, person))
        pdf = letters.render_pdf(letter)
    except letters.LetterError as error:
        messages.error(request, str(error))
        return redirect("person_letters", crn=person.crn)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letter.file_name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def letter_send(request: HttpRequest, crn: str, kind: str) -> HttpResponse:
    person = _person(request, crn)
    language = _language(request, person)
    try:
        letter = _letter(person, kind, language)
        letters.send(person=person, letter=letter, pdf=letters.render_pdf(letter))
    except letters.LetterError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{letters.KINDS[kind]} sent by email ({letters.LANGUAGES[language]}).")
    return redirect(f"{reverse('person_letters', args=[person.crn])}?language={language}")
