from django.urls import path

from scheduler.standing import views

urlpatterns = [
    path("standing/", views.standing_list, name="standing-list"),
    path("standing/new/<str:crn>/", views.standing_new, name="standing-new"),
    path("standing/<int:standing_id>/", views.standing_detail, name="standing-detail"),
    path("standing/<int:standing_id>/<str:action>/", views.standing_action, name="standing-action"),
]
