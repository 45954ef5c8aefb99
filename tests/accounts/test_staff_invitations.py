"""Inviting members of staff by email: administrators invite anyone, coordinators supervisors in their
own regions; the link (single use, expiring) leads to "Create your password", then to the second factor."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests import factories as f
from upw.accounts import services
from upw.models import Office, Role, StaffInvitation, User

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")

NEW_PASSWORD = "a-long-new-passphrase"


def invite(client, capture, **fields):
    data = {"first_name": "Sue", "last_name": "Pervisor", "email": "sue@example.org", "role": Role.SUPERVISOR}
    office = Office.objects.filter(pdu__code="newcastle").first()
    data.update(gender="female", base_office=office.pk if office else "")
    data.update(fields)
    with capture(execute=True):
        return client.post("/account/invitations/", data, follow=True)


def link_in(mail) -> str:
    (link,) = re.findall(r"https?://\S+", mail.body)
    return link.removeprefix("http://127.0.0.1:8000")


def test_an_administrator_invites_a_coordinator_who_creates_a_password_and_signs_in(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.admin)
    r = invite(
        client,
        django_capture_on_commit_callbacks,
        email="Kim@Example.org",
        first_name="Kim",
        role=Role.COORDINATOR,
        regions=[world.wales.pk],
    )
    assert b"An invitation has been sent to" in r.content
    (mail,) = mailoutbox
    assert mail.to == ["kim@example.org"]
    assert "as a placement coordinator" in mail.body
    client.logout()

    page = client.get(link_in(mail))
    assert b"Create your password" in page.content
    r = client.post(link_in(mail), {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}, follow=True)
    assert r.status_code == 200
    kim = User.objects.get(email="kim@example.org")
    assert (kim.username, kim.first_name, kim.role) == ("kim@example.org", "Kim", Role.COORDINATOR)
    assert list(kim.regions.all()) == [world.wales]
    assert client.get("/account/").status_code == 200
    invitation = StaffInvitation.objects.get()
    assert invitation.accepted_user == kim
    assert invitation.history.first().accepted_at is not None
    assert invitation.history.last().history_user == world.admin
    client.logout()
    assert client.post("/login/", {"username": "kim@example.org", "password": NEW_PASSWORD}).status_code == 302


def test_a_coordinator_invites_a_supervisor_into_their_own_region(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.cora)
    page = client.get("/account/invitations/")
    assert b"Placement coordinator" not in page.content
    assert b"Wales" not in page.content
    invite(client, django_capture_on_commit_callbacks, regions=[world.north_east.pk])
    invitation = StaffInvitation.objects.get()
    assert (invitation.role, list(invitation.regions.all())) == (Role.SUPERVISOR, [world.north_east])
    assert len(mailoutbox) == 1


def test_a_coordinator_cannot_invite_an_administrator_or_a_coordinator(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.cora)
    for role in (Role.ADMIN, Role.COORDINATOR):
        r = invite(client, django_capture_on_commit_callbacks, role=role, regions=[world.north_east.pk])
        assert b"govuk-error-summary" in r.content
        assert b"Select a role you can invite: coordinators can invite supervisors only" in r.content
    assert not StaffInvitation.objects.exists()
    assert mailoutbox == []
    with pytest.raises(ValidationError, match="coordinators can invite supervisors only"):
        services.invite_staff(
            by=world.cora, email="x@example.org", first_name="X", last_name="Y", role=Role.ADMIN, regions=[]
        )


def test_a_coordinator_cannot_invite_into_another_region(client, world, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(world.cora)
    r = invite(client, django_capture_on_commit_callbacks, regions=[world.wales.pk])
    assert b"Select only regions you work in" in r.content
    with pytest.raises(ValidationError, match="Select only regions you work in"):
        services.invite_staff(
            by=world.cora,
            email="x@example.org",
            first_name="X",
            last_name="Y",
            role=Role.SUPERVISOR,
            regions=[world.wales],
        )
    assert not StaffInvitation.objects.exists()
    assert mailoutbox == []


def test_a_supervisor_or_partner_cannot_open_the_invitation_page(client, world):
    for user in (world.sam, world.pat):
        client.force_login(user)
        assert client.get("/account/invitations/").status_code == 403


def test_a_region_is_needed_and_an_existing_address_is_refused(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.admin)
    r = invite(client, django_capture_on_commit_callbacks)
    assert b"Select at least one region" in r.content
    r = invite(client, django_capture_on_commit_callbacks, email="CORA@example.org", regions=[world.wales.pk])
    assert b"An account with this email address already exists" in r.content
    assert not StaffInvitation.objects.exists()


def test_an_invitation_works_once(client, world, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(world.cora)
    invite(client, django_capture_on_commit_callbacks, regions=[world.north_east.pk])
    client.logout()
    link = link_in(mailoutbox[0])
    client.post(link, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert b"This invitation has already been used. Sign in instead." in again.content
    assert User.objects.filter(email="sue@example.org").count() == 1


def test_an_expired_invitation_is_refused_with_a_clear_message(
    client, world, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.UPW_INVITATION_DAYS = 7
    client.force_login(world.cora)
    invite(client, django_capture_on_commit_callbacks, regions=[world.north_east.pk])
    client.logout()
    link = link_in(mailoutbox[0])
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, minutes=1), tick=False):
        late = client.post(link, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert late.status_code == 410
    assert b"This invitation has expired. Ask the person who invited you to send a new one." in late.content
    assert not User.objects.filter(email="sue@example.org").exists()


def test_a_withdrawn_invitation_or_a_made_up_link_is_refused(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.cora)
    invite(client, django_capture_on_commit_callbacks, regions=[world.north_east.pk])
    client.post(f"/account/invitations/{StaffInvitation.objects.get().pk}/withdraw/")
    client.logout()
    assert b"This invitation link is not valid" in client.get(link_in(mailoutbox[0])).content
    assert client.get("/login/invitation/made-up/").status_code == 410


def test_the_password_must_pass_the_rules(client, world, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(world.cora)
    invite(client, django_capture_on_commit_callbacks, regions=[world.north_east.pk])
    client.logout()
    link = link_in(mailoutbox[0])
    r = client.post(link, {"password": "pervisor1", "password_again": "pervisor1"})
    assert b"Your password must not be like your name, username or email address" in r.content
    r = client.post(link, {"password": "short", "password_again": "short"})
    assert b"Your password must be at least 8 characters long" in r.content
    assert not User.objects.filter(email="sue@example.org").exists()


def test_an_invitation_from_someone_who_has_since_lost_the_right_is_refused(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.cora)
    invite(client, django_capture_on_commit_callbacks, regions=[world.north_east.pk])
    client.logout()
    world.cora.regions.set([world.wales])
    r = client.post(link_in(mailoutbox[0]), {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert r.status_code == 410
    assert not User.objects.filter(email="sue@example.org").exists()


def test_a_coordinator_is_taken_to_set_up_the_second_factor_after_creating_a_password(
    client, world, second_factor_on, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_staff(
            by=world.admin,
            email="kim@example.org",
            first_name="Kim",
            last_name="Lee",
            role=Role.COORDINATOR,
            regions=[world.wales],
        )
    r = client.post(link_in(mailoutbox[0]), {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}, follow=True)
    assert r.redirect_chain[-1][0].startswith("/login/set-up-app/")
    assert b"Set up an authenticator app" in r.content


def test_an_invited_supervisor_gets_a_profile_the_rota_can_use(client, world, mailoutbox):
    office = world.sam.supervisor.base_office
    _, raw = services.invite_staff(
        by=world.cora,
        email="tess@example.org",
        first_name="Tess",
        last_name="Hall",
        role=Role.SUPERVISOR,
        regions=[world.north_east],
        base_office=office,
        gender="female",
    )
    user = services.accept_staff_invitation(raw=raw, password="a long unusual passphrase 42")
    assert user.supervisor.base_office == office
    assert user.supervisor.gender == "female"


def test_a_supervisor_invitation_needs_an_office_in_the_chosen_regions_and_a_gender(world):
    cardiff_office = f.OfficeFactory(pdu=world.cardiff)
    with pytest.raises(ValidationError) as refused:
        services.invite_staff(
            by=world.admin,
            email="tom@example.org",
            first_name="Tom",
            last_name="Rees",
            role=Role.SUPERVISOR,
            regions=[world.north_east],
            base_office=cardiff_office,
        )
    assert refused.value.message_dict["base_office"] == ["Select an office in one of the regions you chose"]
    assert refused.value.message_dict["gender"] == ["Select the supervisor's gender"]
