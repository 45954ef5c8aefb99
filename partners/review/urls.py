from django.urls import path

from partners.review import views

urlpatterns = [
    path("review/", views.queue, name="review-queue"),
    path("review/projects/<int:project_id>/", views.project, name="review-project"),
    path("review/projects/<int:project_id>/edit/", views.project_edit, name="review-project-edit"),
    path("review/projects/<int:project_id>/transition/", views.transition, name="review-transition"),
    path("review/attention/", views.attention, name="review-attention"),
    path("review/attention/<int:session_id>/resolve/", views.attention_resolve, name="review-attention-resolve"),
    path("review/organisations/", views.organisations, name="review-organisations"),
    path(
        "review/organisations/<int:organisation_id>/invite/",
        views.organisation_invite,
        name="review-organisation-invite",
    ),
    path("review/nominations/", views.nominations, name="review-nominations"),
    path("review/nominations/<int:nomination_id>/", views.nomination, name="review-nomination"),
    path("review/nominations/<int:nomination_id>/photo/", views.nomination_photo, name="review-nomination-photo"),
]
