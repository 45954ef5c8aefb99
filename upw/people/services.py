from upw.core.geocoding import geocode
from upw.models import Person


def person_geocode(*, person_id: int) -> Person:
    """Sets a person's coordinates from their postcode. Raises GeocodingError naming a bad postcode."""
    person = Person.objects.get(pk=person_id)
    result = geocode(person.postcode)
    person.postcode = result.postcode
    person.latitude, person.longitude = result.latitude, result.longitude
    person.save(update_fields=["postcode", "latitude", "longitude", "updated_at"])
    return person
