from django.urls import path

from upw.induction import views

urlpatterns = [
    path("people/<str:crn>/induction/book/", views.induction_book, name="induction_book"),
    path("people/<str:crn>/induction/done/", views.induction_done, name="induction_done"),
]
