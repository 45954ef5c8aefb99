from django.urls import path

from partners.portal import views

urlpatterns = [
    path("partner/", views.home, name="partner-home"),
    path("partner/projects/new/", views.project_new, name="partner-project-new"),
    path("partner/projects/<int:project_id>/", views.project_detail, name="partner-project"),
    path("partner/projects/<int:project_id>/edit/", views.project_edit, name="partner-project-edit"),
    path("partner/projects/<int:project_id>/submit/", views.project_submit, name="partner-project-submit"),
    path("partner/projects/<int:project_id>/messages/", views.project_message, name="project-message"),
    path("partner/projects/<int:project_id>/photos/", views.photo_add, name="project-photo-add"),
    path("partner/projects/<int:project_id>/risk-assessment/", views.risk_assessment, name="project-risk-assessment"),
    path("partner/photos/<int:photo_id>/", views.photo, name="project-photo"),
    path("partner/colleagues/", views.colleagues, name="partner-colleagues"),
    path("partner/colleagues/<int:user_id>/active/", views.colleague_active, name="partner-colleague-active"),
    path("partner/invitations/<int:invitation_id>/revoke/", views.invitation_revoke, name="partner-invitation-revoke"),
    path("partner/invitation/<str:token>/", views.invitation_accept, name="partner-invitation"),
]
