"""Postcode to coordinates, offline first.

The order is: the full postcode in PostcodeUnit; else its district's centroid in PostcodeDistrict
(a new or mistyped inward code still lands in the right town); else, only when
settings.GEOCODER_FALLBACK names a geopy service (e.g. "nominatim"), that online geocoder. Nothing
goes over the network unless an operator has switched it on.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from geopy.geocoders import get_geocoder_for_service

from upw.core import postcodes
from upw.core.postcodes import GeocodingError, InvalidPostcode
from upw.models import PostcodeDistrict, PostcodeUnit

__all__ = ["GeocodeResult", "GeocodingError", "InvalidPostcode", "Precision", "UnknownPostcode", "geocode"]

UNKNOWN_POSTCODE = 'Postcode "{postcode}" was not found'
GEOCODER_TIMEOUT_SECONDS = 10


class UnknownPostcode(GeocodingError):
    def __init__(self, postcode: str):
        self.postcode = postcode
        super().__init__(UNKNOWN_POSTCODE.format(postcode=postcode))


class Precision(StrEnum):
    POSTCODE = "postcode"  # the centroid of the postcode itself
    DISTRICT = "district"  # the mean of the district's postcodes: usually within a few km
    GEOCODER = "geocoder"  # whatever the online geocoder answered


@dataclass(frozen=True)
class GeocodeResult:
    postcode: str  # normalised, e.g. "NE1 1AD"
    latitude: float
    longitude: float
    precision: Precision


def geocode(postcode: str) -> GeocodeResult:
    """Coordinates for a postcode in any case and spacing.

    Raises InvalidPostcode when it is malformed and UnknownPostcode when nothing knows it. Errors from
    the online geocoder (geopy.exc.GeopyError: timeouts, quota) propagate, so that a task can retry.
    """
    normalised = postcodes.normalise(postcode)
    unit = PostcodeUnit.objects.filter(pk=normalised).values_list("latitude", "longitude").first()
    if unit is not None:
        return GeocodeResult(normalised, unit[0], unit[1], Precision.POSTCODE)

    district = PostcodeDistrict.objects.filter(pk=postcodes.district(normalised))
    centroid = district.values_list("latitude", "longitude").first()
    if centroid is not None:
        return GeocodeResult(normalised, centroid[0], centroid[1], Precision.DISTRICT)

    if settings.GEOCODER_FALLBACK:
        location = _online_geocode(normalised)
        if location is not None:
            return GeocodeResult(normalised, location[0], location[1], Precision.GEOCODER)

    raise UnknownPostcode(normalised)


def _online_geocode(postcode: str) -> tuple[float, float] | None:
    geocoder_class = get_geocoder_for_service(settings.GEOCODER_FALLBACK)
    geocoder = geocoder_class(user_agent=settings.GEOCODER_USER_AGENT, timeout=GEOCODER_TIMEOUT_SECONDS)
    location = geocoder.geocode(f"{postcode}, United Kingdom", exactly_one=True)
    if location is None:
        return None
    return location.latitude, location.longitude
