import html

import pytest
from django.urls import reverse

from upw.models import AttendanceRecord, PersonErasure
from upw.retention.services import LIVE_ORDER, REASON_REQUIRED

pytestmark = pytest.mark.pin_clock("2026-12-07T09:00")


@pytest.fixture
def admin(client, people):
    client.force_login(people.ada)
    return client


def test_attendance_cannot_be_added_in_the_admin(admin):
    assert admin.get(reverse("admin:upw_attendancerecord_add")).status_code == 403


def test_attendance_cannot_be_changed_in_the_admin(admin, people):
    url = reverse("admin:upw_attendancerecord_change", args=[people.olu.attendance.pk])

    response = admin.post(url, {"outcome": "UACP", "allocation": people.olu.attendance.allocation_id})

    assert response.status_code == 403
    assert AttendanceRecord.objects.get(pk=people.olu.attendance.pk).outcome == "ATTC"


def test_attendance_cannot_be_deleted_in_the_admin(admin, people):
    url = reverse("admin:upw_attendancerecord_delete", args=[people.olu.attendance.pk])

    assert admin.post(url, {"post": "yes"}).status_code == 403
    assert AttendanceRecord.objects.filter(pk=people.olu.attendance.pk).exists()


def erase(client, *people, follow=False, **data):
    ids = [person.pk for person in people]
    data = {"action": "erase", "_selected_action": ids, **data}
    return client.post(reverse("admin:upw_person_changelist"), data, follow=follow)


def test_the_admin_asks_why_before_erasing(admin, people):
    response = erase(admin, people.olu.person)

    assert response.status_code == 200
    assert b"Why is this personal data being erased?" in response.content
    assert not PersonErasure.objects.exists()


def test_the_admin_erases_with_a_reason_and_records_who(admin, people):
    response = erase(admin, people.olu.person, confirm="yes", reason="Subject access: erasure agreed")

    assert response.status_code == 302
    erasure = PersonErasure.objects.get()
    assert (erasure.person_id, erasure.erased_by, erasure.reason) == (
        people.olu.person.pk,
        people.ada,
        "Subject access: erasure agreed",
    )


def test_the_admin_says_a_reason_is_needed(admin, people):
    response = erase(admin, people.olu.person, confirm="yes", reason="")

    assert REASON_REQUIRED in html.unescape(response.content.decode())
    assert not PersonErasure.objects.exists()


def test_the_admin_says_why_a_person_with_a_running_order_was_not_erased(admin, people):
    people.tomas.requirement.status = "in_progress"
    people.tomas.requirement.deadline = people.tomas.requirement.deadline.replace(year=2027)
    people.tomas.requirement.save()

    response = erase(admin, people.tomas.person, confirm="yes", reason="Asked", follow=True)

    assert LIVE_ORDER in html.unescape(response.content.decode())
    assert not PersonErasure.objects.exists()
