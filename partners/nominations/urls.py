from django.urls import path

from partners.nominations import views

urlpatterns = [
    path("nominate/", views.nominate, name="nominate"),
    path("nominate/submitted/", views.nominate_done, name="nominate-done"),
]
