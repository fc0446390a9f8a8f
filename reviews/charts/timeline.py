"""Charts for the printed summary: geometry computed by pure functions, markup by templates.

The timeline puts every medication trial, psychotherapy and procedure of a review on one time
axis. It has to read well on a black-and-white printout, so the kinds differ by the lightness of a
plain grey fill, by a dashed or solid outline and by group headings, never by colour alone.
(Pattern fills read as well, but WeasyPrint parses the SVG again for every use of a pattern, which
cost the printed summary tens of milliseconds.) The timeline's markup is
templates/charts/timeline.svg, so Django escapes every text that came from a clinician. The
severity chart of the patient-over-time page is severity_chart.py; chart_text.py measures and cuts
the labels of both; timeline_words.py says what a chart shows.

`timeline_svg_for` knows nothing about reviews: it draws any sequence of `Bar`s, so a patient's
history across several reviews can reuse it. No WeasyPrint imports; Django's template loader
only inside `timeline_svg_for`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reviews.charts.text import (
    FONT_FAMILY,
    FONT_SIZE,
    RIGHT_PADDING,
    clean,
    fit,
    text_width,
)
from reviews.charts.timeline_words import describe
from reviews.facts.dates import PartialDate
from reviews.words import in_sentence as code_label


@dataclass(frozen=True)
class Bar:
    """One row of the timeline: a course of treatment between two dates.

    `start` None means no usable dates were recorded: the row is listed without a bar. `ongoing`
    (a start without an end) draws the bar open-ended up to the visit date.
    """

    label: str
    kind: str  # a key of KINDS; any other kind is drawn plain, under its own name
    start: date | None
    end: date | None = None
    ongoing: bool = False


@dataclass(frozen=True)
class Kind:
    heading: str  # group heading above the kind's rows, and its name in the legend
    fill: str  # a grey: greyscale printing and photocopying keep it
    dash: str = ""  # the outline's stroke-dasharray; "" for a solid outline


# Dark, white with a dashed outline, light: apart in lightness and in outline, so either survives a
# faint photocopy.
KINDS: dict[str, Kind] = {
    "medication": Kind("Medication trials", "#555555"),
    "psychotherapy": Kind("Psychotherapies", "#ffffff", dash="2.5,1.5"),
    "procedure": Kind("Procedures and intensive care", "#c4c4c4"),
}
_PLAIN = Kind("", "#ffffff", dash="0.8,0.8")  # any other kind: white, dotted outline

LABEL_WIDTH = 170  # left column holding the row labels
AXIS_HEIGHT = 20
ROW_HEIGHT = 12  # rows close enough that a follow-up of a typical review keeps its chart on page 1
BAR_HEIGHT = 9
HEADING_HEIGHT = 13
LEGEND_HEIGHT = 20
MIN_BAR_WIDTH = 2.0
TICK_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)
MIN_TICK_SPACING = 48  # px between year labels
ROWS_PER_CHART = 40  # a chart this long still fits on a US Letter page with its heading


def bars_from_review(data: dict) -> list[Bar]:
    """The rows of the timeline for one review in the interchange format, in entry order."""
    bars = []
    for trial in data.get("medication_trials", ()):
        bars.append(_bar(trial["drug"], "medication", trial))
    for therapy in data.get("psychotherapies", ()):
        bars.append(_bar(code_label(therapy["modality"]), "psychotherapy", therapy))
    for procedure in data.get("procedures", ()):
        bars.append(_bar(code_label(procedure["kind"]), "procedure", procedure))
    return bars


def timeline_svgs(
    data: dict, *, width: int = 700, rows_per_chart: int = ROWS_PER_CHART
) -> list[str]:
    """The timeline of one review cut into charts of at most `rows_per_chart` rows on one shared
    axis, so that a long history fits page by page; [] when no row has a start date."""
    bars = bars_from_review(data)
    visit_date = _as_date(data.get("visit_date"))
    dated = [bar for bar in bars if bar.start is not None]
    if not dated:
        return []
    domain = _domain(dated, visit_date)
    ordered = [bar for _, rows in _grouped(bars) for bar in rows]
    parts = [ordered[at : at + rows_per_chart] for at in range(0, len(ordered), rows_per_chart)]
    return [
        timeline_svg_for(part, visit_date, width=width, domain=domain, part=(n, len(parts)))
        for n, part in enumerate(parts, start=1)
    ]


def timeline_svg_for(
    bars: Sequence[Bar],
    visit_date: date | None,
    *,
    width: int = 700,
    domain: tuple[date, date] | None = None,
    part: tuple[int, int] = (1, 1),
) -> str:
    """Draw `bars` on a shared axis of years, grouped by kind; "" when none has a start date
    (unless a `domain` is given: then undated rows are listed under its axis all the same).

    Ongoing bars run to `visit_date` (or to the end of the axis when it is unknown) and end in an
    arrow instead of a closing edge. Rows without dates say "no dates recorded". `domain` (first
    and last day of the axis) lines several charts up on one axis. The chart has no ids, so one
    page can hold any number of them. `part` (n of m) names it in its alternative text.

    The geometry is `timeline_geometry`'s; the markup is templates/charts/timeline.svg's, so
    Django escapes every label (as healthchecks renders its badges).
    """
    chart = timeline_geometry(bars, visit_date, width=width, domain=domain)
    if chart is None:
        return ""
    from django.template.loader import render_to_string  # charts stay importable without Django

    title = describe(bars, KINDS, part=part, visit=visit_date)  # what this part shows, in words
    return render_to_string("charts/timeline.svg", {"chart": chart, "title": title}).strip()


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class BarShape:
    kind: str
    x: float
    y: float
    width: float
    height: float
    fill: str
    dash: str  # the outline's stroke-dasharray, "" when solid
    ongoing: bool
    open_end: str = ""  # ongoing bars: three edges (path data), then an arrow at the open end
    arrow: str = ""


@dataclass(frozen=True)
class Row:
    label: Label
    note: Label | None  # "no dates recorded" instead of a bar
    bar: BarShape | None


@dataclass(frozen=True)
class LegendItem:
    x: float
    y: float
    fill: str
    dash: str
    label: Label


@dataclass(frozen=True)
class TimelineChart:
    """Everything the template draws, in SVG user units; texts are plain (the template escapes)."""

    width: int
    height: int
    font_family: str
    font_size: int
    grid: tuple[Line, ...]
    years: tuple[Label, ...]
    axis: Line
    visit_line: Line | None
    headings: tuple[Label, ...]
    rows: tuple[Row, ...]
    legend: tuple[LegendItem, ...]
    ongoing_arrow: str  # path data
    ongoing_label: Label
    visit_legend_line: Line | None
    visit_label: Label | None
    bar_height: int = BAR_HEIGHT


def timeline_geometry(
    bars: Sequence[Bar],
    visit_date: date | None,
    *,
    width: int = 700,
    domain: tuple[date, date] | None = None,
) -> TimelineChart | None:
    """Where each piece of the timeline goes; None when there is nothing to draw."""
    dated = [bar for bar in bars if bar.start is not None]
    if domain is None:
        if not dated:
            return None
        domain = _domain(dated, visit_date)
    if not bars:
        return None
    first, last = domain
    plot_left = LABEL_WIDTH
    plot_width = max(width - LABEL_WIDTH - RIGHT_PADDING, 60)

    def x_of(day: date) -> float:
        return round(plot_left + (day - first).days / (last - first).days * plot_width, 1)

    groups = _grouped(bars)
    height = (
        AXIS_HEIGHT
        + sum(HEADING_HEIGHT + ROW_HEIGHT * len(rows) for _, rows in groups)
        + LEGEND_HEIGHT
    )
    plot_bottom = height - LEGEND_HEIGHT
    step = _tick_step(last.year - first.year, plot_width)
    headings, rows = _headings_and_rows(groups, lambda bar, y: _row(bar, y, x_of, visit_date, last))
    legend = _legend(groups, plot_bottom + LEGEND_HEIGHT - 12, visit_date)
    return TimelineChart(
        width=width,
        height=height,
        font_family=FONT_FAMILY,
        font_size=FONT_SIZE,
        **_years(first.year, last.year, step, x_of, plot_bottom),
        axis=Line(LABEL_WIDTH, AXIS_HEIGHT, round(LABEL_WIDTH + plot_width, 1), AXIS_HEIGHT),
        visit_line=None
        if visit_date is None
        else Line(x_of(visit_date), AXIS_HEIGHT - 4, x_of(visit_date), plot_bottom),
        headings=headings,
        rows=rows,
        **legend,
    )


def _years(first: int, last: int, step: int, x_of, plot_bottom: float) -> dict:
    """A grid line at each 1 January, and a label every `step` years but the last."""
    years = range(first, last + 1)
    return {
        "grid": tuple(
            Line(x_of(date(year, 1, 1)), AXIS_HEIGHT, x_of(date(year, 1, 1)), plot_bottom)
            for year in years
        ),
        "years": tuple(
            Label(round(x_of(date(year, 1, 1)) + 2, 1), AXIS_HEIGHT - 7, str(year))
            for year in years
            if year % step == 0 and year < last
        ),
    }


def _headings_and_rows(groups: list[tuple[str, list[Bar]]], row_at) -> tuple[tuple, tuple]:
    """A heading per kind and a row per bar under it, top to bottom from the axis."""
    headings, rows = [], []
    y = AXIS_HEIGHT
    for kind, group in groups:
        headings.append(Label(0, y + HEADING_HEIGHT - 4, clean(_kind(kind).heading)))
        y += HEADING_HEIGHT
        for bar in group:
            rows.append(row_at(bar, y))
            y += ROW_HEIGHT
    return tuple(headings), tuple(rows)


def _legend(groups: list[tuple[str, list[Bar]]], legend_y: float, visit_date: date | None) -> dict:
    """The legend along the bottom (`legend_y` leaves room for the ongoing arrow, 14 high): a
    swatch per kind drawn, the ongoing arrow, and the visit date's line when there is one."""
    items, x = [], 0.0
    for kind, _ in groups:
        style = _kind(kind)
        text = Label(round(x + 20, 1), legend_y + 9, clean(style.heading))
        items.append(LegendItem(round(x, 1), legend_y, style.fill, style.dash, text))
        x += 32 + text_width(style.heading)
    ongoing = "ongoing at the visit"
    visit_line = visit_label = None
    if visit_date is not None:
        visit_x = x + 26 + text_width(ongoing)
        visit_line = Line(round(visit_x + 3, 1), legend_y - 2, round(visit_x + 3, 1), legend_y + 12)
        visit_label = Label(round(visit_x + 10, 1), legend_y + 9, f"visit date {visit_date}")
    return {
        "legend": tuple(items),
        "ongoing_arrow": _arrow(x, legend_y - 2, legend_y + 12),
        "ongoing_label": Label(round(x + 10, 1), legend_y + 9, ongoing),
        "visit_legend_line": visit_line,
        "visit_label": visit_label,
    }


def _arrow(x: float, top: float, bottom: float) -> str:
    """Path data of the arrow that ends an ongoing bar (and stands for it in the legend)."""
    return f"M{x:.1f},{top:.1f} L{x + 6:.1f},{(top + bottom) / 2:.1f} L{x:.1f},{bottom:.1f} Z"


# --- Pieces ---


def _bar(label: str, kind: str, row: dict) -> Bar:
    # Dates known to a month or a year are drawn over their whole range.
    start, end = PartialDate.of(row.get("start")), PartialDate.of(row.get("end"))
    first, last = (start.earliest if start else None), (end.latest if end else None)
    if first is None:
        # Only an end date: no span can be drawn, so the row is listed like an undated one.
        return Bar(label, kind, None, last)
    # Only medication trials record "ongoing". A therapy or procedure without an end may have
    # ended on a day nobody wrote down (six ketamine sessions in 2022): drawn to the visit, it
    # would show years of treatment the review does not record, so it gets the start mark.
    ongoing = row.get("ongoing") == "yes"
    return Bar(label, kind, first, last, ongoing=ongoing and last is None)


def _as_date(value) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _kind(kind: str) -> Kind:
    if kind in KINDS:
        return KINDS[kind]
    return Kind(kind.replace("_", " ").capitalize(), _PLAIN.fill, _PLAIN.dash)


def _grouped(bars: Sequence[Bar]) -> list[tuple[str, list[Bar]]]:
    """Rows grouped by kind (known kinds first, in KINDS order), dated rows by start date and
    undated ones after them, each group keeping entry order among equals."""
    kinds = list(KINDS) + sorted({bar.kind for bar in bars} - set(KINDS))
    groups = []
    for kind in kinds:
        rows = [bar for bar in bars if bar.kind == kind]
        if rows:
            rows.sort(key=lambda bar: (bar.start is None, bar.start or date.min))
            groups.append((kind, rows))
    return groups


def _domain(dated: Sequence[Bar], visit_date: date | None) -> tuple[date, date]:
    """Whole years around every date drawn, the visit date included (`dated` bars have a start)."""
    days = [day for bar in dated for day in (bar.start, bar.end) if day is not None]
    if visit_date is not None:
        days.append(visit_date)
    return date(min(days).year, 1, 1), date(max(days).year + 1, 1, 1)


def _tick_step(years: int, plot_width: float) -> int:
    for step in TICK_STEPS:
        if plot_width / (years / step) >= MIN_TICK_SPACING:
            return step
    return TICK_STEPS[-1]


def _row(bar: Bar, y: int, x_of, visit_date: date | None, last: date) -> Row:
    label_y = y + ROW_HEIGHT - 4
    label = Label(LABEL_WIDTH - 6, label_y, clean(fit(bar.label, LABEL_WIDTH - 14)))
    if bar.start is None:
        note = "no dates recorded"
        if bar.end is not None:
            note = f"no start date recorded; ended {bar.end.isoformat()}"
        return Row(label, Label(LABEL_WIDTH + 4, label_y, note), None)

    top = round(y + (ROW_HEIGHT - BAR_HEIGHT) / 2, 1)
    style = _kind(bar.kind)
    if bar.ongoing:
        until = visit_date if visit_date is not None and visit_date > bar.start else last
        left, right = x_of(bar.start), x_of(until)
        right = round(max(right, left + MIN_BAR_WIDTH), 1)
        bottom = top + BAR_HEIGHT
        shape = BarShape(
            clean(bar.kind), left, top, round(right - left, 1), BAR_HEIGHT, style.fill, style.dash,
            True,
            open_end=f"M{right:.1f},{top:.1f} H{left:.1f} V{bottom:.1f} H{right:.1f}",
            arrow=_arrow(right, top - 2, bottom + 2),
        )  # fmt: skip
        return Row(label, None, shape)

    # Without an end and not marked ongoing, only the start is known: a thin mark on that day.
    start, end = sorted((bar.start, bar.end or bar.start))
    left, right = x_of(start), x_of(end)
    right = max(right, left + MIN_BAR_WIDTH)
    width = round(right - left, 1)
    shape = BarShape(clean(bar.kind), left, top, width, BAR_HEIGHT, style.fill, style.dash, False)
    return Row(label, None, shape)
