"""Pieces shared by the API routers: authentication, pagination and error schemas."""

from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Schema
from ninja.pagination import PageNumberPagination
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from upw.core.tokens import user_for_token
from upw.models import User


class ErrorOut(Schema):
    detail: str


class BearerToken(HttpBearer):
    """`Authorization: Bearer upw_...`, for clients outside the browser."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            # Later code (the history middleware, access checks) reads request.user, so the token's
            # user becomes the request's user, as a session sign-in would.
            request.user = user
        return user


class SessionCookie(SessionAuth):
    """The web UI's own session, with ninja's CSRF check for unsafe methods.

    ninja's `django_auth` checks CSRF before it looks at the session, so a request with no
    session at all (a client whose token was refused) would get "CSRF check Failed" (403) instead
    of 401. Anonymous requests are passed over here; signed-in ones are still checked for CSRF.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


API_AUTH = [BearerToken(), SessionCookie()]


class Pages(PageNumberPagination):
    """`?page=` and `?page_size=`: 25 a page (settings.PAGE_SIZE) and at most 100."""

    def __init__(self, page_size: int | None = None, max_page_size: int = 100, **kwargs: Any) -> None:
        super().__init__(page_size=page_size or settings.PAGE_SIZE, max_page_size=max_page_size, **kwargs)


class Shaped(Sequence):
    """A queryset whose items come out through `shape`, called only for the page asked for.

    One endpoint can then answer with the schema the user's role allows (people with or without
    sensitive fields) and still be paginated in the database.
    """

    def __init__(self, queryset: QuerySet, shape: Callable[[Any], Schema]) -> None:
        self.queryset = queryset
        self.shape = shape

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self.shape(item) for item in self.queryset[index]]
        return self.shape(self.queryset[index])

    def __len__(self) -> int:
        return self.queryset.count()


class RegionRefused(Exception):
    """A run asked for a region the user may not plan (403) or that does not exist (400)."""

    def __init__(self, status: int, detail: str):
        self.status, self.detail = status, detail
        super().__init__(detail)


def planning_region(user: User, code: str, *, not_yours: str):
    """The region `code` if the user may plan it; otherwise RegionRefused with the answer to give."""
    from upw.core.access import planning_regions
    from upw.models import Region

    region = planning_regions(user).filter(code=code).first()
    if region is not None:
        return region
    if Region.objects.filter(code=code).exists():
        raise RegionRefused(403, not_yours)
    raise RegionRefused(400, f"No region with code {code!r}.")
