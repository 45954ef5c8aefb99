"""Trend charts drawn on the server as SVG: no script, nothing for the CSP to allow.

Each bar carries its value as text and the chart its title and a text alternative listing every
point, and the table behind it is always on the page, so no one depends on seeing the bars.
"""

from dataclasses import dataclass

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 16, 16, 28, 44


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value_text: str
    label_x: float
    value_y: float
    empty: bool


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    width: int
    height: int
    baseline: float
    label_y: float
    bars: tuple[Bar, ...]


def value_text(value, unit: str) -> str:
    if value is None:
        return "no data"
    if unit == "percent":
        return f"{value:g}%"
    return f"{value:,g}"


def bar_chart(*, title: str, unit: str, points) -> BarChart:
    """A bar a point (label, value), scaled to the largest value; a point with no value draws none."""
    values = [point.value or 0 for point in points]
    top = max([*values, 1])
    slot = (WIDTH - LEFT - RIGHT) / max(len(points), 1)
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = HEIGHT - BOTTOM
    bars = []
    for index, point in enumerate(points):
        height = (point.value or 0) / top * plot_height
        x = LEFT + index * slot + slot * 0.15
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(baseline - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                label=point.label,
                value_text=value_text(point.value, unit),
                label_x=round(x + slot * 0.35, 1),
                value_y=round(baseline - height - 6, 1),
                empty=point.value is None,
            )
        )
    description = "; ".join(f"{bar.label}: {bar.value_text}" for bar in bars)
    return BarChart(
        title=title,
        description=f"{title}, by quarter. {description}.",
        width=WIDTH,
        height=HEIGHT,
        baseline=baseline,
        label_y=baseline + 20,
        bars=tuple(bars),
    )


MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 640, 520, 60
# Places per hour owed: under 1, local demand outstrips local places.
MAP_BANDS = (
    (1.0, "#d4351c", "fewer places than hours owed"),
    (2.0, "#f47738", "1 to 2 hours of places per hour owed"),
    (float("inf"), "#00703c", "2 or more hours of places per hour owed"),
)


@dataclass(frozen=True)
class MapPoint:
    x: float
    y: float
    radius: float
    fill: str
    label: str
    band: str
    latitude: float = 0.0
    longitude: float = 0.0


@dataclass(frozen=True)
class PduMap:
    title: str
    description: str
    width: int
    height: int
    points: tuple[MapPoint, ...]
    legend: tuple[tuple[str, str], ...]


def pdu_map(*, rows, positions: dict[str, tuple[float, float]]) -> PduMap | None:
    """Delivery units drawn where they are (a plain projection of latitude and longitude, no tiles),
    each circle sized by the hours owed and labelled with its name and places per hour owed, so
    neither colour nor size alone carries the figure. None when no delivery unit has a position."""
    placed = [(row, positions[row[1]]) for row in rows if row[1] in positions]
    if not placed:
        return None
    latitudes = [lat for _, (lat, _) in placed]
    longitudes = [lon for _, (_, lon) in placed]
    south, north = min(latitudes), max(latitudes)
    west, east = min(longitudes), max(longitudes)
    span = max(north - south, (east - west) * 0.62, 0.1)
    scale = min(MAP_WIDTH, MAP_HEIGHT) - 2 * MAP_MARGIN
    most_owed = max((row[3] or 0 for row, _ in placed), default=1) or 1
    points = []
    for row, (latitude, longitude) in placed:
        _, name, _, owed, ratio = row
        value = ratio if ratio is not None else float("inf")
        _, fill, band = next((b for b in MAP_BANDS if value < b[0]), MAP_BANDS[-1])
        points.append(
            MapPoint(
                x=round(MAP_MARGIN + (longitude - west) * 0.62 / span * scale, 1),
                y=round(MAP_HEIGHT - MAP_MARGIN - (latitude - south) / span * scale, 1),
                radius=round(6 + 18 * (owed or 0) / most_owed, 1),
                fill=fill,
                label=f"{name} {ratio:g}" if ratio is not None else f"{name} (nothing owed)",
                band=band,
                latitude=latitude,
                longitude=longitude,
            )
        )
    description = "; ".join(f"{point.label}: {point.band}" for point in points)
    return PduMap(
        title="Places offered against hours owed, by delivery unit",
        description=f"A map of the delivery units. {description}.",
        width=MAP_WIDTH,
        height=MAP_HEIGHT,
        points=tuple(points),
        legend=tuple((fill, band) for _, fill, band in MAP_BANDS),
    )


def interactive_map(pdu_map: PduMap, *, projects, tile_url: str, attribution: str) -> dict:
    """What the page's script draws on a zoomable map (Leaflet) over the SVG: the delivery units as
    circles in their bands and the projects as points, each labelled in words. With no tile URL it
    draws on a plain background; without script the SVG and the tables stay."""
    return {
        "title": pdu_map.title,
        "tileUrl": tile_url,
        "attribution": attribution,
        "units": [
            {
                "lat": point.latitude,
                "lon": point.longitude,
                "radius": point.radius,
                "fill": point.fill,
                "label": f"{point.label}: {point.band}",
            }
            for point in pdu_map.points
        ],
        "projects": [
            {"lat": lat, "lon": lon, "label": f"{name} ({pdu}): {offered:,g} hours of places, {sessions} sessions"}
            for name, pdu, lat, lon, offered, sessions in projects
        ],
    }
