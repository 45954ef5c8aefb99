"""Celery tasks: thin, take ids, call a service."""

from celery import shared_task

from upw.services.people import person_geocode


@shared_task
def geocode_person(person_id: int) -> dict:
    person = person_geocode(person_id=person_id)
    return {"crn": person.crn, "latitude": person.latitude, "longitude": person.longitude}


# Attendance tasks (issue 5) live in their own module; imported here so Celery's autodiscovery finds them.
from upw.attendance_tasks import refresh_pace_flags, send_session_reminders  # noqa: E402, F401
