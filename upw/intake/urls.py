from django.urls import path

from upw.intake import views

urlpatterns = [
    path("intake/", views.intake_home, name="intake"),
    path("intake/new/", views.order_new, name="intake_new"),
    path("intake/import/", views.import_upload, name="intake_import_upload"),
    path("intake/import-jobs/<int:job_id>/", views.import_job, name="intake_import_job"),
    path("intake/imports/", views.import_list, name="intake_imports"),
    path("intake/imports/<int:batch_id>/", views.import_detail, name="intake_import"),
    path("intake/waiting/<slug:stage>/", views.waiting, name="intake_waiting"),
]
