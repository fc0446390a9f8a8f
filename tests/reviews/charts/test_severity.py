"""The severity chart's geometry (pure) apart from its template."""

from datetime import date

from reviews.charts.severity import (
    SEVERITY_LABEL_WIDTH,
    SEVERITY_MARKERS,
    SeverityPoint,
    severity_geometry,
)

POINTS = [
    SeverityPoint("PHQ-9", date(2024, 1, 10), 21, 27),
    SeverityPoint("PHQ-9", date(2024, 7, 1), 9, 27),
    SeverityPoint("MADRS", date(2024, 3, 5), 30, 60),
]


def test_nothing_to_draw_without_points():
    assert severity_geometry([]) is None


def test_one_panel_per_scale_in_the_order_scales_first_appear():
    chart = severity_geometry(POINTS)
    assert [panel.scale for panel in chart.panels] == ["PHQ-9", "MADRS"]
    assert [panel.points[0].marker.shape for panel in chart.panels] == list(SEVERITY_MARKERS[:2])


def test_each_panel_runs_from_zero_to_its_scale_maximum():
    phq9, madrs = severity_geometry(POINTS).panels
    assert [guide.label.text for guide in phq9.guides] == ["27", "0"]
    assert madrs.range_label.text == "range 0–60"
    head, foot = (guide.line.y1 for guide in phq9.guides)
    assert head < foot


def test_a_later_day_is_further_right_and_a_lower_score_lower():
    phq9 = severity_geometry(POINTS).panels[0]
    early, late = phq9.points
    assert SEVERITY_LABEL_WIDTH < early.marker.x < late.marker.x
    assert early.marker.y < late.marker.y  # 21 is drawn above 9
    assert phq9.polyline.count(",") == 2


def test_a_single_point_has_no_line():
    chart = severity_geometry([SeverityPoint("PHQ-9", date(2024, 1, 10), 5, 27)])
    assert chart.panels[0].polyline == ""
