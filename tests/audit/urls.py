"""A CSV export of people for the tests: streamed, as the service's exports are (upw.web.csv_export)."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from upw.core.access import visible
from upw.models import Person
from upw.web.csv_export import csv_response


@login_required
def people_export(request):
    people = visible(request.user, Person).order_by("crn").iterator()
    return csv_response("people", ["CRN", "Name"], ((p.crn, f"{p.first_name} {p.last_name}") for p in people))


urlpatterns = [path("export/people.csv", people_export)]
