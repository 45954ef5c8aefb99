from django.urls import path

from upw.attendance import views

urlpatterns = [
    path("my/sessions/", views.my_sessions, name="my_sessions"),
    path("my/sessions/<int:session_id>/", views.my_session, name="my_session"),
    path("my/service-worker.js", views.service_worker, name="service_worker"),
    path("my/manifest.webmanifest", views.web_manifest, name="web_manifest"),
    path("notices/<int:notice_id>/acknowledge/", views.notice_acknowledge, name="notice_acknowledge"),
    path("requirements/<int:requirement_id>/adjust/", views.requirement_adjust, name="requirement_adjust"),
    path("ledger/<int:entry_id>/reverse/", views.ledger_entry_reverse, name="ledger_entry_reverse"),
    path("requirements/<int:requirement_id>/ledger.csv", views.requirement_ledger_csv, name="requirement_ledger_csv"),
    path("allocations/<int:allocation_id>/absence/", views.absence_in_advance, name="absence_in_advance"),
]
