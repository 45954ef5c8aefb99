from django.urls import path

from upw.reports import views

urlpatterns = [
    path("reports/", views.reports, name="reports"),
    path("reports/download.<str:file_format>", views.download, name="reports-download"),
    path("reports/partner-hours/", views.partner_hours, name="reports-partner-hours"),
]
