"""Log records as one JSON object a line, each with the request id and user id of the work in hand."""

import logging

from pythonjsonlogger.json import JsonFormatter

from upw.operations import request_context


class RequestContextFilter(logging.Filter):
    """Adds `request_id` and `user_id` to every record (None outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_context.request_id.get()
        if not hasattr(record, "user_id"):
            record.user_id = request_context.user_id.get()
        return True


class JsonLogFormatter(JsonFormatter):
    """`time`, `level`, `logger`, `message`, `request_id`, `user_id` and any `extra` fields."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s")
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", False)
        super().__init__(*args, **kwargs)
