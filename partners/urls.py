from django.urls import path

from partners.views import portal, public, review

urlpatterns = [
    # The partner portal.
    path("partner/", portal.home, name="partner-home"),
    path("partner/projects/new/", portal.project_new, name="partner-project-new"),
    path("partner/projects/<int:project_id>/", portal.project_detail, name="partner-project"),
    path("partner/projects/<int:project_id>/edit/", portal.project_edit, name="partner-project-edit"),
    path("partner/projects/<int:project_id>/submit/", portal.project_submit, name="partner-project-submit"),
    path("partner/projects/<int:project_id>/messages/", portal.project_message, name="project-message"),
    path("partner/projects/<int:project_id>/photos/", portal.photo_add, name="project-photo-add"),
    path("partner/projects/<int:project_id>/risk-assessment/", portal.risk_assessment, name="project-risk-assessment"),
    path("partner/photos/<int:photo_id>/", portal.photo, name="project-photo"),
    path("partner/colleagues/", portal.colleagues, name="partner-colleagues"),
    path("partner/colleagues/<int:user_id>/active/", portal.colleague_active, name="partner-colleague-active"),
    path("partner/invitations/<int:invitation_id>/revoke/", portal.invitation_revoke, name="partner-invitation-revoke"),
    path("partner/invitation/<str:token>/", portal.invitation_accept, name="partner-invitation"),
    # Coordinators.
    path("review/", review.queue, name="review-queue"),
    path("review/projects/<int:project_id>/", review.project, name="review-project"),
    path("review/projects/<int:project_id>/edit/", review.project_edit, name="review-project-edit"),
    path("review/projects/<int:project_id>/transition/", review.transition, name="review-transition"),
    path("review/attention/", review.attention, name="review-attention"),
    path("review/attention/<int:session_id>/resolve/", review.attention_resolve, name="review-attention-resolve"),
    path("review/organisations/", review.organisations, name="review-organisations"),
    path(
        "review/organisations/<int:organisation_id>/invite/",
        review.organisation_invite,
        name="review-organisation-invite",
    ),
    path("review/nominations/", review.nominations, name="review-nominations"),
    path("review/nominations/<int:nomination_id>/", review.nomination, name="review-nomination"),
    path("review/nominations/<int:nomination_id>/photo/", review.nomination_photo, name="review-nomination-photo"),
    # The public.
    path("nominate/", public.nominate, name="nominate"),
    path("nominate/submitted/", public.nominate_done, name="nominate-done"),
]
