from django.urls import path

from upw.dayview import views

urlpatterns = [
    path("day/", views.day_view, name="day_view"),
    path("sessions/cannot-run/", views.cannot_run_list, name="cannot_run"),
    path("sessions/<int:session_id>/merge/", views.session_merge, name="session_merge"),
    path("sessions/<int:session_id>/people/", views.session_bulk, name="session_bulk"),
    path("people/places/", views.people_bulk, name="people_bulk"),
]
