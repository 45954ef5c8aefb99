"""The request id and the signed-in user's id of the work in hand, for the logs and error reports.

Held in context variables so that any log line written while a request (or a Celery task) runs
carries them, without passing the request around. Only ids: never a name, email or address.
"""

import re
import uuid
from contextvars import ContextVar

REQUEST_ID_HEADER = "X-Request-ID"
# Ids from our own proxy are kept when they look like ids; anything else is replaced, so a client
# cannot write arbitrary text into the logs.
_ACCEPTABLE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")

request_id: ContextVar[str | None] = ContextVar("upw_request_id", default=None)
user_id: ContextVar[int | None] = ContextVar("upw_user_id", default=None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def acceptable_request_id(value: str | None) -> str | None:
    if value and _ACCEPTABLE_ID.match(value):
        return value
    return None
