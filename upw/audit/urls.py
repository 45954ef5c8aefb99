from django.urls import path

from upw.audit import views

urlpatterns = [
    path("audit/", views.reads, name="audit-reads"),
]
