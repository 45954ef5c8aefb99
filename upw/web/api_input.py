"""Refuses, with the API's 422, values that pass the schemas but that nothing can store or compare.

ninja's schemas take any text, any integer and any time, but:

- PostgreSQL refuses a NUL character in any text, and an integer beyond 32 bits in an integer
  column (SQLite beyond 64 bits), so either one would fail deep in a query as a server error, and
  only on PostgreSQL;
- a time with an offset ("09:00+01:00", or a number, which pydantic reads as seconds past midnight
  UTC) cannot be compared with the service's times, which are wall-clock times in the UK.

Every endpoint's validated values pass through `refuse_unstorable_values` (added to the whole API in
upw/api.py), so a new endpoint is covered without doing anything.
"""

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from typing import Any

from django.http import HttpRequest
from ninja.errors import ValidationError
from pydantic import BaseModel

from upw.web.api_errors import LARGEST_INTEGER, SMALLEST_INTEGER

NUL = "\x00"
# The pagination input of ninja's `@paginate`: its fields are query parameters of their own.
PAGINATION_ARGUMENT = "ninja_pagination"


def _problems(value: Any, loc: list) -> Iterator[dict]:
    if isinstance(value, str):
        if NUL in value:
            yield {"loc": loc, "type": "null_character"}
    elif isinstance(value, bool):
        return
    elif isinstance(value, int):
        if value > LARGEST_INTEGER:
            yield {"loc": loc, "type": "integer_too_large"}
        elif value < SMALLEST_INTEGER:
            yield {"loc": loc, "type": "integer_too_small"}
    elif isinstance(value, dt.time):
        if value.tzinfo is not None:
            yield {"loc": loc, "type": "time_with_offset"}
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _problems(getattr(value, name), [*loc, name])
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and NUL in key:
                yield {"loc": [*loc, key.replace(NUL, "")], "type": "null_character"}
            else:
                yield from _problems(item, [*loc, key])
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            yield from _problems(item, [*loc, index])


def _source(request: HttpRequest, name: str, value: Any) -> list:
    """Where a view's argument came from, as ninja's own errors say it: ["path", "crn"], ["body", "payload"]."""
    match = getattr(request, "resolver_match", None)
    if match is not None and name in match.kwargs:
        return ["path", name]
    if isinstance(value, BaseModel):
        return ["body", name]
    if request.content_type == "multipart/form-data" and name in request.POST:
        return ["form", name]
    return ["query", name]


def value_problems(request: HttpRequest, values: dict[str, Any]) -> list[dict]:
    problems = []
    for name, value in values.items():
        if name == PAGINATION_ARGUMENT and isinstance(value, BaseModel):
            for field in type(value).model_fields:
                problems.extend(_problems(getattr(value, field), ["query", field]))
        elif isinstance(value, HttpRequest):
            continue
        else:
            problems.extend(_problems(value, _source(request, name, value)))
    return problems


def refuse_unstorable_values(view: Callable) -> Callable:
    @functools.wraps(view)
    def checked(request: HttpRequest, *args: Any, **values: Any) -> Any:
        problems = value_problems(request, values)
        if problems:
            raise ValidationError(problems)
        return view(request, *args, **values)

    return checked
