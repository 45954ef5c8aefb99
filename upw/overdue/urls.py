from django.urls import path

from upw.overdue import views

urlpatterns = [
    path("overdue-outcomes/", views.overdue_outcomes, name="overdue_outcomes"),
    path("sessions/<int:session_id>/outcomes/", views.session_outcomes, name="session_outcomes"),
]
