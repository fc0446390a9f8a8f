"""The timeline chart: pure functions from a review (or any bars) to an SVG string."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from reviews.charts.timeline import Bar, bars_from_review, timeline_svg_for, timeline_svgs
from tests.reviews.samples import blank_review, procedure, rich_review, therapy, trial
from tests.wording import directive_phrases


def timeline_svg(data: dict) -> str:
    """A review's timeline as printed when it fits one chart (every sample here does)."""
    charts = timeline_svgs(data)
    assert len(charts) <= 1
    return "".join(charts)


SVG = "{http://www.w3.org/2000/svg}"
VISIT = date(2026, 11, 20)


def parse(svg: str) -> ET.Element:
    """Parsing as strict XML also proves every label was escaped."""
    return ET.fromstring(svg)


def elements(root: ET.Element, tag: str, css_class: str) -> list[ET.Element]:
    return [
        element for element in root.iter(SVG + tag) if css_class in element.get("class", "").split()
    ]


def texts(root: ET.Element, css_class: str) -> list[str]:
    return [element.text for element in elements(root, "text", css_class)]


def test_every_dated_row_of_a_review_gets_a_bar_of_its_kind():
    root = parse(timeline_svg(rich_review()))

    # rich_review: 5 trials, CBT dated and behavioural activation undated, 2 procedures.
    assert len(elements(root, "rect", "medication")) == 5
    assert len(elements(root, "rect", "psychotherapy")) == 1
    assert len(elements(root, "rect", "procedure")) == 2
    assert texts(root, "heading") == [
        "Medication trials",
        "Psychotherapies",
        "Procedures and intensive care",
    ]
    labels = texts(root, "label")
    assert {"sertraline", "Venlafaxine", "bupropion", "CBT", "rTMS", "ketamine (IV)"} <= set(labels)


def test_year_ticks_cover_every_date_and_the_visit():
    root = parse(timeline_svg(rich_review()))

    # The earliest date is rTMS in January 2021; the visit is in 2026.
    assert texts(root, "year") == [str(year) for year in range(2021, 2027)]


def outline(rect: ET.Element) -> tuple[str, str]:
    """What tells a bar's kind on a greyscale printout: its fill and its outline's dashes."""
    return rect.get("fill"), rect.get("stroke-dasharray", "solid")


def test_kinds_differ_in_greyscale_and_the_legend_draws_them_alike():
    root = parse(timeline_svg(rich_review()))

    looks = {
        kind: {outline(rect) for rect in elements(root, "rect", kind)}
        for kind in ("medication", "psychotherapy", "procedure")
    }
    assert all(len(look) == 1 for look in looks.values())  # one look per kind
    looks = {kind: look.pop() for kind, look in looks.items()}
    # Greys only (no colour to lose on a black-and-white printer), three apart in lightness.
    fills = [fill for fill, _ in looks.values()]
    assert all(fill[1:3] == fill[3:5] == fill[5:7] for fill in fills)
    assert len({int(fill[1:3], 16) // 40 for fill in fills}) == 3
    assert looks["psychotherapy"][1] != "solid" and looks["medication"][1] == "solid"
    # No pattern fills: WeasyPrint parses the whole SVG again for each use of one.
    assert not list(root.iter(SVG + "pattern"))
    # The legend shows each kind as its bars look, under the same names as the group headings.
    legend = [outline(rect) for rect in elements(root, "rect", "key")]
    assert legend == list(looks.values())
    assert texts(root, "key-label") == texts(root, "heading")


def test_the_chart_is_in_the_printed_pages_font():
    root = parse(timeline_svg(rich_review()))

    assert root.get("font-family").split(",")[0] == "Noto Sans"


def test_a_bar_spans_its_dates_on_the_shared_axis():
    bars = [
        Bar("a", "medication", date(2020, 1, 1), date(2021, 1, 1)),
        Bar("b", "medication", date(2021, 1, 1), date(2022, 1, 1)),
    ]
    root = parse(timeline_svg_for(bars, date(2022, 6, 1)))

    first, second = elements(root, "rect", "bar")
    assert float(first.get("x")) < float(second.get("x"))
    # Both span one year (2020 is a leap year: one day longer).
    assert float(first.get("width")) == pytest.approx(float(second.get("width")), rel=0.01)
    assert float(first.get("x")) + float(first.get("width")) == pytest.approx(
        float(second.get("x")), abs=0.2
    )


def test_an_ongoing_row_is_drawn_open_ended_to_the_visit_date():
    data = blank_review()
    data["medication_trials"] = [
        trial("sertraline", "ssri", start="2024-01-01", end="2024-06-01"),
        trial("bupropion", "ndri", start="2026-01-01", ongoing="yes"),
    ]
    root = parse(timeline_svg(data))

    ongoing = elements(root, "rect", "ongoing")
    assert len(ongoing) == 1
    closed = [rect for rect in elements(root, "rect", "bar") if rect not in ongoing]
    assert closed[0].get("stroke") == "#000"  # a closed bar has all four edges
    assert ongoing[0].get("stroke") is None  # the open one: three edges drawn as a path
    assert len(elements(root, "path", "open-end")) == 1
    assert len(elements(root, "path", "arrow")) == 1
    # It ends where the dashed visit-date line stands.
    right = float(ongoing[0].get("x")) + float(ongoing[0].get("width"))
    visit_line = next(
        line for line in root.iter(SVG + "line") if line.get("stroke-dasharray") == "3,2"
    )
    assert right == pytest.approx(float(visit_line.get("x1")), abs=0.2)
    assert "visit date 2026-11-20" in "".join(root.itertext())


def test_rows_without_dates_are_listed_instead_of_drawn():
    data = blank_review()
    data["medication_trials"] = [
        trial("sertraline", "ssri", start="2024-01-01", end="2024-06-01"),
        trial("fluoxetine", "ssri"),
        trial("citalopram", "ssri", end="2023-05-01"),
    ]
    data["psychotherapies"] = [therapy("cbt")]
    root = parse(timeline_svg(data))

    assert len(elements(root, "rect", "bar")) == 1
    assert texts(root, "label") == ["sertraline", "fluoxetine", "citalopram", "CBT"]
    assert texts(root, "undated") == [
        "no dates recorded",
        "no start date recorded; ended 2023-05-01",
        "no dates recorded",
    ]


def test_labels_are_xml_escaped():
    hostile = "<script>x</script> & \"y\" 'z'"
    data = blank_review()
    data["medication_trials"] = [trial(hostile, "other", start="2024-01-01")]
    svg = timeline_svg(data)

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert texts(parse(svg), "label") == [hostile]


def test_control_characters_and_long_labels_still_give_well_formed_svg():
    bars = [
        Bar("bell\x07 and\x00 nul", "medication", date(2024, 1, 1), date(2024, 2, 1)),
        Bar("x" * 300, "medication", date(2024, 1, 1), date(2024, 2, 1)),
        Bar("日本語" * 40, "procedure", date(2024, 1, 1), date(2024, 2, 1)),
    ]
    root = parse(timeline_svg_for(bars, VISIT))

    plain, long_latin, long_cjk = texts(root, "label")
    assert plain == "bell and nul"
    assert long_latin.endswith("…") and len(long_latin) < 40
    assert long_cjk.endswith("…") and len(long_cjk) < 20


def test_nothing_dated_draws_nothing():
    assert timeline_svg(blank_review()) == ""
    data = blank_review()
    data["medication_trials"] = [trial("sertraline", "ssri")]
    data["procedures"] = [procedure("ect", end="2020-01-01")]
    assert timeline_svg(data) == ""
    assert timeline_svg_for([], VISIT) == ""


def test_the_generic_chart_takes_any_kind():
    bars = [
        Bar("Review 3", "review", date(2025, 3, 1), date(2025, 3, 2)),
        Bar("lithium", "medication", date(2019, 1, 1), None, ongoing=True),
        Bar("start only", "medication", date(2020, 5, 1)),
    ]
    svg = timeline_svg_for(bars, None, width=500)
    root = parse(svg)

    assert root.get("width") == "500"
    assert texts(root, "heading") == ["Medication trials", "Review"]
    assert texts(root, "key-label") == ["Medication trials", "Review"]
    # No ids, so a page can hold several charts without a clash.
    assert not [element for element in root.iter() if element.get("id")]
    # Without a visit date the ongoing bar runs to the end of the axis.
    assert len(elements(root, "rect", "ongoing")) == 1
    assert len(elements(root, "rect", "bar")) == 3


def test_bars_from_review_keep_entry_order_and_mark_ongoing():
    bars = bars_from_review(rich_review())

    assert [bar.kind for bar in bars] == ["medication"] * 5 + ["psychotherapy"] * 2 + [
        "procedure"
    ] * 2
    ongoing = [bar.label for bar in bars if bar.ongoing]
    # ketamine (IV): 6 sessions from 2022-05-02, no end recorded. Only a trial's own "ongoing"
    # answer draws a bar on to the visit; without it, the start is all the chart claims.
    assert ongoing == ["bupropion"]
    assert bars[-1] == Bar("ketamine (IV)", "procedure", date(2022, 5, 2), None)
    assert bars[0] == Bar("sertraline", "medication", date(2024, 4, 1), date(2024, 6, 15))


def test_no_directive_wording_in_the_chart():
    svg = timeline_svg(rich_review())
    assert directive_phrases(" ".join(parse(svg).itertext())) == []


def test_a_long_history_is_cut_into_charts_on_one_axis():
    data = blank_review()
    data["medication_trials"] = [
        trial(
            f"drug {index}",
            "ssri",
            start=f"{2000 + index // 4}-01-01",
            end=f"{2000 + index // 4}-06-01",
        )
        for index in range(50)
    ]
    data["procedures"] = [procedure("ect")]
    charts = [parse(svg) for svg in timeline_svgs(data, rows_per_chart=40)]

    assert len(charts) == 2
    assert [len(texts(chart, "label")) for chart in charts] == [40, 11]
    assert texts(charts[0], "year") == texts(charts[1], "year")
    assert texts(charts[1], "undated") == ["no dates recorded"]
    assert not [element for chart in charts for element in chart.iter() if element.get("id")]
    assert timeline_svgs(blank_review()) == []


def test_the_geometry_is_plain_data_and_the_template_escapes_it():
    from reviews.charts.timeline import timeline_geometry

    hostile = '<b onload="x">'
    bars = [Bar(hostile, "medication", date(2024, 1, 1), date(2024, 7, 1))]
    chart = timeline_geometry(bars, date(2024, 12, 1), width=600)

    assert chart.rows[0].label.text == hostile  # geometry keeps the text as it is
    assert chart.rows[0].bar.x < chart.visit_line.x1 <= chart.axis.x2
    svg = timeline_svg_for(bars, date(2024, 12, 1), width=600)
    assert hostile not in svg
    assert "&lt;b onload=&quot;x&quot;&gt;" in svg


def test_each_part_of_a_long_timeline_says_in_its_title_what_it_shows():
    data = blank_review()
    data["medication_trials"] = [
        trial(f"drug {index}", "ssri", start=f"{2000 + index}-01-01", end=f"{2000 + index}-06-01")
        for index in range(3)
    ]
    data["psychotherapies"] = [therapy("cbt", start="2010-02-01", end="2010-08-01")]
    data["procedures"] = [procedure("ect")]
    titles = [parse(svg).find(f"{SVG}title").text for svg in timeline_svgs(data, rows_per_chart=3)]

    assert titles == [
        "Timeline, part 1 of 2, 2000 to 2002: Medication trials: drug 0, drug 1, drug 2.",
        "Timeline, part 2 of 2, 2010: Psychotherapies: CBT. No dates recorded: ECT.",
    ]
