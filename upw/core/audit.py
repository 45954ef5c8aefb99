"""The log of reads of personal data: one place that every page, export and API read goes through.

Data Protection Act 2018 s.62: law-enforcement processing keeps logs of consultation and
disclosure. Each call adds rows (one insert for a whole page of people); nothing updates them.

What counts as a read: every person whose record is loaded from the database to answer a request
(a Person object is built), whichever page, endpoint or export asked for it. The request's
middleware (upw.web.audit_middleware) opens a collection, `note_person_loaded` adds each person as
Django builds it, and the middleware writes the whole collection in one insert when the answer
has been made. Loading is what every view that shows a person has in common, so no view, selector
or serialiser has to remember to log, and a new page is logged from its first day.
"""

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

from celery.signals import task_postrun, task_prerun
from django.db.models.signals import post_init
from django.http import HttpRequest

# Through our trusted proxies only: the same address the throttles and lockouts count.
from upw.core.client_address import client_address
from upw.core.combined_writes import Writes
from upw.models import Person, PersonalDataAccess, User

__all__ = [
    "Channel",
    "client_address",
    "collecting",
    "log_reads_with",
    "people_loaded",
    "reads_logged_with_writes",
    "record_person_access",
]

Channel = PersonalDataAccess.Channel

# The people loaded while answering the current request: None outside a request (Celery workers,
# management commands), where nobody is consulting anything.
_loaded: ContextVar[list | None] = ContextVar("upw_people_loaded", default=None)


class Collection(list):
    """The people loaded while answering a request; for an API request, the request, so a service may
    log its reads itself (`log_reads_with`), and the ids of those whose read is logged already."""

    def __init__(self, api_request: HttpRequest | None = None):
        super().__init__()
        self.api_request = api_request
        self.logged: set[int] = set()


@contextlib.contextmanager
def collecting_into(loaded: list) -> Iterator[list]:
    """Adds the people loaded inside the block to `loaded`, as they are loaded."""
    token = _loaded.set(loaded)
    try:
        yield loaded
    finally:
        _loaded.reset(token)


def collecting(*, api_request: HttpRequest | None = None) -> contextlib.AbstractContextManager[Collection]:
    """Collects the people loaded inside the block into a new collection (for `api_request`, when it
    is one)."""
    return collecting_into(Collection(api_request))


@contextlib.contextmanager
def not_collecting() -> Iterator[None]:
    """Processing inside the block is not a consultation by the user (a task run in the request)."""
    token = _loaded.set(None)
    try:
        yield
    finally:
        _loaded.reset(token)


def note_person_loaded(sender, instance: Person, **kwargs) -> None:
    loaded = _loaded.get()
    if loaded is not None:
        loaded.append(instance)


post_init.connect(note_person_loaded, sender=Person, dispatch_uid="upw.core.audit.note_person_loaded")


def people_loaded(loaded: Iterable[Person]) -> list[tuple[int, str]]:
    """(id, CRN) of each saved person, once each, in the order first loaded; not those whose read is
    logged already.

    Reads the CRN from the object's own fields: a person loaded with `only()` or `defer()` must not
    cost a query per person here.
    """
    people: dict[int, str] = {}
    logged = getattr(loaded, "logged", ())
    for person in loaded:
        if person.pk is not None and person.pk not in people and person.pk not in logged:
            people[person.pk] = person.__dict__.get("crn") or ""
    return list(people.items())


# Tasks run in-process (no broker) inside a request would otherwise log everything the task
# loads (a matching run loads a whole region) as read by the user who started it.
_suspended: dict[str, contextlib.ExitStack] = {}


@task_prerun.connect(dispatch_uid="upw.core.audit.suspend_for_task")
def _suspend_for_task(task_id: str | None = None, **kwargs) -> None:
    if _loaded.get() is not None and task_id:
        stack = contextlib.ExitStack()
        stack.enter_context(not_collecting())
        _suspended[task_id] = stack


@task_postrun.connect(dispatch_uid="upw.core.audit.resume_after_task")
def _resume_after_task(task_id: str | None = None, **kwargs) -> None:
    stack = _suspended.pop(task_id, None) if task_id else None
    if stack is not None:
        stack.close()


def _rows(user: User, people: Iterable, *, channel: str, request: HttpRequest | None, path: str) -> list:
    rows = []
    seen: set[int] = set()
    for item in people:
        person_id, crn = (item.pk, item.crn) if hasattr(item, "pk") else item
        if person_id in seen:
            continue
        seen.add(person_id)
        rows.append(
            PersonalDataAccess(
                user=user if getattr(user, "pk", None) else None,
                username=getattr(user, "username", "") or "",
                person_id=person_id,
                crn=crn or "",
                channel=channel,
                path=(path or (request.path if request else ""))[:300],
                view_name=(getattr(getattr(request, "resolver_match", None), "view_name", "") or "")[:120],
                ip_address=client_address(request),
            )
        )
    return rows


def record_person_access(
    user: User,
    people: Iterable,
    *,
    channel: str,
    request: HttpRequest | None = None,
    path: str = "",
) -> int:
    """Logs that `user` read each of `people` (Person objects, or (id, crn) pairs). Returns the rows added."""
    rows = _rows(user, people, channel=channel, request=request, path=path)
    if len(rows) == 1:
        # One row is one INSERT, atomic by itself: bulk_create would wrap it in BEGIN and COMMIT,
        # three statements where one does (most API answers show one person). Written without the
        # ORM's save, which costs a phone's request more CPU than the INSERT (the model has no signals).
        writes = Writes()
        writes.insert(rows[0])
        writes.flush()
    elif rows:
        PersonalDataAccess.objects.bulk_create(rows)
    return len(rows)


# Set inside `reads_logged_with_writes`: only there may a service log the request's reads itself.
_with_writes: ContextVar[bool] = ContextVar("upw_reads_logged_with_writes", default=False)


@contextlib.contextmanager
def reads_logged_with_writes() -> Iterator[None]:
    """Around a service's transaction (outside its `atomic`), so its writes may carry the log of the
    request's reads (`log_reads_with`). Should the transaction not commit, whatever the reason (a
    constraint at COMMIT, a rejection raised after the writes), the people it logged are left to the
    middleware again, which logs them if the answer still shows something."""
    loaded = _loaded.get()
    before = set(loaded.logged) if isinstance(loaded, Collection) else None
    token = _with_writes.set(True)
    try:
        yield
    except BaseException:
        if before is not None:
            loaded.logged.intersection_update(before)
        raise
    finally:
        _with_writes.reset(token)


def log_reads_with(writes: Writes, user: User) -> None:
    """Adds the log of the people this request has loaded so far to a service's `writes`, so it goes
    in the service's own statement and commits with it, rather than as an insert and a commit of its
    own once the answer is made (a phone's sync is the commonest request there is). Once `writes` is
    flushed, the middleware leaves those people out; should the flush fail, or the transaction not
    commit, it logs them as before. Only inside `reads_logged_with_writes`, around a transaction that
    is the request's own (not nested in one that may roll back after it); otherwise this does nothing.

    Only the API's answers are logged this way: a page's change answers with a redirect, which shows
    nothing and is not logged (the page it leads to is), so there the middleware keeps deciding. In a
    request of several actions, one that fails after others committed fails the whole answer, yet the
    reads of those committed are logged: they were read, and changed."""
    loaded = _loaded.get()
    if not _with_writes.get() or not isinstance(loaded, Collection) or loaded.api_request is None:
        return
    people = people_loaded(loaded)
    if not people:
        return
    for row in _rows(user, people, channel=Channel.API, request=loaded.api_request, path=""):
        writes.insert(row)
    logged = {person_id for person_id, _ in people}
    writes.after_flush(lambda: loaded.logged.update(logged))
