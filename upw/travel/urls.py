from django.urls import path

from upw.travel import views

urlpatterns = [
    path("travel/", views.travel_claims, name="travel_claims"),
    path("travel/<int:claim_id>/", views.travel_claim_decide, name="travel_claim_decide"),
]
