"""The severity chart of a patient's reviews over time: rating-scale scores on a date axis.

Geometry is computed here by pure functions (`severity_geometry`); the markup is
templates/charts/severity.svg, so Django escapes every scale name (as the timeline in charts.py).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from reviews.charts.text import FONT_FAMILY, FONT_SIZE, RIGHT_PADDING, clean, fit
from reviews.charts.timeline import Label, Line


@dataclass(frozen=True)
class SeverityPoint:
    """One rating-scale score on a day. `scale` is the scale's name as shown ("PHQ-9");
    `maximum` is the top of its range (27 for PHQ-9), drawn as the top of its panel."""

    scale: str
    day: date
    score: int
    maximum: int


# Marker shapes and line dashes, given to the scales in the order they first appear, so each
# scale reads apart from the others in black and white as well as by its panel's label.
SEVERITY_MARKERS = ("circle", "square", "triangle", "diamond", "cross")
_DASHES = ("", "5,2", "1.5,2", "6,2,1.5,2", "9,3")
SEVERITY_LABEL_WIDTH = 110
SEVERITY_TOP = 6
SEVERITY_PANEL_HEIGHT = 62
SEVERITY_PLOT_TOP = 16  # room above the plot for the score written over each point
SEVERITY_PLOT_HEIGHT = 34
SEVERITY_AXIS_HEIGHT = 22
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)
MIN_DATE_TICK_SPACING = 56  # px between date labels ("2025-03" is about 40 px wide)


@dataclass(frozen=True)
class Marker:
    """A marker of about 7 px centred on a point: a circle at (x, y), a square from its corner
    (x, y), or path data `d` for the other shapes."""

    shape: str
    x: float
    y: float
    d: str = ""


@dataclass(frozen=True)
class PointMark:
    description: str  # the tooltip: scale, score and day
    marker: Marker
    score: Label


@dataclass(frozen=True)
class Guide:
    """A horizontal line at the foot or head of a panel, with its score beside it."""

    line: Line
    label: Label


@dataclass(frozen=True)
class Panel:
    scale: str
    name: Label
    range_label: Label
    guides: tuple[Guide, ...]
    polyline: str  # "x,y x,y …" joining the points in date order; "" for a single point
    dash: str  # stroke-dasharray; "" for a solid line
    points: tuple[PointMark, ...]


@dataclass(frozen=True)
class DateTick:
    line: Line
    label: Label


@dataclass(frozen=True)
class SeverityChart:
    """Everything the template draws, in SVG user units; texts are plain (the template escapes)."""

    width: int
    height: int
    font_family: str
    font_size: int
    axis: Line
    ticks: tuple[DateTick, ...]
    panels: tuple[Panel, ...]


def severity_svg(points: Sequence[SeverityPoint], *, width: int = 700) -> str:
    """Severity scores over time as an SVG string; "" when there are none.

    One panel per scale, stacked over one shared date axis. Each panel runs from 0 at its foot
    to the scale's maximum at its head, both written beside it with the scale's name, so scales
    of different ranges are never put on one invented common measure. Points are joined in date
    order by a line and carry their score as text; scales differ by marker shape and dash.
    """
    chart = severity_geometry(points, width=width)
    if chart is None:
        return ""
    from django.template.loader import render_to_string  # the geometry stays importable alone

    return render_to_string("charts/severity.svg", {"chart": chart}).strip()


def severity_geometry(points: Sequence[SeverityPoint], *, width: int = 700) -> SeverityChart | None:
    """Where each piece of the severity chart goes; None when there are no points."""
    if not points:
        return None
    ordered = sorted(points, key=lambda point: point.day)
    scales = list(dict.fromkeys(point.scale for point in ordered))
    first, last = _severity_domain([point.day for point in ordered])
    plot_width = max(width - SEVERITY_LABEL_WIDTH - RIGHT_PADDING, 60)

    def x_of(day: date) -> float:
        return SEVERITY_LABEL_WIDTH + (day - first).days / (last - first).days * plot_width

    plot_bottom = SEVERITY_TOP + SEVERITY_PANEL_HEIGHT * len(scales)
    return SeverityChart(
        width=width,
        height=plot_bottom + SEVERITY_AXIS_HEIGHT,
        font_family=FONT_FAMILY,
        font_size=FONT_SIZE,
        axis=Line(
            SEVERITY_LABEL_WIDTH,
            plot_bottom,
            round(SEVERITY_LABEL_WIDTH + plot_width, 1),
            plot_bottom,
        ),
        ticks=_date_ticks(first, last, x_of, plot_width, plot_bottom),
        panels=tuple(
            _panel(
                [point for point in ordered if point.scale == scale],
                index,
                SEVERITY_TOP + index * SEVERITY_PANEL_HEIGHT,
                x_of,
                plot_width,
            )
            for index, scale in enumerate(scales)
        ),
    )


def _severity_domain(days: list[date]) -> tuple[date, date]:
    """The first and last day of the axis: every point, with a margin so none sits on an edge."""
    first, last = min(days), max(days)
    margin = max((last - first) / 25, timedelta(days=20))
    return first - margin, last + margin


def _date_ticks(
    first: date, last: date, x_of: Callable[[date], float], plot_width: float, plot_bottom: int
) -> tuple[DateTick, ...]:
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    step = next(
        (s for s in MONTH_STEPS if plot_width / max(months / s, 1) >= MIN_DATE_TICK_SPACING),
        MONTH_STEPS[-1],
    )
    ticks = []
    index = first.year * 12 + first.month  # the month after the first day's month
    while True:
        year, month = divmod(index, 12)
        tick = date(year, month + 1, 1)
        if tick > last:
            break
        if index % step == 0:
            x = round(x_of(tick), 1)
            text = str(tick.year) if step >= 12 else f"{tick:%Y-%m}"
            line = Line(x, SEVERITY_TOP, x, plot_bottom + 3)
            ticks.append(DateTick(line, Label(x, plot_bottom + 14, text)))
        index += 1
    return tuple(ticks)


def _panel(
    points: list[SeverityPoint],
    index: int,
    top: int,
    x_of: Callable[[date], float],
    plot_width: float,
) -> Panel:
    maximum = max(points[0].maximum, *(point.score for point in points), 1)
    plot_top = top + SEVERITY_PLOT_TOP
    plot_bottom = plot_top + SEVERITY_PLOT_HEIGHT
    shape = SEVERITY_MARKERS[index % len(SEVERITY_MARKERS)]
    right = round(SEVERITY_LABEL_WIDTH + plot_width, 1)

    def y_of(score: int) -> float:
        return plot_bottom - score / maximum * SEVERITY_PLOT_HEIGHT

    coordinates = [(x_of(point.day), y_of(point.score)) for point in points]
    scale = clean(points[0].scale)
    return Panel(
        scale=scale,
        name=Label(0, plot_top + 8, fit(scale, SEVERITY_LABEL_WIDTH - 30)),
        range_label=Label(0, plot_top + 20, f"range 0–{maximum}"),
        guides=tuple(
            Guide(
                Line(SEVERITY_LABEL_WIDTH, y, right, y),
                Label(SEVERITY_LABEL_WIDTH - 4, y + 3, str(score)),
            )
            for score, y in ((maximum, plot_top), (0, plot_bottom))
        ),
        polyline=" ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
        if len(coordinates) > 1
        else "",
        dash=_DASHES[index % len(_DASHES)],
        points=tuple(
            PointMark(
                clean(f"{point.scale} {point.score} on {point.day.isoformat()}"),
                _marker(shape, x, y),
                Label(round(x, 1), round(y - 6, 1), str(point.score)),
            )
            for point, (x, y) in zip(points, coordinates, strict=True)
        ),
    )


def _marker(shape: str, x: float, y: float) -> Marker:
    if shape == "circle":
        return Marker(shape, round(x, 1), round(y, 1))
    if shape == "square":
        return Marker(shape, round(x - 3, 1), round(y - 3, 1))
    if shape == "triangle":
        d = f"M{x:.1f},{y - 4:.1f} L{x + 3.6:.1f},{y + 2.6:.1f} L{x - 3.6:.1f},{y + 2.6:.1f} Z"
    elif shape == "diamond":
        d = f"M{x:.1f},{y - 4:.1f} L{x + 4:.1f},{y:.1f} L{x:.1f},{y + 4:.1f} L{x - 4:.1f},{y:.1f} Z"
    else:
        d = (
            f"M{x - 3:.1f},{y - 3:.1f} L{x + 3:.1f},{y + 3:.1f} "
            f"M{x - 3:.1f},{y + 3:.1f} L{x + 3:.1f},{y - 3:.1f}"
        )
    return Marker(shape, round(x, 1), round(y, 1), d)
