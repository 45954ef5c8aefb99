"""Celery tasks: thin, take ids, call a service."""

from celery import shared_task

from upw.services.people import person_geocode


@shared_task
def geocode_person(person_id: int) -> dict:
    person = person_geocode(person_id=person_id)
    return {"crn": person.crn, "latitude": person.latitude, "longitude": person.longitude}
