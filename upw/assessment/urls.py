from django.urls import path

from upw.assessment import views

urlpatterns = [
    path("people/<str:crn>/assessment/", views.assessment_overview, name="assessment"),
    path("people/<str:crn>/assessment/start/", views.assessment_start, name="assessment_start"),
    path("people/<str:crn>/assessment/check/", views.assessment_check, name="assessment_check"),
    path(
        "people/<str:crn>/assessment/version/<int:version>/",
        views.assessment_version,
        name="assessment_version",
    ),
    path("people/<str:crn>/assessment/<slug:section>/", views.assessment_section, name="assessment_section"),
]
