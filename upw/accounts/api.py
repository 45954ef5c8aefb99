"""Token sign-in, and who the caller is."""

import datetime as dt

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from upw.accounts import services, throttle
from upw.core.access import effective_role
from upw.core.tokens import issue_token, token_lifetime
from upw.web.api import ErrorOut
from upw.web.second_factor import needs_second_factor

router = Router(tags=["auth"])

WRONG_CREDENTIALS = "Username or password is wrong, or the account cannot sign in."
CODE_NEEDED = "Send `code`: the 6-digit code from your authenticator app, or a recovery code."
NO_APP_YET = "Sign in on the web first to set up an authenticator app; then send `code` with your password."
WRONG_CODE = "The code is not right, or has been used already."
TOO_MANY_CODES = "Too many wrong codes. Wait, then try again."


class TokenIn(Schema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=4096)
    name: str = Field("API client", max_length=100, description="What the token is for.")
    code: str = Field(
        "",
        max_length=40,
        description="The code from the user's authenticator app, or a recovery code: "
        "needed by the roles that must sign in with a second factor, and by anyone who has set one up.",
    )


class TokenOut(Schema):
    token: str = Field(description="Send as `Authorization: Bearer <token>`. Shown only once.")
    token_type: str = "Bearer"
    prefix: str
    expires_at: dt.datetime | None


class MeOut(Schema):
    username: str
    first_name: str
    last_name: str
    role: str | None


@router.post("/token", auth=None, response={201: TokenOut, 401: ErrorOut}, summary="Exchange a password for a token")
def create_token(request: HttpRequest, payload: TokenIn):
    # authenticate() is given the request so that django-axes can count failures and lock out.
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None or not user.is_active:
        return Status(401, {"detail": WRONG_CREDENTIALS})
    if needs_second_factor(user):
        # A token outlives the sign-in, so it is issued against a second factor like a web session.
        refusal = _second_factor_refusal(user, payload.code)
        if refusal:
            return Status(401, {"detail": refusal})
    lifetime = token_lifetime()
    raw, token = issue_token(user=user, name=payload.name, expires_at=timezone.now() + lifetime if lifetime else None)
    return Status(201, {"token": raw, "prefix": token.prefix, "expires_at": token.expires_at})


def _second_factor_refusal(user, code: str) -> str | None:
    if not services.has_second_factor(user=user):
        return NO_APP_YET
    if not code.strip():
        return CODE_NEEDED
    if throttle.code_entry_locked(user):
        return TOO_MANY_CODES
    if services.check_code(user=user, code=code) is None:
        throttle.record_wrong_code(user)
        return WRONG_CODE
    throttle.clear_wrong_codes(user)
    return None


@router.get("/me", response=MeOut, summary="The signed-in user")
def me(request: HttpRequest):
    user = request.auth
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": effective_role(user),
    }
