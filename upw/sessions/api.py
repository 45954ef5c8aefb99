"""Sessions (one project on one date). Supervisors see only the sessions they are rostered on."""

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from upw.core.access import get_visible, visible
from upw.models import Allocation, AllocationStatus, Session
from upw.models.sessions import SessionStatus
from upw.web.api import ErrorOut, Pages

router = Router(tags=["sessions"])


class SessionProjectOut(Schema):
    id: int
    name: str
    site: str
    postcode: str

    @staticmethod
    def resolve_site(obj) -> str:
        return obj.site.name

    @staticmethod
    def resolve_postcode(obj) -> str:
        return obj.site.postcode


class SessionOut(Schema):
    id: int
    project: SessionProjectOut
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    status: str
    capacity: int
    places_taken: int
    places_left: int

    @staticmethod
    def resolve_places_left(obj) -> int:
        return max(obj.capacity - obj.places_taken, 0)


class SessionDetailOut(SessionOut):
    duration_minutes: int
    supervisors_needed: int
    supervisors_rostered: int

    @staticmethod
    def resolve_supervisors_rostered(obj: Session) -> int:
        return obj.supervisor_assignments.count()


def _sessions(user):
    # Counted in subqueries, not joins: visible() may already join sessions to their supervisors,
    # and a second join would multiply the rows being counted.
    places_taken = (
        Allocation.objects.filter(session=OuterRef("pk"), status=AllocationStatus.ALLOCATED)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        visible(user, Session)
        .select_related("project__site")
        .annotate(places_taken=Coalesce(Subquery(places_taken, output_field=IntegerField()), Value(0)))
    )


@router.get("", response=list[SessionOut], summary="Sessions")
@paginate(Pages)
def list_sessions(
    request: HttpRequest,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    project: int | None = None,
    status: SessionStatus | None = None,
):
    """Dates are inclusive (YYYY-MM-DD); `project` is a project id."""
    sessions = _sessions(request.auth)
    if date_from:
        sessions = sessions.filter(date__gte=date_from)
    if date_to:
        sessions = sessions.filter(date__lte=date_to)
    if project:
        sessions = sessions.filter(project_id=project)
    if status:
        sessions = sessions.filter(status=status)
    return sessions


@router.get("/{int:session_id}", response={200: SessionDetailOut, 404: ErrorOut}, summary="One session")
def get_session(request: HttpRequest, session_id: int):
    session = get_visible(request.auth, Session, id=session_id)
    return _sessions(request.auth).get(pk=session.pk)
