"""Token sign-in, and who the caller is."""

import datetime as dt

from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from upw.core.access import effective_role
from upw.core.tokens import issue_token, token_lifetime
from upw.web.api import ErrorOut

router = Router(tags=["auth"])

WRONG_CREDENTIALS = "Username or password is wrong, or the account cannot sign in."


class TokenIn(Schema):
    username: str = Field(max_length=150)
    password: str = Field(max_length=4096)
    name: str = Field("API client", max_length=100, description="What the token is for.")


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
    lifetime = token_lifetime()
    raw, token = issue_token(user=user, name=payload.name, expires_at=timezone.now() + lifetime if lifetime else None)
    return Status(201, {"token": raw, "prefix": token.prefix, "expires_at": token.expires_at})


@router.get("/me", response=MeOut, summary="The signed-in user")
def me(request: HttpRequest):
    user = request.auth
    return {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "role": effective_role(user),
    }
