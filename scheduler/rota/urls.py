from django.urls import path

from scheduler.rota import views

urlpatterns = [
    path("rota/", views.rota_list, name="rota-runs"),
    path("rota/new/", views.rota_new, name="rota-new"),
    path("rota/<int:run_id>/", views.rota_detail, name="rota-run"),
    path("rota/<int:run_id>/progress/", views.rota_progress, name="rota-progress"),
    path("rota/<int:run_id>/add/", views.rota_add, name="rota-add"),
    path("rota/<int:run_id>/assignments/<int:assignment_id>/remove/", views.rota_remove, name="rota-remove"),
    path("rota/<int:run_id>/publish/", views.rota_publish, name="rota-publish"),
    path("rota/<int:run_id>/replan/", views.rota_replan, name="rota-replan"),
    path("rota/<int:run_id>/cancel/", views.rota_cancel, name="rota-cancel"),
    path("my/rota/", views.my_rota, name="my-rota"),
    path("my/rota/feed/reset/", views.my_rota_reset_feed, name="my-rota-reset-feed"),
    path("my/rota/feed/<str:token>.ics", views.my_rota_feed, name="my-rota-feed"),
]
