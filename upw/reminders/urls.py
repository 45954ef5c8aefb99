from django.urls import path

from upw.reminders import views

urlpatterns = [
    path("people/<str:crn>/reminders/", views.person_reminders, name="person_reminders"),
]
