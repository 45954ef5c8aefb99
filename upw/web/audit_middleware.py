"""Logs, once per request, every person whose record the request loaded (upw.core.audit).

Only answers that show something are logged: a 2xx. A refused read (403, 404) discloses nothing,
and a redirect after a change shows nothing until the page it leads to, which is logged itself.
If the log cannot be written the request fails, rather than disclose without a record.

A service may write the log itself, in the same statement and transaction as its own writes
(`audit.log_reads_with`: a phone's sync does): the people it logged are left out here.

A streamed answer (a CSV export) reads its rows while it is being sent, after the view has
returned: those people are collected as each piece is made, and the log is written when the
stream closes, so it covers whatever was sent, all of it or up to where the client went away.
"""

from collections.abc import Callable, Iterable, Iterator

from django.http import FileResponse, HttpRequest, HttpResponse

from upw.core import audit
from upw.core.audit import Channel

SEARCH_PARAMETERS = ("q", "crn", "name")
API_PREFIX = "/api/"
DOWNLOAD_TYPES = ("text/csv", "text/calendar", "application/pdf", "application/vnd.")


def channel_of(request: HttpRequest, response: HttpResponse) -> str:
    """Export for a file to download, API for the JSON API, search for results of a search, else page."""
    if "attachment" in response.get("Content-Disposition", "") or response.get("Content-Type", "").startswith(
        DOWNLOAD_TYPES
    ):
        return Channel.EXPORT
    if request.path.startswith(API_PREFIX):
        return Channel.API
    if any(request.GET.get(name, "").strip() for name in SEARCH_PARAMETERS):
        return Channel.SEARCH
    return Channel.PAGE


def _collecting_each_piece(pieces: Iterable[bytes], loaded: list) -> Iterator[bytes]:
    # The collection is open only while the next piece is made, never across a yield, so nothing
    # else the server runs between pieces is counted.
    pieces = iter(pieces)
    while True:
        with audit.collecting_into(loaded):
            piece = next(pieces, None)
        if piece is None:
            return
        yield piece


class PersonalDataReadsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # An API answer's reads a service may log with its own writes (audit.log_reads_with).
        api_request = request if request.path.startswith(API_PREFIX) else None
        with audit.collecting(api_request=api_request) as loaded:
            response = self.get_response(request)
        if not 200 <= response.status_code < 300:
            return response

        def write_log() -> None:
            # Those a service logged with its own writes are left out (audit.log_reads_with).
            if loaded:
                audit.record_person_access(
                    getattr(request, "user", None),
                    audit.people_loaded(loaded),
                    channel=channel_of(request, response),
                    request=request,
                )

        # A file sent as it is holds no one's record and keeps its fast path to the server.
        if response.streaming and not isinstance(response, FileResponse) and not response.is_async:
            response.streaming_content = _collecting_each_piece(response.streaming_content, loaded)
            response._resource_closers.append(write_log)
        else:
            write_log()
        return response
