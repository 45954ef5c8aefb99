"""Reminders: a coordinator turns a person's session reminders on or off."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from upw import domain
from upw.core.access import OFFICE_ROLES, get_visible
from upw.models import Person
from upw.reminders import services as reminders
from upw.web.decorators import role_required


@role_required(OFFICE_ROLES)
@require_POST
def person_reminders(request: HttpRequest, crn: str) -> HttpResponse:
    """Turns a person's session reminders off or on (the opt-out is kept in the person's history)."""
    person = get_visible(request.user, Person, crn=domain.normalise_crn(crn))
    opt_out = request.POST.get("reminders") == "off"
    reminders.person_set_reminders(person=person, opt_out=opt_out)
    messages.success(request, "Reminders turned off." if opt_out else "Reminders turned on.")
    return redirect(f"{reverse('person', args=[person.crn])}#reminders")
