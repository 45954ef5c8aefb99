from django.urls import path

from scheduler.matching import views

urlpatterns = [
    path("matching/", views.run_list, name="matching-runs"),
    path("matching/new/", views.run_new, name="matching-new"),
    path("matching/<int:run_id>/", views.run_detail, name="matching-run"),
    path("matching/<int:run_id>/progress/", views.run_progress, name="matching-progress"),
    path("matching/<int:run_id>/people/", views.review_people, name="matching-people"),
    path("matching/<int:run_id>/sessions/", views.review_sessions, name="matching-sessions"),
    path("matching/<int:run_id>/add/", views.place_add, name="matching-add"),
    path("matching/<int:run_id>/places/<int:proposal_id>/move/", views.place_move, name="matching-move"),
    path("matching/<int:run_id>/places/<int:proposal_id>/remove/", views.place_remove, name="matching-remove"),
    path("matching/<int:run_id>/approve/", views.run_approve, name="matching-approve"),
    path("matching/<int:run_id>/replan/", views.run_replan, name="matching-replan"),
    path("matching/<int:run_id>/cancel/", views.run_cancel, name="matching-cancel"),
]
