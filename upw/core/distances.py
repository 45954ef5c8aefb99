"""Distances between points given as (latitude, longitude) in degrees (WGS84).

distance_km is for one pair and uses geopy's geodesic on the WGS84 ellipsoid: the most accurate,
but slow in bulk. distance_matrix_km and within_km are for many pairs at once (every person against
every site) and use the haversine formula on a sphere with numpy: the great-circle distance, which
agrees with geopy.distance.great_circle to well under a metre and differs from the geodesic by less
than 0.5% anywhere in the UK (the sphere is slightly too flat north-south and too round east-west
there; near the equator the gap grows to about 0.6%). For ranking and travel limits that is plenty.
"""

from collections.abc import Sequence

import numpy as np
from geopy.distance import EARTH_RADIUS, geodesic

# The mean Earth radius (IUGG), the same one geopy's great_circle uses, so that the two agree.
EARTH_RADIUS_KM: float = EARTH_RADIUS

Point = tuple[float, float]
Coordinates = float | Sequence[float] | np.ndarray


def distance_km(a: Point, b: Point) -> float:
    """The geodesic distance in kilometres between two (latitude, longitude) points."""
    return geodesic(a, b).km


def _degrees(values: Coordinates, name: str) -> np.ndarray:
    array = np.atleast_1d(np.asarray(values, dtype=float))
    if array.ndim != 1:
        raise ValueError(f"{name} must be a number or a flat sequence of numbers.")
    return array


def distance_matrix_km(
    lats_a: Coordinates, lons_a: Coordinates, lats_b: Coordinates, lons_b: Coordinates
) -> np.ndarray:
    """Great-circle distances in kilometres from every point A to every point B.

    Returns an array of shape (len(A), len(B)): row i holds the distances from A[i]. Computed in one
    vectorised pass (no loop over pairs), so tens of thousands of pairs take milliseconds.
    """
    lat_a, lon_a = _degrees(lats_a, "lats_a"), _degrees(lons_a, "lons_a")
    lat_b, lon_b = _degrees(lats_b, "lats_b"), _degrees(lons_b, "lons_b")
    if lat_a.shape != lon_a.shape or lat_b.shape != lon_b.shape:
        raise ValueError("Each set of points needs as many latitudes as longitudes.")

    phi_a, phi_b = np.radians(lat_a)[:, None], np.radians(lat_b)[None, :]
    d_phi = phi_b - phi_a
    d_lambda = np.radians(lon_b)[None, :] - np.radians(lon_a)[:, None]
    h = np.sin(d_phi / 2) ** 2 + np.cos(phi_a) * np.cos(phi_b) * np.sin(d_lambda / 2) ** 2
    # Rounding can push h a hair outside [0, 1] for identical or antipodal points.
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def within_km(
    lats_a: Coordinates, lons_a: Coordinates, lats_b: Coordinates, lons_b: Coordinates, km: float
) -> np.ndarray:
    """A boolean array of shape (len(A), len(B)): True where B[j] is at most `km` from A[i]."""
    return distance_matrix_km(lats_a, lons_a, lats_b, lons_b) <= km
