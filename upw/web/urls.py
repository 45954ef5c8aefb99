from django.contrib.auth import views as auth_views
from django.urls import path

from scheduler import rota_views
from scheduler import views as matching_views
from upw.web.views import assessment as assessment_views
from upw.web.views import attendance as attendance_views
from upw.web.views import dashboard, home, people, projects, sessions
from upw.web.views import induction as induction_views
from upw.web.views import intake as intake_views

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("people/", people.people_list, name="people"),
    path("people/<str:crn>/", people.person_detail, name="person"),
    path("projects/", projects.project_list, name="projects"),
    path("projects/<int:project_id>/", projects.project_detail, name="project"),
    path("sessions/", sessions.session_week, name="sessions"),
    path("sessions/<int:session_id>/", sessions.session_detail, name="session"),
    path("my/sessions/", attendance_views.my_sessions, name="my_sessions"),
    path("my/sessions/<int:session_id>/", attendance_views.my_session, name="my_session"),
    path("absences/", attendance_views.absences, name="absences"),
    path("absences/<int:attendance_id>/", attendance_views.absence_decide, name="absence_decide"),
    path("people/<str:crn>/reminders/", attendance_views.person_reminders, name="person_reminders"),
    path("notices/<int:notice_id>/acknowledge/", attendance_views.notice_acknowledge, name="notice_acknowledge"),
    path("requirements/<int:requirement_id>/adjust/", attendance_views.requirement_adjust, name="requirement_adjust"),
    path("ledger/<int:entry_id>/reverse/", attendance_views.ledger_entry_reverse, name="ledger_entry_reverse"),
    # Matching runs (issue 3).
    path("matching/", matching_views.run_list, name="matching-runs"),
    path("matching/new/", matching_views.run_new, name="matching-new"),
    path("matching/<int:run_id>/", matching_views.run_detail, name="matching-run"),
    path("matching/<int:run_id>/progress/", matching_views.run_progress, name="matching-progress"),
    path("matching/<int:run_id>/people/", matching_views.review_people, name="matching-people"),
    path("matching/<int:run_id>/sessions/", matching_views.review_sessions, name="matching-sessions"),
    path("matching/<int:run_id>/add/", matching_views.place_add, name="matching-add"),
    path("matching/<int:run_id>/places/<int:proposal_id>/move/", matching_views.place_move, name="matching-move"),
    path("matching/<int:run_id>/places/<int:proposal_id>/remove/", matching_views.place_remove, name="matching-remove"),
    path("matching/<int:run_id>/approve/", matching_views.run_approve, name="matching-approve"),
    path("matching/<int:run_id>/replan/", matching_views.run_replan, name="matching-replan"),
    path("matching/<int:run_id>/cancel/", matching_views.run_cancel, name="matching-cancel"),
    # Intake, assessment, induction and reviews (issue 7).
    path("intake/", intake_views.intake_home, name="intake"),
    path("intake/new/", intake_views.order_new, name="intake_new"),
    path("intake/import/", intake_views.import_upload, name="intake_import_upload"),
    path("intake/imports/", intake_views.import_list, name="intake_imports"),
    path("intake/imports/<int:batch_id>/", intake_views.import_detail, name="intake_import"),
    path("intake/waiting/<slug:stage>/", intake_views.waiting, name="intake_waiting"),
    path("reviews/due/", induction_views.reviews_due, name="reviews_due"),
    path("requirements/<int:requirement_id>/reviews/new/", induction_views.review_new, name="review_new"),
    path("people/<str:crn>/induction/book/", induction_views.induction_book, name="induction_book"),
    path("people/<str:crn>/induction/done/", induction_views.induction_done, name="induction_done"),
    path("people/<str:crn>/assessment/", assessment_views.assessment_overview, name="assessment"),
    path("people/<str:crn>/assessment/start/", assessment_views.assessment_start, name="assessment_start"),
    path("people/<str:crn>/assessment/check/", assessment_views.assessment_check, name="assessment_check"),
    path(
        "people/<str:crn>/assessment/version/<int:version>/",
        assessment_views.assessment_version,
        name="assessment_version",
    ),
    path("people/<str:crn>/assessment/<slug:section>/", assessment_views.assessment_section, name="assessment_section"),
]

# Supervisor rotas (issue 4).
urlpatterns += [
    path("rota/", rota_views.rota_list, name="rota-runs"),
    path("rota/new/", rota_views.rota_new, name="rota-new"),
    path("rota/<int:run_id>/", rota_views.rota_detail, name="rota-run"),
    path("rota/<int:run_id>/progress/", rota_views.rota_progress, name="rota-progress"),
    path("rota/<int:run_id>/add/", rota_views.rota_add, name="rota-add"),
    path("rota/<int:run_id>/assignments/<int:assignment_id>/remove/", rota_views.rota_remove, name="rota-remove"),
    path("rota/<int:run_id>/publish/", rota_views.rota_publish, name="rota-publish"),
    path("rota/<int:run_id>/replan/", rota_views.rota_replan, name="rota-replan"),
    path("rota/<int:run_id>/cancel/", rota_views.rota_cancel, name="rota-cancel"),
    path("my/rota/", rota_views.my_rota, name="my-rota"),
    path("my/rota/feed/reset/", rota_views.my_rota_reset_feed, name="my-rota-reset-feed"),
    path("my/rota/feed/<str:token>.ics", rota_views.my_rota_feed, name="my-rota-feed"),
]
