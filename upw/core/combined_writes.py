"""The writes of one transaction, built as model instances and sent as one statement.

A register sync writes the attendance and its history row, a ledger entry, the order's figures and
the action record. Saved one at a time through the ORM, each is a round trip to the database and a
few milliseconds of Python (signals, the history manager, the compiler), which is most of what a
phone's request costs. `Writes` collects the rows and sends them together: on PostgreSQL as one
statement of data-modifying common table expressions, where a row inserted earlier in the batch is
referred to by the id it is given; on other databases one statement each, in order, with the same
SQL. A unique or check constraint fails the whole statement as it would have failed the save.

It writes exactly what it is given: no model signal is sent and no history is written except by
`history()`. So a caller uses it only where it knows every receiver of the models it writes, and
does their part itself (simple_history's row through `history()`; anything else on the ORM path).
"""

import functools
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections
from django.db.models import ForeignKey, Model
from django.utils import timezone
from simple_history.models import HistoricalRecords

from upw.core.prepared import server_prepared_cursor


@dataclass
class _Write:
    instance: Model
    fields: list  # the concrete fields written
    insert: bool
    refers_to: dict = field(default_factory=dict)  # attname -> index of an earlier insert in the batch


class _Ref:
    def __init__(self, index: int):
        self.index = index


class Writes:
    """`insert`, `update`, `save` and `history` queue rows; `flush` sends them and sets the new ids."""

    def __init__(self, using: str = "default"):
        self.using = using
        self._writes: list[_Write] = []
        self._pending: dict[int, int] = {}  # id() of an instance to be inserted -> its index
        self._after_flush: list = []

    def insert(self, instance: Model, *, refers_to: dict[str, Model] | None = None) -> None:
        """Inserts the instance. `refers_to` names fields to fill with the new id of an instance
        inserted earlier in this batch; a foreign key holding such an instance is found by itself."""
        meta = instance._meta
        columns = [f for f in meta.concrete_fields if not (f.primary_key and getattr(instance, f.attname) is None)]
        links = {name: self._pending[id(target)] for name, target in (refers_to or {}).items()}
        for f in columns:
            if isinstance(f, ForeignKey) and getattr(instance, f.attname) is None:
                target = f.get_cached_value(instance, None)
                if target is not None and id(target) in self._pending:
                    links[f.attname] = self._pending[id(target)]
        self._pending[id(instance)] = len(self._writes)
        self._writes.append(_Write(instance, columns, insert=True, refers_to=links))

    def update(self, instance: Model, fields: list[str] | None = None) -> None:
        """Updates the named fields (names or attnames; every field when None), as save(update_fields=)."""
        meta = instance._meta
        if fields is None:
            columns = [f for f in meta.concrete_fields if not f.primary_key]
        else:
            columns = [meta.get_field(name) for name in fields]
        self._writes.append(_Write(instance, columns, insert=False))

    def save(self, instance: Model) -> None:
        if instance.pk is None or instance._state.adding:
            self.insert(instance)
        else:
            self.update(instance)

    def history(self, instance: Model, *, created: bool) -> None:
        """The row simple_history would add for this save of `instance` (queued after it)."""
        history_model, tracked = _history_of(instance.__class__)
        values = {f.attname: getattr(instance, f.attname) for f in tracked}
        row = history_model(
            history_date=getattr(instance, "_history_date", None) or timezone.now(),
            history_type="+" if created else "~",
            history_user_id=_history_user_id(instance),
            history_change_reason=getattr(instance, "_change_reason", None),
            **values,
        )
        pk_name = instance._meta.pk.attname
        refers_to = {pk_name: instance} if id(instance) in self._pending else None
        self.insert(row, refers_to=refers_to)

    def after_flush(self, callback) -> None:
        """Calls `callback()` once the next flush has written everything queued (never if it fails)."""
        self._after_flush.append(callback)

    def flush(self) -> None:
        """Sends the queued writes and sets each inserted instance's id (and the ids it refers to)."""
        if not self._writes:
            return
        connection = connections[self.using]
        statements = [self._statement(connection, write) for write in self._writes]
        if connection.vendor == "postgresql":
            ids = self._run_combined(connection, statements)
        else:
            ids = self._run_in_turn(connection, statements)
        for index, write in enumerate(self._writes):
            for attname, target in write.refers_to.items():
                setattr(write.instance, attname, ids[target])
            if write.insert:
                write.instance.pk = ids[index]
                write.instance._state.adding = False
                write.instance._state.db = self.using
        self._writes, self._pending = [], {}
        callbacks, self._after_flush = self._after_flush, []
        for callback in callbacks:
            callback()

    def _statement(self, connection, write: _Write) -> tuple[str, list, list[str]]:
        values = []
        for f in write.fields:
            if f.attname in write.refers_to:
                values.append(_Ref(write.refers_to[f.attname]))
            else:
                values.append(f.get_db_prep_save(f.pre_save(write.instance, write.insert), connection))
        meta = write.instance._meta
        if not write.insert:
            values.append(meta.pk.get_db_prep_value(write.instance.pk, connection))
        sql, columns = _sql_of(self.using, meta.model, tuple(f.attname for f in write.fields), write.insert)
        return sql, values, columns

    def _run_combined(self, connection, statements) -> dict:
        parts, params, inserted = [], [], []
        for index, (sql, values, columns) in enumerate(statements):
            rendered = []
            for value in values[: len(columns)]:
                if isinstance(value, _Ref):
                    rendered.append(f"(SELECT * FROM w{value.index})")
                else:
                    rendered.append("%s")
                    params.append(value)
            if self._writes[index].insert:
                body = sql.format(values=", ".join(rendered))
                inserted.append(index)
            else:
                body = sql.format(values=", ".join(f"{c} = {r}" for c, r in zip(columns, rendered, strict=True)))
                params.append(values[-1])
            parts.append(f"w{index} AS ({body})")
        if len(parts) == 1:
            statement = body  # a single write is sent as itself
        else:
            select = ", ".join(f"(SELECT * FROM w{index})" for index in inserted) or "1"
            statement = f"WITH {', '.join(parts)} SELECT {select}"
        # The same kinds of write come again and again (a check-in, a check-out, an outcome), so each
        # shape is kept prepared on the connection, like the register's reads (upw.core.prepared).
        cursor = server_prepared_cursor(connection) if settings.DATABASE_SERVER_PREPARED else connection.cursor()
        with cursor:
            cursor.execute(statement, params)
            row = cursor.fetchone() if inserted else ()
        return {index: row[n] for n, index in enumerate(inserted)}

    def _run_in_turn(self, connection, statements) -> dict:
        ids: dict[int, int] = {}
        with connection.cursor() as cursor:
            for index, (sql, values, columns) in enumerate(statements):
                concrete = [ids[v.index] if isinstance(v, _Ref) else v for v in values]
                if not self._writes[index].insert:
                    cursor.execute(sql.format(values=", ".join(f"{c} = %s" for c in columns)), concrete)
                    continue
                sql = sql.format(values=", ".join(["%s"] * len(columns)))
                if connection.features.can_return_columns_from_insert:
                    cursor.execute(sql, concrete)
                    ids[index] = cursor.fetchone()[0]
                else:
                    cursor.execute(sql.rsplit(" RETURNING ", 1)[0], concrete)
                    ids[index] = cursor.lastrowid
        return ids


@functools.cache
def _sql_of(alias: str, model, attnames: tuple, insert: bool) -> tuple[str, list[str]]:
    """The statement for these columns of the model, with `{values}` to fill in, and its quoted columns:
    the same few shapes come again and again."""
    quote = connections[alias].ops.quote_name
    meta = model._meta
    columns = [quote(meta.get_field(name).column) for name in attnames]
    table, pk = quote(meta.db_table), quote(meta.pk.column)
    if insert:
        return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({{values}}) RETURNING {pk}", columns
    return f"UPDATE {table} SET {{values}} WHERE {pk} = %s", columns


@functools.cache
def _history_of(model) -> tuple:
    """The history model and the fields it copies. Looked up once: the `history` descriptor builds a
    new manager class each time it is read."""
    history_model = model.history.model
    copied = {f.name for f in history_model._meta.fields}
    return history_model, [f for f in model._meta.fields if f.name in copied]


def _history_user_id(instance) -> int | None:
    """As simple_history finds it: the instance's `_history_user`, else the request's signed-in user."""
    user = getattr(instance, "_history_user", None)
    if user is None:
        request = getattr(HistoricalRecords.context, "request", None)
        user = getattr(request, "user", None)
        if user is not None and not user.is_authenticated:
            user = None
    return user.pk if user is not None else None
