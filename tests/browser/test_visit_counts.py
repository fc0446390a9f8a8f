"""Issue 14's measure: how many keystrokes and clicks a clinician's hands make, counted from the
page's own events (tests/browser/keyboard.py), not timed.

A follow-up of a known five-trial patient with two changes (a new trial, a new PHQ-9) and every
other section asked afresh confirmed as unchanged, by keyboard only, from the reviews list to the
finalised review. The counts are printed (`pytest -s` shows them) and recorded in
docs/benchmarks.md.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from reviews import services
from reviews.models import Review
from tests.browser.keyboard import (
    KeyCounter,
    choose,
    expect_step,
    press_button,
    row_field,
    shift_tab_to,
    sign_in,
    tab_to,
    type_date,
    type_into,
)
from tests.reviews.samples import rich_review

FOLLOW_UP_BUDGET = 150  # keystrokes and clicks, issue 14 (629 before it)
EARLIER_VISIT = "2026-10-02"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def earlier(clinician):
    """The five-trial patient's last review, final."""
    data = rich_review()
    data["visit_date"] = EARLIER_VISIT
    for score in data["episode"]["severity_scores"]:
        score["date"] = EARLIER_VISIT
    review = services.import_review(data=data, by=clinician)
    return services.finalise_review(review=review, expected_version=review.version, by=clinician)


def confirm_as_before(page: Page, title: str) -> None:
    """ "Same as on <date>", then the focused "Save these answers and continue"."""
    expect_step(page, title)
    # The focus is on the first answer; the offer sits just before it.
    shift_tab_to(page, page.get_by_role("button", name="Same as on 2 Oct 2026"))
    page.keyboard.press("Enter")
    confirm = page.get_by_role("button", name="Save these answers and continue")
    expect(confirm).to_be_focused()
    page.keyboard.press("Enter")


def pass_unchanged(page: Page, title: str) -> None:
    """A carried step whose answers stand: Ctrl+Enter, "Save and continue" from anywhere."""
    expect_step(page, title)
    page.keyboard.press("Control+Enter")


def test_a_follow_up_with_two_changes_takes_at_most_150_keystrokes_and_clicks(
    live_server, page: Page, clinician, earlier
):
    counter = KeyCounter(page)
    sign_in(page, live_server.url, clinician.username)
    counter.reset()

    # The list → the earlier review → "Start follow-up review": it opens on safety.
    tab_to(page, page.get_by_role("link", name="MRN-0042").first)
    page.keyboard.press("Enter")
    press_button(page, "Start follow-up review")
    confirm_as_before(page, "Safety")

    # Episode: today's PHQ-9.
    expect_step(page, "Episode & severity")
    choose(page, row_field(page, "severity_scores", 0, "scale"), "PHQ-9")
    type_into(page, row_field(page, "severity_scores", 0, "score"), "14")
    type_date(page, row_field(page, "severity_scores", 0, "date"), timezone.localdate())
    page.keyboard.press("Enter")

    # Medication: the five carried trials stay; the blank row below them takes the new one.
    expect_step(page, "Medication trials")
    new = 5
    tab_to(page, row_field(page, "medication_trials", new, "drug"), limit=300)
    page.keyboard.type("vortioxetine")
    type_date(page, row_field(page, "medication_trials", new, "start"), datetime.date(2026, 11, 2))
    page.keyboard.press("Enter")

    for title in ("Adherence & engagement", "Other medicines", "Substance use"):
        confirm_as_before(page, title)
    for title in ("Physical health", "Differential & co-occurring"):
        pass_unchanged(page, title)
    confirm_as_before(page, "Life situation")
    for title in (
        "Psychotherapies tried",
        "Procedures & intensive care",
        "Pharmacogenomic testing",
        "Notes",
    ):
        pass_unchanged(page, title)
    expect(page.get_by_role("heading", name="Finish the review")).to_be_visible()
    press_button(page, "Finalise review")
    expect(page.get_by_text("The review is final.")).to_be_visible()

    keys, clicks = counter.counts()
    print(f"\nfollow-up: {keys} keystrokes, {clicks} clicks, {keys + clicks} in all")
    follow_up = Review.objects.get(follows=earlier)
    assert follow_up.is_final
    assert list(follow_up.medication_trials.values_list("drug", flat=True)).count("vortioxetine")
    assert follow_up.severity_scores.get().score == 14
    before = set(services.build_summary(earlier).not_assessed)
    after = set(services.build_summary(follow_up).not_assessed)
    assert after <= before, f"assessed last time, not now: {sorted(after - before)}"
    assert keys + clicks <= FOLLOW_UP_BUDGET
