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
