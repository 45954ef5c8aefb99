from django.urls import path

from upw.standdown import views

urlpatterns = [
    path("sessions/<int:session_id>/stand-down/", views.stand_down_session, name="stand_down_session"),
    path("projects/<int:project_id>/stand-down/", views.stand_down_project, name="stand_down_project"),
]
