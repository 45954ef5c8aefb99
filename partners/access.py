"""Who may see partners' records: projects, sites, organisations and nominations.

Registered with the core's one scoping mechanism (upw.core.access) when Django starts.
"""

from django.db.models import QuerySet

from partners.models import Nomination, PartnerOrganisation, Project, Site
from upw.core.access import OFFICE_ROLES, partner_organisation_id, region_ids, register
from upw.models import Role, User


def _projects(user: User, role: str) -> QuerySet:
    # National leads read every region's list of projects (no person is named in it).
    if role in (Role.ADMIN, Role.NATIONAL_LEAD):
        return Project.objects.all()
    if role == Role.PARTNER:
        return Project.objects.filter(organisation_id=partner_organisation_id(user))
    if role == Role.SUPERVISOR:
        return Project.objects.filter(sessions__supervisor_assignments__supervisor__user=user).distinct()
    return Project.objects.filter(site__pdu__region__in=region_ids(user))


def _sites(user: User, role: str) -> QuerySet:
    if role == Role.ADMIN:
        return Site.objects.all()
    if role == Role.PARTNER:
        return Site.objects.filter(organisation_id=partner_organisation_id(user))
    return Site.objects.filter(pdu__region__in=region_ids(user))


def _organisations(user: User, role: str) -> QuerySet:
    if role == Role.ADMIN:
        return PartnerOrganisation.objects.all()
    if role == Role.PARTNER:
        return PartnerOrganisation.objects.filter(id=partner_organisation_id(user))
    # A coordinator sees local partners of their regions and national partners with a site there.
    regions = region_ids(user)
    return PartnerOrganisation.objects.filter(
        id__in=Site.objects.filter(pdu__region__in=regions).values("organisation_id")
    ) | PartnerOrganisation.objects.filter(region__in=regions)


def _nominations(user: User, role: str) -> QuerySet:
    if role == Role.ADMIN:
        return Nomination.objects.all()
    # Public nominations that could not be placed in a region are every coordinator's to triage.
    return Nomination.objects.filter(region__in=region_ids(user)) | Nomination.objects.filter(region__isnull=True)


def register_scopes() -> None:
    register(
        Project, frozenset({Role.COORDINATOR, Role.ADMIN, Role.PARTNER, Role.SUPERVISOR, Role.NATIONAL_LEAD}), _projects
    )
    register(Site, frozenset({Role.COORDINATOR, Role.ADMIN, Role.PARTNER}), _sites)
    register(PartnerOrganisation, frozenset({Role.COORDINATOR, Role.ADMIN, Role.PARTNER}), _organisations)
    register(Nomination, OFFICE_ROLES, _nominations)
