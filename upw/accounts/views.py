"""The account pages: signing in (with a second factor) and the user's own API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from upw.accounts import selectors, services
from upw.models import ApiToken


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
