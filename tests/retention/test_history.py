import datetime as dt

import pytest

from partners.models import PartnerMembership
from tests import factories as f
from upw.models import AttendanceRecord, EnforcementAction, Role, Session, Supervisor, User


def test_a_role_change_is_in_the_users_history(db):
    user = f.UserFactory(username="cora", role=Role.COORDINATOR)

    user.role = Role.ADMIN
    user.save()

    roles = list(User.history.filter(id=user.pk).order_by("history_date").values_list("role", flat=True))
    assert roles[-2:] == [Role.COORDINATOR, Role.ADMIN]
    change = User.history.filter(id=user.pk).latest("history_date")
    assert [c.field for c in change.diff_against(change.prev_record).changes] == ["role"]


def test_a_region_change_is_in_the_users_history(db):
    north_east, wales = f.RegionFactory(code="north-east"), f.RegionFactory(code="wales")
    user = f.UserFactory(username="cora", regions=[north_east])

    user.regions.add(wales)

    latest = User.history.filter(id=user.pk).latest("history_date")
    assert {row.region_id for row in latest.regions.all()} == {north_east.pk, wales.pk}


def test_deactivating_a_user_is_in_their_history(db):
    user = f.UserFactory(username="cora")

    user.is_active = False
    user.save()

    assert User.history.filter(id=user.pk).latest("history_date").is_active is False


def test_the_password_hash_is_never_kept_in_history(db):
    assert "password" not in {field.name for field in User.history.model._meta.fields}


def test_signing_in_adds_no_history_row(db, client):
    user = f.UserFactory(username="cora")
    rows = User.history.filter(id=user.pk).count()

    client.force_login(user)

    assert User.history.filter(id=user.pk).count() == rows


@pytest.mark.parametrize(
    "model, make, change",
    [
        (Session, lambda: f.SessionFactory(), {"capacity": 4}),
        (Supervisor, lambda: f.SupervisorFactory(), {"active": False}),
        (PartnerMembership, lambda: f.MembershipFactory(), {"is_organisation_admin": True}),
        (
            AttendanceRecord,
            lambda: AttendanceRecord.objects.create(
                allocation=f.AllocationFactory(session__date=dt.date(2026, 11, 2)), outcome="ATTC"
            ),
            {"outcome": "UACP"},
        ),
        (
            EnforcementAction,
            lambda: EnforcementAction.objects.create(requirement=f.RequirementFactory(), kind="first_warning"),
            {"letter_text": "Dear Alex"},
        ),
    ],
)
def test_changes_are_recorded_in_history(db, model, make, change):
    record = make()
    for field, value in change.items():
        setattr(record, field, value)
    record.save()

    versions = model.history.filter(id=record.pk).order_by("history_date")
    assert [row.history_type for row in versions] == ["+", "~"]
    assert all(getattr(versions.last(), field) == value for field, value in change.items())
