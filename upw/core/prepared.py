"""Querysets compiled once per process and run again with new values.

Building and compiling a queryset with many annotations (the ledger's figures, say) costs the web
process several milliseconds of CPU on every request, more than the database takes to answer it. A
`Prepared` builds its queryset once, with a marker value for each argument, compiles it with
Django's own compiler, and remembers where each marker landed among the SQL parameters. Each run
puts the real values there and lets Django turn the rows into model instances (select_related and
annotations included) exactly as it would have, so the SQL stays the ORM's and follows the models.

Only arguments passed as plain values (compared with `=`, `>`, ...) may be markers: a value that
changes the shape of the SQL (a list of varying length, a None) needs a Prepared of its own. A value
the build reads for itself (today's date, a setting) is frozen at the first compile in each process:
pass it as an argument, or build such a query every time.
"""

import copy
import datetime as dt
import functools
import itertools
import re
from collections.abc import Callable

from django.conf import settings
from django.db import connections
from django.db.models import QuerySet

_DATETIME_MARKER_BASE = dt.datetime(1901, 2, 3, 4, 5, tzinfo=dt.UTC)


class Marker:
    """Declares an argument of a Prepared and its type: int, str or datetime."""

    def __init__(self, kind: type):
        self.kind = kind


def _marker_value(kind: type, n: int, round_: int):
    # Unlikely values, yet within every integer field's range (Django drops a comparison with a value
    # outside it). Each query is compiled with two sets of them, which must agree (see _compile).
    if kind is int:
        return 30011 + 97 * n + round_
    if kind is str:
        return f"\x1aprepared-marker-{round_}-{n}\x1a"
    if kind is dt.datetime:
        return _DATETIME_MARKER_BASE + dt.timedelta(days=round_, seconds=n)
    raise TypeError(f"A prepared argument is an int, a str or a datetime, not {kind.__name__}.")


class Prepared:
    """`Prepared(build, allocation_id=Marker(int), ...)`: `build(**arguments)` returns the queryset;
    `run(**arguments)` returns its rows as model instances, compiling it on the first run only."""

    def __init__(self, build: Callable[..., QuerySet], **arguments: Marker):
        self.build = build
        self.arguments = arguments
        self._compiled: dict[str, tuple] = {}
        # How each column's value is turned into Python: the same for every run of the same SQL, and
        # otherwise worked out anew for every row set (about a third of a run's own CPU).
        self._converters: dict[str, tuple] = {}

    def _markers(self, round_: int) -> dict:
        return {name: _marker_value(marker.kind, n, round_) for n, (name, marker) in enumerate(self.arguments.items())}

    def _compile(self, alias: str) -> tuple:
        first, second = self._markers(0), self._markers(1)
        queryset = self.build(**first)
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        other_sql, other_params = self.build(**second).query.get_compiler(using=alias).as_sql()
        by_value = {self._adapt(alias, name, value): name for name, value in first.items()}
        slots = tuple(by_value.get(param) if _hashable(param) else None for param in params)
        missing = set(self.arguments) - set(slots)
        if missing:
            raise ValueError(f"The prepared query does not use {sorted(missing)} as plain values.")
        # Compiled with other markers, the SQL is the same and only the markers' places differ: so no
        # argument changes the SQL's shape, and no constant was taken for a marker.
        expected = tuple(
            self._adapt(alias, slot, second[slot]) if slot else constant
            for slot, constant in zip(slots, params, strict=True)
        )
        if other_sql != sql or tuple(other_params) != expected:
            raise ValueError("The prepared query's SQL depends on its arguments' values: it cannot be prepared.")
        select = [column[0] for column in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(select):
            raise ValueError("A query with a composite primary key cannot be prepared.")
        compiled = (queryset, compiler, sql, params, slots)
        self._compiled[alias] = compiled
        return compiled

    def _converters_for(self, alias: str, template, expressions) -> dict:
        known = self._converters.get(alias)
        if known is None:
            known = self._converters[alias] = template.get_converters(expressions)
        return known

    def _adapt(self, alias: str, name: str, value):
        # As the model field would hand it to the database (SQLite stores date-times as text).
        if self.arguments[name].kind is dt.datetime:
            return connections[alias].ops.adapt_datetimefield_value(value)
        return value

    def run(self, *, using: str = "default", **arguments) -> list:
        compiled = self._compiled.get(using) or self._compile(using)
        queryset, template, sql, constants, slots = compiled
        values = {name: self._adapt(using, name, value) for name, value in arguments.items()}
        params = tuple(values[slot] if slot else constant for slot, constant in zip(slots, constants, strict=True))
        compiler = copy.copy(template)
        compiler.connection = connections[using]  # this thread's connection, not the compiling one's
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        compiler.get_converters = lambda expressions: self._converters_for(using, template, expressions)
        compiler.has_composite_fields = lambda expressions: False  # none in a prepared query (see _compile)
        if compiler.connection.vendor == "postgresql" and settings.DATABASE_SERVER_PREPARED:
            compiler.execute_sql = lambda *args, **kwargs: _execute_server_prepared(compiler, sql, params)
        rows = queryset._chain()
        rows.query.get_compiler = lambda *args, **kwargs: compiler
        return list(rows)


def _execute_server_prepared(compiler, sql: str, params: tuple) -> list:
    """Runs the query as a statement PostgreSQL keeps prepared on this connection, so it is planned
    once per connection rather than on every run: planning these queries costs the database about
    three times what running them does. The rows come back as Django's own cursor would give them."""
    with server_prepared_cursor(compiler.connection) as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if compiler.has_extra_select:
        rows = [row[: compiler.col_count] for row in rows]
    return [rows]


def server_prepared_cursor(connection):
    """A cursor (PostgreSQL only) that binds its values on the server and keeps each statement it
    runs prepared on the connection (psycopg keeps the most recent hundred, one for each shape of the
    values' types too). Wrapped as Django wraps its own, so the statements are logged and counted like
    any other. The first run of each on a connection costs a second round trip, to prepare it; psycopg
    forgets them all at a rollback on the connection, and prepares them again as they come."""
    connection.ensure_connection()
    if connection.connection.prepare_threshold is None:
        # Django turns psycopg's preparing off (for connection poolers), and then it prepares nothing
        # even when asked. A threshold no query reaches lets it prepare only what asks to be.
        connection.connection.prepare_threshold = 2**31 - 1
    raw = _preparing_cursor_class()(connection.connection)
    return _logging_wrapper_class()(raw, connection) if connection.queries_logged else connection.make_cursor(raw)


@functools.cache
def _preparing_cursor_class():
    from psycopg import RawCursor  # only on PostgreSQL: SQLite needs no psycopg

    class PreparingCursor(RawCursor):
        """Binds its values on the server and prepares each query it runs (the connection keeps the
        most recent hundred). Takes the `%s` placeholders Django writes and sends PostgreSQL's own
        `$1`: psycopg would otherwise split each query into its parts on every run, and it keeps no
        parts for a query over 4 KB, as the register's combined writes are."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            # Without values psycopg reads no placeholder (nor `%%`), and so neither does this.
            query = query if params is None else numbered_placeholders(query)
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparingCursor


_PLACEHOLDER = re.compile(r"%%|%s")


# The same few queries come again and again: each is converted once per process.
@functools.lru_cache(maxsize=1024)
def numbered_placeholders(query: str) -> str:
    """The query with each `%s` as `$1`, `$2`, ... in turn and `%%` as `%`."""
    count = itertools.count(1)
    return _PLACEHOLDER.sub(lambda match: "%" if match[0] == "%%" else f"${next(count)}", query)


@functools.cache
def _logging_wrapper_class():
    from django.db.backends.postgresql.base import CursorDebugWrapper
    from django.db.backends.utils import CursorWrapper

    class LoggingWrapper(CursorDebugWrapper):
        """Logs the statement with its values in place, as Django logs its own (it reads them back
        from psycopg's client-side query, which a server-bound cursor does not keep)."""

        def execute(self, sql, params=None):
            with self.debug_sql(self.db.ops.compose_sql(sql, params)):
                return CursorWrapper.execute(self, sql, params)

    return LoggingWrapper


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
