from django.urls import path

from upw.people import views

urlpatterns = [
    path("people/", views.people_list, name="people"),
    path("people/<str:crn>/", views.person_detail, name="person"),
    path("people/<str:crn>/transfer/", views.person_transfer, name="person_transfer"),
    path("people/<str:crn>/change/<slug:part>/", views.person_details_change, name="person_details_change"),
]
