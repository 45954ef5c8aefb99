import datetime as dt

import pytest

from tests import factories as f
from upw.models import AttendanceRecord, ErasureTrigger, HoursLedgerEntry, Person, PersonErasure, Requirement
from upw.retention import services
from upw.retention.tasks import anonymise_people_past_retention

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")


def test_the_nightly_task_erases_only_people_whose_every_order_ended_past_retention(people):
    counts = anonymise_people_past_retention()

    assert counts["people"] == 1
    olu = Person.objects.get(pk=people.olu.person.pk)
    assert olu.crn.startswith("~") and olu.first_name == "Erased" and olu.email == ""
    assert Person.objects.get(pk=people.tomas.person.pk).first_name == "Tomas"
    erasure = PersonErasure.objects.get()
    assert (erasure.person_id, erasure.trigger, erasure.erased_by) == (olu.pk, ErasureTrigger.RETENTION, None)


def test_a_person_with_one_recent_order_among_old_ones_is_kept(people):
    f.RequirementFactory(person=people.olu.person, sentence_date=dt.date(2021, 1, 4), deadline=dt.date(2022, 1, 4))

    assert anonymise_people_past_retention()["people"] == 0


def test_a_second_run_erases_nobody_again(people):
    anonymise_people_past_retention()

    assert anonymise_people_past_retention()["people"] == 0
    assert PersonErasure.objects.count() == 1


def test_no_retention_years_turns_erasure_off(people, settings):
    settings.UPW_RETENTION_YEARS_AFTER_ORDER_END = 0

    assert anonymise_people_past_retention()["people"] == 0


def test_erasure_leaves_the_hours_ledger_and_totals_as_they_were(people):
    requirement = people.olu.requirement
    before = list(HoursLedgerEntry.objects.filter(requirement=requirement).values_list("pk", "minutes", "reason"))
    credited = Requirement.objects.get(pk=requirement.pk).minutes_credited

    anonymise_people_past_retention()

    after = list(HoursLedgerEntry.objects.filter(requirement=requirement).values_list("pk", "minutes", "reason"))
    assert after == before
    assert Requirement.objects.get(pk=requirement.pk).minutes_credited == credited


def test_erasure_scrubs_the_persons_history_rows(people):
    olu = people.olu.person
    olu.phone = "07700 900999"
    olu.save()
    assert Person.history.filter(id=olu.pk, first_name="Olu").count() == 2

    anonymise_people_past_retention()

    history = Person.history.filter(id=olu.pk)
    assert history.count() == 2
    assert not history.filter(first_name="Olu").exists()
    assert not history.exclude(phone="").exists()
    assert not history.filter(crn="B100001").exists()


def test_erasure_scrubs_attendance_notes_and_their_history(people):
    attendance = people.olu.attendance
    attendance.notes += " (updated)"
    attendance.save()

    anonymise_people_past_retention()

    assert AttendanceRecord.objects.get(pk=attendance.pk).notes == ""
    assert set(AttendanceRecord.history.filter(id=attendance.pk).values_list("notes", flat=True)) == {""}
    assert AttendanceRecord.objects.get(pk=people.tomas.attendance.pk).notes.startswith("Tomas")


def test_erasure_on_request_is_recorded_with_who_and_why(people):
    erasure = services.erase_person(person=people.olu.person, reason="Duplicate record", by=people.ada)

    assert (erasure.trigger, erasure.reason, erasure.erased_by) == (
        ErasureTrigger.REQUEST,
        "Duplicate record",
        people.ada,
    )
    assert erasure.rows_scrubbed["people"] == 1


def test_erasure_on_request_needs_a_reason(people):
    with pytest.raises(services.ErasureError, match=services.REASON_REQUIRED):
        services.erase_person(person=people.olu.person, reason="  ", by=people.ada)


def test_a_person_with_an_order_still_running_is_not_erased_on_request(db):
    person = f.PersonFactory()
    f.RequirementFactory(person=person)

    with pytest.raises(services.ErasureError, match=services.LIVE_ORDER):
        services.erase_person(person=person, reason="Asked to be forgotten", by=None)
    assert not PersonErasure.objects.exists()


def test_a_person_is_erased_only_once(people):
    services.erase_person(person=people.olu.person, reason="Duplicate record", by=people.ada)

    with pytest.raises(services.ErasureError, match=services.ALREADY_ERASED):
        services.erase_person(person=people.olu.person, reason="Again", by=people.ada)


def test_erasure_scrubs_why_an_order_was_paused_and_its_court_references(people):
    from upw.models import OrderEvent

    requirement = people.olu.requirement
    OrderEvent.objects.create(
        requirement=requirement,
        kind="pause",
        effective_on=requirement.sentence_date,
        status_before="in_progress",
        status_after="paused",
        deadline_before=requirement.deadline,
        deadline_after=requirement.deadline,
        pause_reason="illness",
        court_reference="T2019/77",
        reason="Olu was admitted to the RVI with a psychotic episode",
    )

    anonymise_people_past_retention()

    event = OrderEvent.objects.get(requirement=requirement)
    assert "Olu" not in event.reason and event.court_reference == ""
