"""The public nomination form's limit per client address (upw.core.throttle)."""

from django.conf import settings
from django.http import HttpRequest

from upw.core.client_address import client_address
from upw.core.throttle import hit


def nomination_allowed(request: HttpRequest) -> bool:
    return hit(scope="nominate", key=client_address(request) or "", limit=settings.UPW_NOMINATIONS_PER_HOUR)
