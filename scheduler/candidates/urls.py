from django.urls import path

from scheduler.candidates import views

urlpatterns = [
    path("sessions/<int:session_id>/candidates/", views.session_candidates, name="session-candidates"),
    path("sessions/<int:session_id>/candidates/book/", views.candidate_book, name="candidate-book"),
    path("people/<str:crn>/sessions-to-book/", views.person_candidates, name="person-candidates"),
    path("rota/<int:run_id>/sessions/<int:session_id>/staff/", views.rota_staffing, name="rota-staffing"),
]
