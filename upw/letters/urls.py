from django.urls import path

from upw.letters import views

urlpatterns = [
    path("people/<str:crn>/letters/", views.person_letters, name="person_letters"),
    path("people/<str:crn>/letters/<slug:kind>.pdf", views.letter_pdf, name="letter_pdf"),
    path("people/<str:crn>/letters/<slug:kind>/send/", views.letter_send, name="letter_send"),
]
