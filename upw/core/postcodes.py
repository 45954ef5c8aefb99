"""UK postcodes: normalising, validating and taking apart. Pure functions, no database.

A postcode is an outward code (the district, "NE1") and an inward code ("1AD"); the area is the
letters at the start of the outward code ("NE"). The format check is the standard one published
with the government's bulk data transfer schema, which accepts GIR 0AA (the old Girobank code) too.
It checks the shape only: whether a postcode exists is for the postcode table to say.
"""

import re

INVALID_POSTCODE = '"{postcode}" is not a valid UK postcode'

OUTWARD_PATTERN = r"(?:[A-Z][0-9]{1,2}|[A-Z][A-HJ-Y][0-9]{1,2}|[A-Z][0-9][A-Z]|[A-Z][A-HJ-Y][0-9][A-Z])"
INWARD_PATTERN = r"[0-9][A-Z]{2}"
POSTCODE_RE = re.compile(rf"(?:GIR 0AA|{OUTWARD_PATTERN} {INWARD_PATTERN})")
OUTWARD_RE = re.compile(rf"(?:GIR|{OUTWARD_PATTERN})")
AREA_RE = re.compile(r"[A-Z]{1,2}")

_WHITESPACE = re.compile(r"\s+")


class GeocodingError(ValueError):
    """A postcode could not be turned into a place: it is malformed, or it is not known.

    It lives here rather than in upw.core.geocoding so that InvalidPostcode can subclass it while this
    module stays free of Django; upw.core.geocoding re-exports it.
    """


class InvalidPostcode(GeocodingError):
    def __init__(self, postcode: object):
        self.postcode = postcode
        super().__init__(INVALID_POSTCODE.format(postcode=str(postcode).strip()))


def _compact(raw: object) -> str:
    if not isinstance(raw, str):
        raise InvalidPostcode(raw)
    return _WHITESPACE.sub("", raw).upper()


def normalise(raw: str) -> str:
    """Returns the postcode in capitals with one space before the inward code: "ne11ad" -> "NE1 1AD".

    Raises InvalidPostcode when it does not have the shape of a UK postcode.
    """
    compact = _compact(raw)
    postcode = f"{compact[:-3]} {compact[-3:]}"
    if len(compact) < 5 or not POSTCODE_RE.fullmatch(postcode):
        raise InvalidPostcode(raw)
    return postcode


def is_valid(raw: str) -> bool:
    try:
        normalise(raw)
    except InvalidPostcode:
        return False
    return True


def split(raw: str) -> tuple[str, str]:
    """The outward code (district) and the inward code: "NE1 1AD" -> ("NE1", "1AD")."""
    outward, inward = normalise(raw).split(" ")
    return outward, inward


def district(raw: str) -> str:
    """The outward code of a full postcode: "ne1 1ad" -> "NE1"."""
    return split(raw)[0]


def area(raw: str) -> str:
    """The postcode area: the letters that start a postcode or district ("NE1 1AD" or "NE1" -> "NE")."""
    compact = _compact(raw)
    outward = compact[:-3] if len(compact) >= 5 else compact
    if not OUTWARD_RE.fullmatch(outward):
        raise InvalidPostcode(raw)
    if outward == "GIR":
        return outward
    match = AREA_RE.match(outward)
    assert match is not None  # OUTWARD_RE guarantees a leading letter.
    return match.group()


def normalise_district(raw: str) -> str:
    """An outward code on its own, in capitals: " ne1 " -> "NE1". Raises InvalidPostcode otherwise."""
    compact = _compact(raw)
    if not OUTWARD_RE.fullmatch(compact):
        raise InvalidPostcode(raw)
    return compact


def normalise_area(raw: str) -> str:
    """A postcode area on its own, in capitals: "ne" -> "NE". Raises InvalidPostcode otherwise."""
    compact = _compact(raw)
    if not AREA_RE.fullmatch(compact):
        raise InvalidPostcode(raw)
    return compact
