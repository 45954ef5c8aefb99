"""upw.core.combined_writes: rows queued as model instances are written as the ORM's saves would
write them, in one statement on PostgreSQL, and all or nothing."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from tests import factories as f
from upw.core.combined_writes import Writes
from upw.models import AttendanceRecord, HoursLedgerEntry, LedgerEntryKind, RequirementStatus
from upw.models.attendance_sync import SyncAction

pytestmark = pytest.mark.django_db


def history_values(record) -> dict:
    """A history row's tracked values and kind, without its own id and date."""
    row = record.history.order_by("history_id").values().last()
    return {k: v for k, v in row.items() if k not in ("history_id", "history_date")}


def test_an_attendance_its_history_and_its_credit_are_written_as_the_orm_would():
    user = f.UserFactory()
    by_orm, by_batch = f.AllocationFactory(), f.AllocationFactory()
    saved = AttendanceRecord(allocation=by_orm, outcome="ATTC", penalty_minutes=5, recorded_by=user)
    saved._history_user = user
    saved.save()

    queued = AttendanceRecord(allocation=by_batch, outcome="ATTC", penalty_minutes=5, recorded_by=user)
    queued._history_user = user
    credit = HoursLedgerEntry(
        requirement=by_batch.requirement, kind=LedgerEntryKind.CREDIT, minutes=420, attendance=queued, reason="r"
    )
    writes = Writes()
    writes.insert(queued)
    writes.history(queued, created=True)
    writes.insert(credit)
    with CaptureQueriesContext(connection) as captured:
        writes.flush()

    if connection.vendor == "postgresql":
        assert len(captured.captured_queries) == 1
    assert queued.pk and credit.pk and credit.attendance_id == queued.pk
    stored = AttendanceRecord.objects.get(pk=queued.pk)
    assert (stored.outcome, stored.penalty_minutes, stored.recorded_by_id) == ("ATTC", 5, user.pk)
    assert HoursLedgerEntry.objects.get(pk=credit.pk).attendance_id == queued.pk
    expected = history_values(saved) | {"id": queued.pk, "allocation_id": by_batch.pk}
    assert history_values(stored) == expected
    assert history_values(stored)["history_type"] == "+"


def test_an_update_writes_only_the_fields_named_and_its_history_row_records_the_change():
    requirement = f.RequirementFactory(status=RequirementStatus.UNALLOCATED)
    rows_before = requirement.history.count()
    requirement.status, requirement.minutes_credited = RequirementStatus.IN_PROGRESS, 60
    requirement.court = "not written"
    writes = Writes()
    writes.update(requirement, ["status", "minutes_credited"])
    writes.history(requirement, created=False)
    writes.flush()

    requirement.refresh_from_db()
    assert (requirement.status, requirement.minutes_credited) == (RequirementStatus.IN_PROGRESS, 60)
    assert requirement.court != "not written"
    assert requirement.history.count() == rows_before + 1
    assert requirement.history.first().history_type == "~"


def action_under_key(key: str, allocation, user, kind: str, client_at: str) -> SyncAction:
    return SyncAction(key=key, user=user, allocation=allocation, kind=kind, client_at=client_at, status="applied")


def test_a_broken_constraint_writes_nothing_of_the_batch():
    allocation, user = f.AllocationFactory(), f.UserFactory()
    action_under_key("taken-key-1", allocation, user, "check_in", "2026-01-05T09:00Z").save()
    attendance = AttendanceRecord(allocation=allocation, outcome="ATTC")
    writes = Writes()
    writes.insert(attendance)
    writes.insert(action_under_key("taken-key-1", allocation, user, "outcome", "2026-01-05T16:00Z"))
    with pytest.raises(IntegrityError), transaction.atomic():
        writes.flush()
    assert not AttendanceRecord.objects.filter(allocation=allocation).exists()
    assert SyncAction.objects.filter(key="taken-key-1").count() == 1
