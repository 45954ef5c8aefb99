"""A CSV import writes in bulk, and what it writes is what recording the orders one at a time wrote."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from simple_history.models import HistoricalRecords

from tests import factories as f
from tests.intake.conftest import csv_file, row
from upw.core.access import intake_pdus
from upw.intake import services as intake
from upw.intake.csv_import import parse_orders
from upw.models import ImportBatch, Person, Requirement

pytestmark = pytest.mark.django_db


def _days_ago(days: int) -> str:
    return (timezone.localdate() - dt.timedelta(days=days)).isoformat()


def _mixed_file(world) -> bytes:
    """New people, a person with a concurrent and an additional order linked in the same file (the
    second one sentenced earlier), a known person who is inducted, and an order recorded already."""
    return csv_file(
        row(crn="K100001", order="UPW/1", sentence=_days_ago(3)),
        row(crn="K100001", order="UPW/2", sentence=_days_ago(10), concurrency="concurrent", linked="UPW/1"),
        row(crn="K100001", order="UPW/3", sentence=_days_ago(2), hours="100", concurrency="additional"),
        row(crn="K100001", order="UPW/4", sentence=_days_ago(1), concurrency="concurrent"),
        row(crn="K100002", order="UPW/1", first_name="Megan", gender="F", postcode="NE1 4ST"),
        row(
            crn="A123456",
            order="NEW/1",
            first_name="Alex",
            last_name="Jones",
            dob="1990-01-01",
            concurrency="concurrent",
        ),
        row(
            crn="A123456",
            order="NEW/2",
            first_name="Alex",
            last_name="Jones",
            dob="1990-01-01",
            concurrency="concurrent",
        ),
        row(
            crn="A123456",
            order=world.alex_requirement.order_reference,
            first_name="Alex",
            last_name="Jones",
            dob="1990-01-01",
            sentence=world.alex_requirement.sentence_date.isoformat(),
            hours=str(world.alex_requirement.hours_ordered),
        ),
    )


def _import_one_by_one(user, content: bytes) -> ImportBatch:
    """The loop the import ran before it wrote in bulk (one _record per row), as a web request ran it:
    the reference the bulk import must match."""
    today = timezone.localdate()
    parsed = parse_orders(content, today=today)
    assert parsed.ok and not intake.check_orders(orders=parsed.orders, pdus=intake_pdus(user), user=user)
    places = intake._places(parsed.orders)
    batch = ImportBatch(rows=parsed.rows)
    HistoricalRecords.context.request = SimpleNamespace(user=user)
    try:
        for order in parsed.orders:
            result = intake._record(order=order, by=user, place=places[order.postcode], today=today)
            if result.created:
                batch.requirements_created += 1
                batch.people_created += int(result.person_created)
                batch.created.append([order.line, order.crn, order.order_reference])
            else:
                batch.rows_skipped += 1
                batch.skipped.append(
                    [order.line, intake.ALREADY_RECORDED.format(crn=order.crn, reference=order.order_reference)]
                )
    finally:
        del HistoricalRecords.context.request
    return batch


def _what_was_written(before_person: int, before_requirement: int, batch: ImportBatch) -> dict:
    people = Person.objects.filter(id__gt=before_person).order_by("id")
    requirements = Requirement.objects.filter(id__gt=before_requirement).select_related("person").order_by("id")
    key = {r.id: (r.person.crn, r.order_reference) for r in Requirement.objects.select_related("person")}
    ignored = {"id", "created_at", "updated_at", "skills"}
    return {
        "people": [{k: v for k, v in model_to_dict(p).items() if k not in ignored} for p in people],
        "requirements": [
            {
                **{k: v for k, v in model_to_dict(r).items() if k not in ignored | {"person", "concurrent_with"}},
                "crn": r.person.crn,
                "concurrent_with": key.get(r.concurrent_with_id),
            }
            for r in requirements
        ],
        "history": sorted(
            [
                ("person", h.crn, h.history_type, h.history_user_id, h.latitude)
                for h in Person.history.filter(id__gt=before_person)
            ]
            + [
                ("requirement", h.order_reference, h.history_type, h.history_user_id, key.get(h.concurrent_with_id))
                for h in Requirement.history.filter(id__gt=before_requirement)
            ]
        ),
        "batch": (
            batch.rows,
            batch.requirements_created,
            batch.people_created,
            batch.rows_skipped,
            batch.created,
            batch.skipped,
        ),
    }


class _Undo(Exception):
    pass


def test_the_bulk_import_writes_what_recording_one_order_at_a_time_wrote(world, districts):
    content = _mixed_file(world)
    before = (Person.objects.order_by("-id").first().id, Requirement.objects.order_by("-id").first().id)
    try:
        with transaction.atomic():
            one_by_one = _what_was_written(*before, _import_one_by_one(world.cora, content))
            raise _Undo
    except _Undo:
        pass
    outcome = intake.orders_import(content=content, file_name="a.csv", by=world.cora, pdus=intake_pdus(world.cora))
    assert outcome.ok, outcome.errors
    in_bulk = _what_was_written(*before, outcome.batch)

    assert in_bulk == one_by_one
    # The file exercised the rules it is meant to: links within the file and to recorded orders,
    # an inherited induction, a skipped row.
    requirements = {(r["crn"], r["order_reference"]): r for r in in_bulk["requirements"]}
    assert requirements["K100001", "UPW/2"]["concurrent_with"] == ("K100001", "UPW/1")
    assert requirements["K100001", "UPW/3"]["concurrent_with"] == ("K100001", "UPW/1")
    assert requirements["K100001", "UPW/4"]["concurrent_with"] == ("K100001", "UPW/1")
    alex_order = ("A123456", world.alex_requirement.order_reference)
    assert requirements["A123456", "NEW/1"]["concurrent_with"] == alex_order
    assert requirements["A123456", "NEW/2"]["induction_completed_on"] == world.alex_requirement.induction_completed_on
    assert outcome.batch.rows_skipped == 1 and outcome.batch.people_created == 2
    assert {h[3] for h in in_bulk["history"]} == {world.cora.id}


def test_the_queries_grow_with_the_batches_written_not_with_the_rows(world, districts):
    def queries(rows: int, first: int) -> int:
        content = csv_file(*(row(crn=f"K{first + i:06d}", order=f"UPW/{i}") for i in range(rows)))
        with CaptureQueriesContext(connection) as captured:
            outcome = intake.orders_import(
                content=content, file_name="a.csv", by=world.cora, pdus=intake_pdus(world.cora)
            )
        assert outcome.ok, outcome.errors
        return len(captured)

    # One at a time it was 8 queries a row; in bulk, the inserts go in batches (SQLite's are smallest).
    few, many = queries(3, 200000), queries(60, 300000)
    assert few < 25 and many < few + 10


def test_one_bad_row_among_many_imports_nothing_and_every_bad_row_is_reported(world, districts):
    rows = [row(crn=f"K{500000 + i:06d}", order=f"UPW/{i}") for i in range(200)]
    rows[50] = row(crn="K500050", order="UPW/50", hours="12")
    rows[120] = row(crn="K500120", order="UPW/120", pdu="cardiff", postcode="CF10 1AA")
    before = (Person.objects.count(), Requirement.objects.count(), Person.history.count(), Requirement.history.count())
    outcome = intake.orders_import(
        content=csv_file(*rows), file_name="a.csv", by=world.cora, pdus=intake_pdus(world.cora)
    )
    assert [e.line for e in outcome.errors] == [52, 122]
    assert "hours_ordered" in outcome.errors[0].reason and "your regions" in outcome.errors[1].reason
    after = (Person.objects.count(), Requirement.objects.count(), Person.history.count(), Requirement.history.count())
    assert after == before
    assert not ImportBatch.objects.exists()


def test_a_person_recorded_in_another_region_since_the_checks_stops_the_whole_import(world, districts, monkeypatch):
    content = csv_file(row(crn="K100001"), row(crn="K100002", order="UPW/2"))
    checks = intake.check_orders

    def checks_then_someone_records_k100002(**kwargs):
        errors = checks(**kwargs)
        if not Person.objects.filter(crn="K100002").exists():
            f.PersonFactory(crn="K100002", pdu=world.cardiff, date_of_birth=dt.date(1994, 6, 12))
        return errors

    monkeypatch.setattr(intake, "check_orders", checks_then_someone_records_k100002)
    outcome = intake.orders_import(content=content, file_name="a.csv", by=world.cora, pdus=intake_pdus(world.cora))
    assert [(e.line, e.reason) for e in outcome.errors] == [(3, intake.HELD_BY_ANOTHER_REGION)]
    assert not Person.objects.filter(crn="K100001").exists()
