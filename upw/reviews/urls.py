from django.urls import path

from upw.reviews import views

urlpatterns = [
    path("reviews/due/", views.reviews_due, name="reviews_due"),
    path("requirements/<int:requirement_id>/reviews/new/", views.review_new, name="review_new"),
]
