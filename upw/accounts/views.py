"""The account pages: the second factor at sign-in, the user's account and own API tokens, an
administrator's reset of someone's second factor, resetting a forgotten password, and inviting
members of staff."""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from upw.accounts import forms, selectors, services, throttle
from upw.core.client_address import client_address
from upw.models import ApiToken, Role, StaffInvitation, User
from upw.web.decorators import role_required
from upw.web.second_factor import is_verified, needs_second_factor, second_factor_required_for_role

SETUP_DEVICE_KEY = "upw_second_factor_setup_device"
RESET_EMAIL_KEY = "upw_password_reset_email"
NEW_RECOVERY_CODES_KEY = "upw_new_recovery_codes"
ADMINISTRATORS = frozenset({Role.ADMIN})
INVITERS = frozenset({Role.ADMIN, Role.COORDINATOR})
CANNOT_INVITE = "Only administrators and coordinators can invite members of staff."


def _next_page(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request: HttpRequest) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_page(request)})}"


def _too_many_codes() -> str:
    return forms.TOO_MANY_CODES.format(minutes=settings.UPW_MFA_LOCKOUT_MINUTES)


@login_required
@require_http_methods(["GET", "POST"])
def second_factor(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    user = request.user
    if is_verified(user) or not needs_second_factor(user):
        return redirect(_next_page(request))
    if not services.has_second_factor(user=user):
        return redirect(_with_next("second-factor-setup", request))
    form = forms.CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if throttle.code_entry_locked(user):
            form.add_error("code", _too_many_codes())
        elif (device := services.check_code(user=user, code=form.cleaned_data["code"])) is None:
            throttle.record_wrong_code(user)
            form.add_error("code", _too_many_codes() if throttle.code_entry_locked(user) else forms.WRONG_CODE)
        else:
            throttle.clear_wrong_codes(user)
            # A new session key once fully signed in, as at the password step.
            request.session.cycle_key()
            otp_login(request, device)
            if services.is_recovery_device(device):
                left = services.recovery_codes_left(user=user)
                messages.warning(
                    request,
                    f"You signed in with a recovery code. You have {left} left. "
                    "If you no longer have your authenticator app, set up a new one from your account page.",
                )
            return redirect(_next_page(request))
    return render(request, "registration/second_factor.html", {"form": form, "next": _next_page(request)})


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Setting up an authenticator app: scan the code, confirm with a code from the app."""
    user = request.user
    if services.has_second_factor(user=user) and not is_verified(user):
        # Replacing the app takes a sign-in with the current one (or a recovery code) first.
        return redirect(_with_next("second-factor", request))
    device = services.pending_app_device(user=user, device_id=request.session.get(SETUP_DEVICE_KEY))
    if device is None:
        device = services.start_app_setup(user=user)
        request.session[SETUP_DEVICE_KEY] = device.pk
    form = forms.SetupCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if throttle.code_entry_locked(user):
            form.add_error("code", _too_many_codes())
        elif (codes := services.confirm_app_setup(user=user, device=device, code=form.cleaned_data["code"])) is None:
            throttle.record_wrong_code(user)
            form.add_error("code", _too_many_codes() if throttle.code_entry_locked(user) else forms.WRONG_SETUP_CODE)
        else:
            throttle.clear_wrong_codes(user)
            request.session.pop(SETUP_DEVICE_KEY, None)
            request.session.cycle_key()
            otp_login(request, device)
            request.session[NEW_RECOVERY_CODES_KEY] = codes
            return redirect(_with_next("second-factor-recovery-codes", request))
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/second_factor_setup.html",
        {
            "form": form,
            "next": _next_page(request),
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=5, title="QR code to scan"),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
            "required": second_factor_required_for_role(user),
        },
    )


@login_required
@require_GET
def second_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """The new recovery codes, shown once."""
    codes = request.session.pop(NEW_RECOVERY_CODES_KEY, None)
    if not codes:
        messages.info(request, "Recovery codes are shown only once, when they are made.")
        return redirect("account")
    return render(request, "registration/recovery_codes.html", {"codes": codes, "next": _next_page(request)})


@login_required
@require_GET
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "has_second_factor": services.has_second_factor(user=user),
            "second_factor_required": second_factor_required_for_role(user),
            "recovery_codes_left": services.recovery_codes_left(user=user),
            "live_tokens": selectors.tokens_of(user).filter(revoked_at__isnull=True).count(),
            "is_administrator": user.is_administrator,
            "may_invite": bool(services.roles_invitable_by(user)),
        },
    )


@login_required
@require_GET
def token_list(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/tokens.html", {"tokens": selectors.tokens_of(request.user), "now": timezone.now()})


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = selectors.own_token(request.user, token_id)
    except ApiToken.DoesNotExist:
        raise Http404("No token of yours has that number.") from None
    if token.revoked_at is not None:
        messages.info(request, f"The token {token.name} was already revoked.")
        return redirect("account-tokens")
    if request.method == "POST":
        services.revoke_own_token(user=request.user, token=token)
        messages.success(request, f"The token {token.name} has been revoked. It can no longer be used.")
        return redirect("account-tokens")
    return render(request, "accounts/token_revoke.html", {"token": token})


@role_required(ADMINISTRATORS, "Only an administrator can reset someone's second factor.")
@require_http_methods(["GET", "POST"])
def second_factor_reset_find(request: HttpRequest) -> HttpResponse:
    form = forms.ResetUserForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        target = selectors.active_user_named(form.cleaned_data["username"])
        if target is None:
            form.add_error("username", forms.NO_SUCH_USER)
        else:
            return redirect("second-factor-reset", user_id=target.pk)
    return render(request, "accounts/second_factor_reset_find.html", {"form": form})


@role_required(ADMINISTRATORS, "Only an administrator can reset someone's second factor.")
@require_http_methods(["GET", "POST"])
def second_factor_reset(request: HttpRequest, user_id: int) -> HttpResponse:
    try:
        target = selectors.active_user(user_id)
    except User.DoesNotExist:
        raise Http404("No active account has that number.") from None
    if request.method == "POST":
        services.reset_second_factor(user=target, by=request.user)
        messages.success(
            request,
            f"The second factor of {target.get_full_name() or target.username} has been reset. "
            "They will set up an authenticator app the next time they sign in.",
        )
        return redirect("account")
    return render(
        request,
        "accounts/second_factor_reset.html",
        {"target": target, "has_second_factor": services.has_second_factor(user=target)},
    )


LOCKED_OUT = "Too many failed attempts to sign in. Wait {minutes} minutes, then try again."


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What django-axes answers while an account or an address is locked out: 429, in the API's terms
    on the API and as a page elsewhere."""
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": LOCKED_OUT.format(minutes=minutes)}, status=429)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


# Resetting a forgotten password.


@require_http_methods(["GET", "POST"])
def password_reset_request(request: HttpRequest) -> HttpResponse:
    """Asks for an email address and answers the same whether or not an account uses it."""
    form = forms.PasswordResetRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            services.request_password_reset(email=email, client=client_address(request))
        except services.TooManyResetRequests:
            form.add_error("email", forms.TOO_MANY_RESETS)
            return render(request, "registration/password_reset_form.html", {"form": form}, status=429)
        request.session[RESET_EMAIL_KEY] = email
        return redirect("password-reset-sent")
    return render(request, "registration/password_reset_form.html", {"form": form})


@require_GET
def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registration/password_reset_sent.html",
        {"email": request.session.get(RESET_EMAIL_KEY, ""), "minutes": settings.PASSWORD_RESET_TIMEOUT // 60},
    )


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's checks of the link (it works once, until PASSWORD_RESET_TIMEOUT), with the service's
    password form; the user then signs in, second factor and all."""

    form_class = forms.NewPasswordForm
    success_url = reverse_lazy("password-reset-complete")
    template_name = "registration/password_reset_confirm.html"

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "minutes": settings.PASSWORD_RESET_TIMEOUT // 60}


@require_GET
def password_reset_complete(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/password_reset_complete.html")


# Inviting members of staff.


@role_required(INVITERS, CANNOT_INVITE)
@require_http_methods(["GET", "POST"])
def staff_invitations(request: HttpRequest) -> HttpResponse:
    form = forms.StaffInvitationForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invite_staff(
                by=request.user,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                role=data["role"],
                regions=list(data["regions"]),
                base_office=data.get("base_office"),
                gender=data.get("gender") or "",
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field, errors)
        else:
            messages.success(request, f"An invitation has been sent to {data['email']}.")
            return redirect("staff-invitations")
    return render(
        request,
        "accounts/staff_invitations.html",
        {
            "form": form,
            "invitations": selectors.pending_staff_invitations(request.user),
            "invitation_days": settings.UPW_INVITATION_DAYS,
        },
    )


@role_required(INVITERS, CANNOT_INVITE)
@require_POST
def staff_invitation_withdraw(request: HttpRequest, invitation_id: int) -> HttpResponse:
    try:
        invitation = selectors.pending_staff_invitations(request.user).get(pk=invitation_id)
    except StaffInvitation.DoesNotExist:
        raise Http404("No pending invitation of yours has that number.") from None
    services.withdraw_staff_invitation(invitation=invitation, by=request.user)
    messages.success(request, f"The invitation to {invitation.email} has been withdrawn.")
    return redirect("staff-invitations")


def _invitation_refused(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return render(request, "accounts/staff_invitation_invalid.html", {"message": error.messages[0]}, status=410)


@require_http_methods(["GET", "POST"])
def staff_invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Create your password: anyone holding the link may create the account it was sent for, once.
    Then they are signed in, and held at setting up a second factor if their role needs one."""
    try:
        invitation = services.staff_invitation_for_token(token)
    except ValidationError as error:
        return _invitation_refused(request, error)
    form = forms.NewPasswordForm(services.invited_user(invitation), request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_staff_invitation(raw=token, password=form.cleaned_data["password"])
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _invitation_refused(request, error)
            for field, errors in error.message_dict.items():
                form.add_error(field, errors)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, f"Welcome, {user.first_name}. Your account is ready.")
            return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "accounts/staff_invitation_accept.html", {"form": form, "invitation": invitation})
