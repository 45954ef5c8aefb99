from django.urls import path

from scheduler.national import views

urlpatterns = [
    path("matching/national/", views.plan_list, name="national-plans"),
    path("matching/national/<int:plan_id>/", views.plan_detail, name="national-plan"),
    path("matching/national/<int:plan_id>/progress/", views.plan_progress, name="national-plan-progress"),
]
