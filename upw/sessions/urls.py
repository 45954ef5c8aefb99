from django.urls import path

from upw.sessions import views

urlpatterns = [
    path("sessions/", views.session_week, name="sessions"),
    path("sessions/<int:session_id>/", views.session_detail, name="session"),
]
