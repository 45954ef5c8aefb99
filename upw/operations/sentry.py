"""Error reports to Sentry when SENTRY_DSN is set, sending no personal data: no cookies, headers
with credentials, request bodies, client addresses or local variables; only the user's id and
the request id as tags."""

from __future__ import annotations

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

from upw.operations import request_context


def _tag_with_ids(event: dict, hint: dict) -> dict:
    tags = event.setdefault("tags", {})
    if request_context.request_id.get():
        tags["request_id"] = request_context.request_id.get()
    if request_context.user_id.get() is not None:
        tags["user_id"] = str(request_context.user_id.get())
    # Query strings carry search terms (names, case numbers): the report keeps the path alone.
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("query_string", None)
        request.pop("data", None)
        request.pop("cookies", None)
    return event


def init_sentry(*, dsn: str, environment: str, release: str | None, traces_sample_rate: float, **options) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        integrations=[DjangoIntegration(), CeleryIntegration()],
        before_send=_tag_with_ids,
        **options,
    )
