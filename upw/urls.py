"""The site's URLs: the admin, the API, and each feature's own `urls.py`."""

from django.contrib import admin
from django.urls import include, path

from upw.api import api

FEATURES = [
    "upw.dashboard",
    # Before people and sessions: its addresses (people/places/) would otherwise be read as a CRN.
    "upw.dayview",
    "upw.information",
    "upw.accounts",
    "upw.people",
    "upw.letters",
    "upw.sessions",
    "upw.bookings",
    "upw.standdown",
    "upw.overdue",
    "upw.attendance",
    "upw.enforcement",
    "upw.travel",
    "upw.orders",
    "upw.reminders",
    "upw.intake",
    "upw.assessment",
    "upw.induction",
    "upw.reviews",
    "upw.audit",
    "scheduler.national",
    "upw.reports",
    "scheduler.matching",
    "scheduler.rota",
    "scheduler.standing",
    "scheduler.candidates",
    "partners.projects",
    "partners.portal",
    "partners.review",
    "partners.nominations",
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    *(path("", include(f"{feature}.urls")) for feature in FEATURES),
]
