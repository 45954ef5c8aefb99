"""Distances: geodesic for one pair, vectorised great-circle for many, checked against geopy."""

import csv
from pathlib import Path

import numpy as np
import pytest
from geopy.distance import geodesic, great_circle

from upw.core.distances import distance_km, distance_matrix_km, within_km

# The shared data folder sits beside the checkout (../shared); tests that need it skip without it.
DISTRICTS_CSV = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "uk_postcode_districts.csv"


@pytest.fixture(scope="module")
def real_places():
    """Real coordinates: a seeded sample of UK postcode district centroids, or random points in GB."""
    rng = np.random.default_rng(2026)
    if DISTRICTS_CSV.exists():
        with DISTRICTS_CSV.open(newline="") as handle:
            points = [(float(r["Latitude"]), float(r["Longitude"])) for r in csv.DictReader(handle) if r["Latitude"]]
        chosen = np.array(points)[rng.choice(len(points), size=80, replace=False)]
    else:
        chosen = np.column_stack([rng.uniform(50.0, 58.6, 80), rng.uniform(-5.7, 1.7, 80)])
    return chosen[:40], chosen[40:]


def test_it_gives_the_geodesic_distance_of_one_pair():
    # The example in geopy's documentation: 538.39 miles.
    newport_ri, cleveland_oh = (41.49008, -71.312796), (41.499498, -81.695391)

    assert distance_km(newport_ri, cleveland_oh) == pytest.approx(538.390445 * 1.609344, abs=0.01)
    assert distance_km(cleveland_oh, newport_ri) == pytest.approx(distance_km(newport_ri, cleveland_oh))


def test_it_agrees_with_geopy_great_circle_within_ten_metres(real_places):
    a, b = real_places

    matrix = distance_matrix_km(a[:, 0], a[:, 1], b[:, 0], b[:, 1])

    expected = np.array([[great_circle(tuple(p), tuple(q)).km for q in b] for p in a])
    assert matrix.shape == (len(a), len(b))
    assert np.abs(matrix - expected).max() < 0.01


def test_it_is_within_half_a_percent_of_the_geodesic(real_places):
    a, b = real_places

    matrix = distance_matrix_km(a[:, 0], a[:, 1], b[:, 0], b[:, 1])

    expected = np.array([[geodesic(tuple(p), tuple(q)).km for q in b] for p in a])
    assert (np.abs(matrix - expected) / expected).max() < 0.005


def test_it_gives_zero_from_a_place_to_itself_and_is_symmetric(real_places):
    a, _ = real_places

    matrix = distance_matrix_km(a[:, 0], a[:, 1], a[:, 0], a[:, 1])

    assert np.allclose(np.diag(matrix), 0.0)
    assert np.allclose(matrix, matrix.T)


def test_it_accepts_single_points_and_lists():
    newcastle, cardiff = (54.9725, -1.61305), (51.4816, -3.17909)

    matrix = distance_matrix_km(newcastle[0], newcastle[1], [cardiff[0], newcastle[0]], [cardiff[1], newcastle[1]])

    assert matrix.shape == (1, 2)
    assert matrix[0, 0] == pytest.approx(great_circle(newcastle, cardiff).km, abs=0.001)
    assert matrix[0, 1] == pytest.approx(0.0)


def test_it_refuses_points_with_more_latitudes_than_longitudes():
    with pytest.raises(ValueError, match="as many latitudes as longitudes"):
        distance_matrix_km([54.9, 55.0], [-1.6], [51.5], [-3.2])


def test_it_marks_the_pairs_within_a_distance():
    newcastle, sunderland, cardiff = (54.9725, -1.61305), (54.9061, -1.38113), (51.4816, -3.17909)
    lats, lons = zip(newcastle, sunderland, cardiff, strict=True)

    mask = within_km([newcastle[0]], [newcastle[1]], list(lats), list(lons), 20)

    assert mask.tolist() == [[True, True, False]]
