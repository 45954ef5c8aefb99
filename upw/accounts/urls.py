from django.contrib.auth import views as auth_views
from django.urls import path

from upw.accounts import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("login/code/", views.second_factor, name="second-factor"),
    path("login/set-up-app/", views.second_factor_setup, name="second-factor-setup"),
    path("login/recovery-codes/", views.second_factor_recovery_codes, name="second-factor-recovery-codes"),
    path("login/forgotten-password/", views.password_reset_request, name="password-reset"),
    path("login/forgotten-password/sent/", views.password_reset_sent, name="password-reset-sent"),
    path("login/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password-reset-confirm"),
    path("login/reset/done/", views.password_reset_complete, name="password-reset-complete"),
    path("login/invitation/<str:token>/", views.staff_invitation_accept, name="staff-invitation"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views.account, name="account"),
    path("account/tokens/", views.token_list, name="account-tokens"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke, name="account-token-revoke"),
    path("account/invitations/", views.staff_invitations, name="staff-invitations"),
    path(
        "account/invitations/<int:invitation_id>/withdraw/",
        views.staff_invitation_withdraw,
        name="staff-invitation-withdraw",
    ),
    path("account/second-factor/reset/", views.second_factor_reset_find, name="second-factor-reset-find"),
    path("account/second-factor/reset/<int:user_id>/", views.second_factor_reset, name="second-factor-reset"),
]
