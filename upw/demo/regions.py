"""Reference data and places: regions, PDUs and their offices, skills, qualifications and postcodes.

Regions, PDUs, skills and qualifications are reused when they already exist (a database may hold
them before the demo); offices are made afresh. `Postcodes` gives the demo's people, sites and
offices their postcodes and coordinates, and `km_between` measures every distance the demo checks.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict

from upw.models import Office, PostcodeUnit, ProbationDeliveryUnit, Qualification, Region, Skill

from . import places
from .places import District

SKILLS = (
    ("gardening", "Gardening"),
    ("painting-decorating", "Painting and decorating"),
    ("carpentry", "Carpentry"),
    ("cooking", "Cooking"),
    ("driving", "Driving"),
    ("bricklaying", "Bricklaying"),
    ("customer-service", "Customer service"),
    ("it", "IT"),
    ("cleaning", "Cleaning"),
    ("labouring", "Labouring"),
)
QUALIFICATIONS = (
    ("van-driver", "Van driver"),
    ("first-aid", "First aid"),
    ("womens-group-lead", "Women's group lead"),
    ("trades-construction", "Trades - construction"),
    ("trades-painting", "Trades - painting"),
)
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters used in inward codes


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km, good to a few metres at these scales (equirectangular approximation)."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


class Postcodes:
    """Real postcodes from PostcodeUnit when loaded; otherwise the district centroid with jitter.

    The fallback (used in tests and before `load_postcodes` has run) gives a point within 1.5 km of
    the district's centre and a postcode that looks right for the district but may not exist.
    """

    def __init__(self, rng: random.Random, districts: list[District]):
        self.rng = rng
        self.units: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
        rows = (
            PostcodeUnit.objects.filter(district__in=[d.code for d in districts])
            .order_by("postcode")
            .values_list("district", "postcode", "latitude", "longitude")
        )
        for district, postcode, lat, lon in rows.iterator(chunk_size=20000):
            self.units[district].append((postcode, lat, lon))
        self.source = "postcode units" if self.units else "district centroids (fallback: no postcode units loaded)"

    def sample(self, district: District) -> tuple[str, float, float]:
        units = self.units.get(district.code)
        if units:
            return self.rng.choice(units)
        return self.near(district.code, district.latitude, district.longitude, 1.5)

    def near(self, district_code: str, lat: float, lon: float, max_km: float) -> tuple[str, float, float]:
        rng = self.rng
        distance = max_km * math.sqrt(rng.random())
        angle = rng.random() * 2 * math.pi
        lat2 = lat + distance * math.cos(angle) / 111.2
        lon2 = lon + distance * math.sin(angle) / (111.2 * math.cos(math.radians(lat)))
        inward = f"{rng.randint(1, 9)}{rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}"
        return f"{district_code} {inward}", round(lat2, 6), round(lon2, 6)


class RegionsMixin:
    """Builds the reference data: regions, PDUs, offices, skills, qualifications and the postcode source."""

    def reference_data(self) -> None:
        self.regions: dict[str, Region] = {}
        for code, name in places.REGIONS.items():
            region = Region.objects.filter(code=code).first()
            self.regions[code] = region or Region.objects.get_or_create(name=name, defaults={"code": code})[0]
        self.pdus: dict[str, ProbationDeliveryUnit] = {}
        for pdu in places.PDUS:
            obj = ProbationDeliveryUnit.objects.filter(code=pdu.code).first()
            self.pdus[pdu.code] = (
                obj
                or ProbationDeliveryUnit.objects.get_or_create(
                    region=self.regions[pdu.region], name=pdu.name, defaults={"code": pdu.code}
                )[0]
            )
        self.skills = {
            code: Skill.objects.get_or_create(code=code, defaults={"name": name})[0] for code, name in SKILLS
        }
        self.qualifications = {
            code: Qualification.objects.get_or_create(code=code, defaults={"name": name})[0]
            for code, name in QUALIFICATIONS
        }
        self.districts_by_pdu = {pdu.code: places.districts_of(pdu.code) for pdu in places.PDUS}
        self.postcodes = Postcodes(self.rng, list(places.DISTRICTS))
        offices = []
        for pdu in places.PDUS:
            postcode, lat, lon = self.postcodes.sample(places.DISTRICT_BY_CODE[pdu.office_district])
            offices.append(
                Office(pdu=self.pdus[pdu.code], name=pdu.office_name, postcode=postcode, latitude=lat, longitude=lon)
            )
        Office.objects.bulk_create(offices)
        self.offices = {pdu.code: office for pdu, office in zip(places.PDUS, offices, strict=True)}
        # Keyed by id: a PDU made before the demo may have a code of its own.
        self.region_of_pdu = {self.pdus[pdu.code].id: pdu.region for pdu in places.PDUS}
        self.counts["offices"] = len(offices)
