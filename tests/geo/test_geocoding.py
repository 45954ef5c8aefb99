"""Geocoding: the postcode table first, then the district, then (only if switched on) a geocoder."""

from types import SimpleNamespace

import pytest

from upw.core import geocoding
from upw.core.geocoding import GeocodingError, InvalidPostcode, Precision, UnknownPostcode, geocode
from upw.models import PostcodeDistrict, PostcodeUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcastle():
    PostcodeDistrict.objects.create(
        district="NE1", area="NE", latitude=54.972448, longitude=-1.611488, postcode_count=2
    )
    PostcodeUnit.objects.create(postcode="NE1 1AD", district="NE1", latitude=54.96746, longitude=-1.615383)


class FakeGeocoder:
    """Stands in for a geopy geocoder class: records how it was built and what it was asked."""

    calls: list = []
    answer = SimpleNamespace(latitude=51.501009, longitude=-0.141588)

    def __init__(self, **kwargs):
        self.kwargs = kwargs

    def geocode(self, query, **kwargs):
        FakeGeocoder.calls.append((self.kwargs, query, kwargs))
        return FakeGeocoder.answer


@pytest.fixture
def fake_geocoder(monkeypatch, settings):
    settings.GEOCODER_FALLBACK = "nominatim"
    settings.GEOCODER_USER_AGENT = "upw-tests"
    services = []

    def get_geocoder_for_service(service):
        services.append(service)
        return FakeGeocoder

    FakeGeocoder.calls = []
    FakeGeocoder.answer = SimpleNamespace(latitude=51.501009, longitude=-0.141588)
    monkeypatch.setattr(geocoding, "get_geocoder_for_service", get_geocoder_for_service)
    return SimpleNamespace(services=services, calls=FakeGeocoder.calls)


@pytest.fixture
def no_geocoder(monkeypatch):
    def refuse(service):
        raise AssertionError(f"the online geocoder {service!r} must not be consulted")

    monkeypatch.setattr(geocoding, "get_geocoder_for_service", refuse)


def test_it_finds_a_full_postcode_in_any_spelling(newcastle, no_geocoder):
    result = geocode("ne11ad")

    assert result == geocoding.GeocodeResult("NE1 1AD", 54.96746, -1.615383, Precision.POSTCODE)
    assert result.precision == "postcode"


def test_it_falls_back_to_the_district_for_an_unknown_full_postcode(newcastle, no_geocoder):
    result = geocode("NE1 9ZZ")

    assert result == geocoding.GeocodeResult("NE1 9ZZ", 54.972448, -1.611488, Precision.DISTRICT)


def test_it_names_an_unknown_postcode_whose_district_is_unknown_too(newcastle, no_geocoder):
    with pytest.raises(UnknownPostcode) as caught:
        geocode("xx99xx")

    assert str(caught.value) == 'Postcode "XX9 9XX" was not found'
    assert str(caught.value) == geocoding.UNKNOWN_POSTCODE.format(postcode="XX9 9XX")
    assert caught.value.postcode == "XX9 9XX"


def test_it_names_a_malformed_postcode_without_asking_the_database(django_assert_num_queries, no_geocoder):
    with django_assert_num_queries(0), pytest.raises(InvalidPostcode, match='"XYZ" is not a valid UK postcode'):
        geocode("XYZ")


def test_it_makes_both_errors_geocoding_errors_and_value_errors():
    for error in (InvalidPostcode, UnknownPostcode):
        assert issubclass(error, GeocodingError)
        assert issubclass(error, ValueError)


def test_it_asks_the_configured_geocoder_only_when_the_tables_do_not_know(newcastle, fake_geocoder):
    assert geocode("NE1 9ZZ").precision == Precision.DISTRICT
    assert fake_geocoder.calls == []

    result = geocode("sw1a1aa")

    assert result == geocoding.GeocodeResult("SW1A 1AA", 51.501009, -0.141588, Precision.GEOCODER)
    assert fake_geocoder.services == ["nominatim"]
    [(built_with, query, _)] = fake_geocoder.calls
    assert built_with["user_agent"] == "upw-tests"
    assert query == "SW1A 1AA, United Kingdom"


def test_it_names_the_postcode_when_the_geocoder_does_not_know_it_either(fake_geocoder):
    FakeGeocoder.answer = None

    with pytest.raises(UnknownPostcode, match='Postcode "XX9 9XX" was not found'):
        geocode("XX9 9XX")
    assert len(fake_geocoder.calls) == 1


def test_it_never_goes_online_when_no_geocoder_is_configured(settings, no_geocoder):
    settings.GEOCODER_FALLBACK = ""

    with pytest.raises(UnknownPostcode):
        geocode("SW1A 1AA")
