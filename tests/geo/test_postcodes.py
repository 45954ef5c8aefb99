"""Postcodes are accepted in any case and spacing, checked for shape, and taken apart."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from upw.core import postcodes
from upw.core.postcodes import GeocodingError, InvalidPostcode


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ne11ad", "NE1 1AD"),
        ("  NE1   1AD ", "NE1 1AD"),
        ("Ne1 1aD", "NE1 1AD"),
        ("b11ay", "B1 1AY"),
        ("M1 1AE", "M1 1AE"),
        ("cr26xh", "CR2 6XH"),
        ("DN551PT", "DN55 1PT"),
        ("w1a0ax", "W1A 0AX"),
        ("ec1a 1bb", "EC1A 1BB"),
        ("SW1A\t1AA", "SW1A 1AA"),
        ("gir0aa", "GIR 0AA"),
    ],
)
def test_it_normalises_any_case_and_spacing(raw, expected):
    assert postcodes.normalise(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["XYZ", "", "   ", "NE1", "NE1 1A", "NE1 1AD1", "1NE 1AD", "NE1 AAD", "NI1 1AA", "AZ1 1AA", "NE1-1AD", "GIR 0AB"],
)
def test_it_rejects_a_malformed_postcode(raw):
    assert not postcodes.is_valid(raw)
    with pytest.raises(InvalidPostcode):
        postcodes.normalise(raw)


def test_it_names_the_malformed_postcode_in_the_error():
    with pytest.raises(InvalidPostcode) as caught:
        postcodes.normalise(" XYZ ")
    assert str(caught.value) == '"XYZ" is not a valid UK postcode'
    assert str(caught.value) == postcodes.INVALID_POSTCODE.format(postcode="XYZ")
    assert caught.value.postcode == " XYZ "


def test_it_makes_invalid_postcode_a_geocoding_error_and_a_value_error():
    assert issubclass(InvalidPostcode, GeocodingError)
    assert issubclass(InvalidPostcode, ValueError)


def test_it_rejects_what_is_not_a_string():
    with pytest.raises(InvalidPostcode, match='"None" is not a valid UK postcode'):
        postcodes.normalise(None)


@pytest.mark.parametrize(
    ("raw", "outward", "inward", "area"),
    [
        ("ne11ad", "NE1", "1AD", "NE"),
        ("B1 1AY", "B1", "1AY", "B"),
        ("dn55 1pt", "DN55", "1PT", "DN"),
        ("EC1A 1BB", "EC1A", "1BB", "EC"),
        ("W1A 0AX", "W1A", "0AX", "W"),
    ],
)
def test_it_splits_a_postcode_into_district_and_inward_code(raw, outward, inward, area):
    assert postcodes.split(raw) == (outward, inward)
    assert postcodes.district(raw) == outward
    assert postcodes.area(raw) == area


@pytest.mark.parametrize(("raw", "area"), [("NE1", "NE"), ("ec1a", "EC"), ("b1", "B"), ("sw1a", "SW")])
def test_it_gives_the_area_of_a_district(raw, area):
    assert postcodes.area(raw) == area


def test_it_normalises_districts_and_areas_on_their_own():
    assert postcodes.normalise_district(" ne1 ") == "NE1"
    assert postcodes.normalise_area("ne") == "NE"
    for bad_district in ("NE", "NE1 1AD", "1NE"):
        with pytest.raises(InvalidPostcode):
            postcodes.normalise_district(bad_district)
    for bad_area in ("NE1", "N3E", "NEW"):
        with pytest.raises(InvalidPostcode):
            postcodes.normalise_area(bad_area)


UPPER = st.sampled_from("ABCDEFGHJKLMNOPRSTUWYZ")
SECOND = st.sampled_from("ABCDEFGHKLMNOPRSTUWY")  # no I, J or Z in second place
DIGIT = st.sampled_from("0123456789")
INWARD_LETTER = st.sampled_from("ABDEFGHJLNPQRSTUWXYZ")


@st.composite
def spellings(draw):
    outward = draw(UPPER) + draw(st.one_of(st.just(""), SECOND)) + draw(DIGIT) + draw(st.one_of(st.just(""), DIGIT))
    postcode = f"{outward} {draw(DIGIT)}{draw(INWARD_LETTER)}{draw(INWARD_LETTER)}"
    spaced = draw(st.sampled_from([postcode, postcode.replace(" ", ""), f"  {postcode.replace(' ', '   ')} "]))
    cased = "".join(c.lower() if draw(st.booleans()) else c for c in spaced)
    return postcode, cased


@given(spellings())
def test_it_normalises_every_spelling_of_a_postcode_to_the_same_form(case):
    postcode, spelling = case
    assert postcodes.normalise(spelling) == postcode
    assert postcodes.normalise(postcodes.normalise(spelling)) == postcode


def test_it_rejects_the_placeholder_zz9_9zz_as_the_standard_format_does():
    # The standard format never has Z (nor I or J) as the second letter of the area.
    assert not postcodes.is_valid("ZZ9 9ZZ")
