"""The current episode's length from its onset (reviews/facts/chronicity.py): one test per
clause of the rule."""

from datetime import date

import pytest

from reviews.facts.chronicity import (
    DISAGREEMENT_MONTHS,
    RULE,
    Months,
    difference_notice,
    differs,
    episode_months,
    months_from_onset,
    whole_months,
)
from reviews.facts.dates import PartialDate

VISIT = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("onset", "expected"),
    [
        ("2024-03-01", Months(32, 32)),  # a day: one figure
        ("2024-03-21", Months(31, 31)),  # the 20th is not yet a whole month after the 21st
        ("2024-03", Months(31, 32)),  # a month: from its last day and from its first
        ("2024", Months(22, 34)),  # a year: from 31 December and from 1 January
        ("2026-11", Months(0, 0)),  # the visit's own month: never below nought
        ("2026-11-20", Months(0, 0)),
    ],
)
def test_the_months_are_the_shortest_and_longest_the_onset_allows(onset, expected):
    assert months_from_onset(PartialDate.parse(onset), VISIT) == expected


def test_no_onset_or_an_onset_after_the_visit_gives_no_figure():
    assert months_from_onset(None, VISIT) is None
    assert months_from_onset(PartialDate.parse("2026-12"), VISIT) is None


def test_whole_months_count_a_month_only_once_its_day_is_reached():
    assert whole_months(date(2024, 1, 31), date(2024, 2, 29)) == 0
    assert whole_months(date(2024, 1, 15), date(2024, 2, 15)) == 1


def test_the_review_reads_its_onset_and_visit_date():
    review = {"visit_date": "2026-11-20", "episode": {"onset": "2024-03"}}
    assert episode_months(review) == Months(31, 32)
    assert episode_months({**review, "episode": {"onset": None}}) is None
    assert episode_months({**review, "episode": {"onset": "March"}}) is None
    assert episode_months({**review, "visit_date": None}) is None
    assert Months(31, 32).as_json() == {"low": 31, "high": 32}
    assert (str(Months(31, 32)), str(Months(4, 4))) == ("31–32", "4")


def test_the_figures_differ_only_beyond_the_threshold_on_either_side():
    computed = Months(31, 32)
    assert DISAGREEMENT_MONTHS == 3
    assert not differs(computed, 28)
    assert differs(computed, 27)
    assert not differs(computed, 35)
    assert differs(computed, 36)
    assert not differs(None, 5)
    assert not differs(computed, None)


def test_the_notice_gives_both_figures_and_the_rule_and_no_verdict():
    notice = difference_notice(Months(31, 32), 12)
    assert notice == (
        f"The duration entered (12 months) and the {RULE} (31–32 months) differ by more than "
        "3 months."
    )
    for word in ("wrong", "error", "incorrect", "should", "check"):
        assert word not in notice.casefold()
