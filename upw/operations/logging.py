"""Log records as one JSON object a line, each with the request id and user id of the work in hand."""

import logging
import re

from pythonjsonlogger.json import JsonFormatter

from upw.operations import request_context

# A case reference number in a path ("/people/X123456/") or a message ("Not Found: /people/...") is
# personal data; logs keep the shape of the path without it.
_CRN_IN_TEXT = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][0-9]{6}(?![A-Za-z0-9])")


def without_crns(text):
    if not isinstance(text, str):
        return text
    return _CRN_IN_TEXT.sub("{crn}", text)


class RequestContextFilter(logging.Filter):
    """Adds `request_id` and `user_id` to every record (None outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            # Django logs a request's error response after the middleware has finished with it.
            request = getattr(record, "request", None)
            record.request_id = request_context.request_id.get() or getattr(request, "request_id", None)
        if not hasattr(record, "user_id"):
            record.user_id = request_context.user_id.get()
        message = record.getMessage()
        if _CRN_IN_TEXT.search(message):
            record.msg, record.args = without_crns(message), ()
        return True


class JsonLogFormatter(JsonFormatter):
    """`time`, `level`, `logger`, `message`, `request_id`, `user_id` and any `extra` fields."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s")
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", False)
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data: dict, record: logging.LogRecord, message_dict: dict) -> None:
        super().add_fields(log_data, record, message_dict)
        # Django attaches the request object to its own records; its text is the full path.
        log_data.pop("request", None)
