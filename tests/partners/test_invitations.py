"""Inviting partner users: single-use, expiring links, and partner admins managing colleagues."""

import datetime as dt
import re

import pytest
import time_machine
from django.utils import timezone

from partners.models import Invitation, PartnerMembership
from partners.organisations import services
from upw.core.tokens import issue_token, user_for_token
from upw.models import Role, User

pytestmark = pytest.mark.django_db

ACCEPT = {
    "first_name": "Robin",
    "last_name": "Hall",
    "password": "a-long-password-9",
    "password_again": "a-long-password-9",
}


def invite(places, by=None, email="robin@example.org", admin=False):
    return services.invitation_create(
        organisation=places.org_a, email=email, invited_by=by or places.cora, is_organisation_admin=admin
    )


def test_a_coordinator_invites_by_email_with_a_link(client, places, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(places.cora)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            f"/review/organisations/{places.org_a.pk}/invite/",
            {"email": "Robin@Example.org", "is_organisation_admin": "on"},
        )
    assert r.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.is_organisation_admin, invitation.invited_by) == (
        "robin@example.org",
        True,
        places.cora,
    )
    (mail,) = mailoutbox
    assert mail.to == ["robin@example.org"]
    token = re.search(r"/partner/invitation/([\w-]+)/", mail.body).group(1)
    assert invitation.token_hash != token  # only a hash is stored
    assert len(invitation.token_hash) == 64


def test_it_creates_the_account_and_membership_and_signs_in(client, places):
    _, token = invite(places)
    r = client.post(f"/partner/invitation/{token}/", ACCEPT)
    assert r.status_code == 302
    assert r.url == "/partner/"
    user = User.objects.get(email="robin@example.org")
    assert (user.role, user.partner_membership.organisation) == (Role.PARTNER, places.org_a)
    assert client.get("/partner/").status_code == 200


def test_the_link_works_once(client, places):
    _, token = invite(places)
    client.post(f"/partner/invitation/{token}/", ACCEPT)
    client.logout()
    r = client.get(f"/partner/invitation/{token}/")
    assert r.status_code == 410
    assert services.INVITATION_USED.encode() in r.content
    assert User.objects.filter(email="robin@example.org").count() == 1


def test_the_link_expires(client, places, settings):
    settings.UPW_INVITATION_DAYS = 7
    _, token = invite(places)
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, minutes=1)):
        r = client.post(f"/partner/invitation/{token}/", ACCEPT)
    assert r.status_code == 410
    assert services.INVITATION_EXPIRED.encode() in r.content
    assert not User.objects.filter(email="robin@example.org").exists()


def test_a_wrong_or_replaced_link_is_refused(client, places):
    _, first = invite(places)
    _, second = invite(places)
    assert client.get(f"/partner/invitation/{first}/").status_code == 410  # replaced by the second
    assert client.get("/partner/invitation/not-a-token/").status_code == 410
    assert client.get(f"/partner/invitation/{second}/").status_code == 200


def test_it_checks_the_password(client, places):
    _, token = invite(places)
    r = client.post(f"/partner/invitation/{token}/", {**ACCEPT, "password": "123", "password_again": "123"})
    assert r.status_code == 200
    assert r.context["form"].errors["password"]
    assert not User.objects.filter(email="robin@example.org").exists()


def test_a_coordinator_cannot_invite_to_an_organisation_outside_their_regions(client, places):
    client.force_login(places.nia)
    assert client.get(f"/review/organisations/{places.org_a.pk}/invite/").status_code == 404
    with pytest.raises(services.PermissionDenied):
        invite(places, by=places.nia)


def test_a_partner_admin_invites_colleagues_and_others_cannot(client, places):
    PartnerMembership.objects.filter(user=places.pat).update(is_organisation_admin=True)
    client.force_login(places.pat)
    assert client.post("/partner/colleagues/", {"email": "sky@example.org"}).status_code == 302
    assert Invitation.objects.get().organisation == places.org_a
    client.force_login(places.quinn)  # not an admin of organisation B
    assert client.post("/partner/colleagues/", {"email": "x@example.org"}).status_code == 403
    with pytest.raises(services.PermissionDenied):
        invite(places, by=places.quinn)


def test_it_refuses_an_address_that_already_has_an_account(places):
    with pytest.raises(services.ValidationError):
        invite(places, email=places.quinn.email)


def test_a_partner_admin_deactivates_a_colleague_after_confirming(client, places):
    PartnerMembership.objects.filter(user=places.pat).update(is_organisation_admin=True)
    _, token = invite(places)
    colleague = services.invitation_accept(raw=token, first_name="R", last_name="H", password="a-long-password-9")
    raw, _ = issue_token(user=colleague, name="script")
    client.force_login(places.pat)
    url = f"/partner/colleagues/{colleague.pk}/active/"
    assert b"Deactivate" in client.get(url).content  # the confirmation page
    colleague.refresh_from_db()
    assert colleague.is_active
    client.post(url)
    colleague.refresh_from_db()
    assert not colleague.is_active
    assert user_for_token(raw) is None


def test_a_partner_admin_cannot_touch_another_organisations_users(client, places):
    PartnerMembership.objects.filter(user=places.pat).update(is_organisation_admin=True)
    client.force_login(places.pat)
    assert client.post(f"/partner/colleagues/{places.quinn.pk}/active/").status_code == 404
    places.quinn.refresh_from_db()
    assert places.quinn.is_active


def test_a_partner_admin_cannot_deactivate_themselves(places):
    PartnerMembership.objects.filter(user=places.pat).update(is_organisation_admin=True)
    places.pat.refresh_from_db()
    with pytest.raises(services.PermissionDenied, match=services.CANNOT_DEACTIVATE_SELF):
        services.member_set_active(member=places.pat, by=places.pat, active=False)


def test_a_coordinator_adds_a_local_partner_in_their_region_then_invites(client, places):
    client.force_login(places.cora)
    r = client.post(
        "/review/organisations/", {"name": "Byker Allotments", "kind": "local", "region": places.north_east.pk}
    )
    org = places.org_a.__class__.objects.get(name="Byker Allotments")
    assert r.url == f"/review/organisations/{org.pk}/invite/"
    assert org.region == places.north_east
    r = client.post("/review/organisations/", {"name": "Cardiff Parks", "kind": "local", "region": places.wales.pk})
    assert "region" in r.context["form"].errors
    r = client.post("/review/organisations/", {"name": "byker allotments", "kind": "national"})
    assert r.context["form"].errors["name"] == [services.ORGANISATION_EXISTS]
    client.force_login(places.pat)
    assert client.post("/review/organisations/", {"name": "X", "kind": "national"}).status_code == 403
