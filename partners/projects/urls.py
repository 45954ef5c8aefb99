from django.urls import path

from partners.projects import views

urlpatterns = [
    path("projects/", views.project_list, name="projects"),
    path("projects/<int:project_id>/", views.project_detail, name="project"),
]
