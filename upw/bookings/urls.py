from django.urls import path

from upw.bookings import views

urlpatterns = [
    path("allocations/<int:allocation_id>/change/", views.booking_change, name="booking_change"),
]
