"""Celery tasks of people: thin, take ids, call a service."""

from celery import shared_task

from upw.people.services import person_geocode


# Task names are the wire format between web processes and workers: kept as they were first named.
@shared_task(name="upw.tasks.geocode_person")
def geocode_person(person_id: int) -> dict:
    person = person_geocode(person_id=person_id)
    return {"crn": person.crn, "latitude": person.latitude, "longitude": person.longitude}
