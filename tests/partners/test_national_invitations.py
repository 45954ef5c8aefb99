"""Adding people to a national partner: its users see its projects and sessions in every region, so
only an administrator or the organisation's own administrators may add them, never a coordinator."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.html import escape

from partners.models import Invitation, OrganisationKind
from partners.organisations import services
from tests import factories as f
from upw.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def national(world):
    """Canal & River Trust, a national partner with a site in Cora's region and a project in Wales."""
    organisation = f.OrganisationFactory(name="Canal & River Trust", kind=OrganisationKind.NATIONAL, region=None)
    f.SiteFactory(organisation=organisation, pdu=world.newcastle)
    f.ProjectFactory(organisation=organisation, site__pdu=world.cardiff, name="Brecon canal towpath")
    return organisation


def test_a_coordinator_cannot_invite_anyone_into_a_national_partner(world, national, mailoutbox):
    with pytest.raises(PermissionDenied, match=services.NATIONAL_NEEDS_ADMINISTRATOR):
        services.invitation_create(
            organisation=national, email="kim@example.org", invited_by=world.cora, is_organisation_admin=True
        )
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_the_coordinators_page_says_who_can_invite_and_refuses_the_form(client, world, national):
    client.force_login(world.cora)
    url = f"/review/organisations/{national.pk}/invite/"
    page = client.get(url)
    assert page.status_code == 200
    assert escape(services.NATIONAL_NEEDS_ADMINISTRATOR) in page.content.decode()
    assert b"Send invitation" not in page.content
    r = client.post(url, {"email": "kim@example.org", "is_organisation_admin": "on"})
    assert r.status_code == 403
    assert not Invitation.objects.exists()


def test_an_administrator_can_invite_into_a_national_partner(client, world, national):
    client.force_login(world.admin)
    r = client.post(f"/review/organisations/{national.pk}/invite/", {"email": "kim@example.org"})
    assert r.status_code == 302
    assert Invitation.objects.get().organisation == national


def test_the_national_partners_own_administrator_can_invite_colleagues(client, world, national):
    lead = f.MembershipFactory(organisation=national, is_organisation_admin=True).user
    client.force_login(lead)
    r = client.post("/partner/colleagues/", {"email": "kim@example.org"})
    assert r.status_code == 302
    assert Invitation.objects.get().invited_by == lead


def test_a_coordinator_still_invites_into_a_local_partner_of_their_region(world):
    invitation, _ = services.invitation_create(organisation=world.org_a, email="kim@example.org", invited_by=world.cora)
    assert invitation.organisation == world.org_a


def test_a_coordinators_pending_invitation_into_a_national_partner_no_longer_works(client, world, national):
    # Sent before the rule: the link must not make an account that sees every region's sessions.
    Invitation.objects.create(
        organisation=national,
        email="kim@example.org",
        is_organisation_admin=True,
        token_hash=hashlib.sha256(b"old-link").hexdigest(),
        invited_by=world.cora,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    password = "a-long-password-9"
    r = client.post(
        "/partner/invitation/old-link/",
        {"first_name": "Kim", "last_name": "Lee", "password": password, "password_again": password},
    )
    assert r.status_code == 410
    assert services.INVITATION_INVALID in r.content.decode()
    assert not User.objects.filter(email="kim@example.org").exists()


def test_a_coordinator_cannot_deactivate_a_national_partners_user(world, national):
    member = f.MembershipFactory(organisation=national).user
    with pytest.raises(PermissionDenied):
        services.member_set_active(member=member, by=world.cora, active=False)
    member.refresh_from_db()
    assert member.is_active and member.role == Role.PARTNER
