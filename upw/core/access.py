"""Who may see what: the one scoping mechanism used by every view and API endpoint.

`visible(user, Model)` returns the queryset of that model the user may see; `get_visible(user,
Model, **lookup)` returns one object or raises Http404, so an object outside the user's scope is
indistinguishable from one that does not exist. Roles that may never see a kind of object at all
(a partner and people, say) are refused with PermissionDenied before any lookup.
"""

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone

from upw.models import Allocation, Person, ProjectType, Requirement, Role, Session, Supervisor, User

# Roles that may read each kind of record at all. Anything not listed is refused.
READERS: dict[type[Model], frozenset[str]] = {
    Person: frozenset({Role.COORDINATOR, Role.ADMIN}),
    Requirement: frozenset({Role.COORDINATOR, Role.ADMIN}),
    Allocation: frozenset({Role.COORDINATOR, Role.ADMIN, Role.SUPERVISOR}),
    Session: frozenset({Role.COORDINATOR, Role.ADMIN, Role.PARTNER, Role.SUPERVISOR}),
    Supervisor: frozenset({Role.COORDINATOR, Role.ADMIN, Role.SUPERVISOR}),
}


def effective_role(user: User) -> str | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return Role.ADMIN if user.is_superuser else user.role


# Coordinators and administrators: the office roles that plan, review and decide.
OFFICE_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})
NOT_FOR_ROLE = "Your role cannot use this page."


def require_role(user: User, roles: frozenset, message: str = NOT_FOR_ROLE) -> None:
    """Refuses (PermissionDenied, a 403) any user whose role is not one of `roles`."""
    if effective_role(user) not in roles:
        raise PermissionDenied(message)


def may_read(user: User, model: type[Model]) -> bool:
    return effective_role(user) in READERS.get(model, frozenset())


def may_see_sensitive(user: User) -> bool:
    """Offence, risk, health and contact details: coordinators (in scope) and administrators only."""
    return effective_role(user) in OFFICE_ROLES


def partner_organisation_id(user: User) -> int | None:
    membership = getattr(user, "partner_membership", None)
    return membership.organisation_id if membership else None


def region_ids(user: User) -> list[int]:
    # Every scoped query of a page asks this; read once per user object (a request's user is new
    # each request).
    if not hasattr(user, "_upw_region_ids"):
        user._upw_region_ids = list(user.regions.values_list("id", flat=True))
    return user._upw_region_ids


def _people(user: User, role: str) -> QuerySet:
    if role == Role.ADMIN:
        return Person.objects.all()
    return Person.objects.filter(pdu__region__in=region_ids(user))


def _requirements(user: User, role: str) -> QuerySet:
    if role == Role.ADMIN:
        return Requirement.objects.all()
    return Requirement.objects.filter(person__pdu__region__in=region_ids(user))


def _allocations(user: User, role: str) -> QuerySet:
    if role == Role.ADMIN:
        return Allocation.objects.all()
    if role == Role.SUPERVISOR:
        return Allocation.objects.filter(session__supervisor_assignments__supervisor__user=user)
    return Allocation.objects.filter(session__project__site__pdu__region__in=region_ids(user))


def _sessions(user: User, role: str) -> QuerySet:
    if role == Role.ADMIN:
        return Session.objects.all()
    if role == Role.PARTNER:
        return Session.objects.filter(project__organisation_id=partner_organisation_id(user))
    if role == Role.SUPERVISOR:
        return Session.objects.filter(supervisor_assignments__supervisor__user=user).distinct()
    return Session.objects.filter(project__site__pdu__region__in=region_ids(user))


def _supervisors(user: User, role: str) -> QuerySet:
    if role == Role.ADMIN:
        return Supervisor.objects.all()
    if role == Role.SUPERVISOR:
        return Supervisor.objects.filter(user=user)
    return Supervisor.objects.filter(base_office__pdu__region__in=region_ids(user))


_SCOPES: dict[type[Model], Callable[[User, str], QuerySet]] = {
    Person: _people,
    Requirement: _requirements,
    Allocation: _allocations,
    Session: _sessions,
    Supervisor: _supervisors,
}


def register(model: type[Model], readers: frozenset, scope: Callable[[User, str], QuerySet]) -> None:
    """Adds a model of another app to the one scoping mechanism. The apps that build on the core
    (partners, scheduler) register their models when Django starts, so the core imports none of them."""
    READERS[model] = readers
    _SCOPES[model] = scope


def by_region(model: type[Model]):
    """The scope of a model with a `region`: an administrator's everything, a coordinator's regions."""

    def scope(user: User, role: str) -> QuerySet:
        if role == Role.ADMIN:
            return model.objects.all()
        return model.objects.filter(region__in=region_ids(user))

    return scope


def visible(user: User, model: type[Model]) -> QuerySet:
    """Everything of `model` that `user` may see. Raises PermissionDenied if the role may see none."""
    role = effective_role(user)
    if role is None or not may_read(user, model):
        raise PermissionDenied(f"Your role cannot view {model._meta.verbose_name_plural}.")
    return _SCOPES[model](user, role)


def get_visible(user: User, model: type[Model], **lookup) -> Model:
    """One object the user may see, or Http404 whether it is missing or out of scope."""
    try:
        return visible(user, model).get(**lookup)
    except model.DoesNotExist as missing:
        raise Http404(f"No {model._meta.verbose_name} found.") from missing


# --- Recording attendance ---------------------------------------------------------------------


def partner_register_window() -> tuple[dt.date, dt.date]:
    """The first and last day of the sessions whose people a partner user may see (settings)."""
    today = timezone.localdate()
    return (
        today - dt.timedelta(days=settings.UPW_PARTNER_REGISTER_DAYS_BACK),
        today + dt.timedelta(days=settings.UPW_PARTNER_REGISTER_DAYS_AHEAD),
    )


def recordable_allocations(user: User) -> QuerySet:
    """The allocations whose attendance the user may record.

    Supervisors: people on the sessions they are rostered on. Partners: people on individual
    placements of their own organisation's projects (the partner supervises those), on sessions
    within `partner_register_window()` only. Coordinators: their regions. Administrators:
    everything. Other roles: nothing.
    """
    role = effective_role(user)
    if role == Role.ADMIN:
        return Allocation.objects.all()
    if role == Role.SUPERVISOR:
        return Allocation.objects.filter(session__supervisor_assignments__supervisor__user=user).distinct()
    if role == Role.PARTNER:
        organisation_id = partner_organisation_id(user)
        if organisation_id is None:
            return Allocation.objects.none()
        first_day, last_day = partner_register_window()
        return Allocation.objects.filter(
            session__project__organisation_id=organisation_id,
            session__project__project_type=ProjectType.INDIVIDUAL,
            session__date__range=(first_day, last_day),
        )
    if role == Role.COORDINATOR:
        return Allocation.objects.filter(session__project__site__pdu__region__in=region_ids(user))
    return Allocation.objects.none()


def recordable_sessions(user: User) -> QuerySet:
    """Sessions with at least one allocation the user may record (their "my sessions" list)."""
    role = effective_role(user)
    if role is None:
        return Session.objects.none()
    if role == Role.SUPERVISOR:
        return Session.objects.filter(supervisor_assignments__supervisor__user=user).distinct()
    return Session.objects.filter(id__in=recordable_allocations(user).values("session_id"))


def planning_regions(user: User) -> QuerySet:
    """The regions the user may run matching for: a coordinator's own regions, every one for an admin."""
    from upw.models import Region

    role = effective_role(user)
    if role == Role.ADMIN:
        return Region.objects.order_by("name")
    if role == Role.COORDINATOR:
        return Region.objects.filter(id__in=region_ids(user)).order_by("name")
    raise PermissionDenied("Your role cannot plan placements.")


# --- Intake -----------------------------------------------------------------------------------


def intake_pdus(user: User) -> QuerySet:
    """The delivery units a user may record new people and orders in: a coordinator's regions' PDUs,
    every PDU for an administrator. Other roles may not record orders at all."""
    from upw.models import ProbationDeliveryUnit

    role = effective_role(user)
    if role == Role.ADMIN:
        return ProbationDeliveryUnit.objects.all()
    if role == Role.COORDINATOR:
        return ProbationDeliveryUnit.objects.filter(region__in=region_ids(user))
    raise PermissionDenied("Your role cannot record new orders.")


# --- Performance reports ------------------------------------------------------------------------

# National leads and administrators read every region's reports; coordinators their own regions'.
NATIONAL_REPORT_READERS = frozenset({Role.ADMIN, Role.NATIONAL_LEAD})
REPORT_READERS = NATIONAL_REPORT_READERS | {Role.COORDINATOR}
NOT_FOR_REPORTS = "Your role cannot see the performance reports."


def reads_national_reports(user: User) -> bool:
    return effective_role(user) in NATIONAL_REPORT_READERS


def report_regions(user: User) -> QuerySet:
    """The regions whose reports the user may read. Partners see only their own organisation's hours
    (`partner_organisation_id`); supervisors no reports."""
    from upw.models import Region

    role = effective_role(user)
    if role in NATIONAL_REPORT_READERS:
        return Region.objects.order_by("name")
    if role == Role.COORDINATOR:
        return Region.objects.filter(id__in=region_ids(user)).order_by("name")
    raise PermissionDenied(NOT_FOR_REPORTS)
