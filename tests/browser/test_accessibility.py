"""The checkers themselves, and page states the other browser tests do not reach."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.test_past_reviews import add_review
from tests.factories import PASSWORD
from tests.reviews.samples import trial


def sign_in(page: Page, live_server, user) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Reviews", level=1)).to_be_visible()


def test_axe_reports_a_violation_it_is_shown(live_server, page: Page, axe):
    page.goto(live_server.url + "/accounts/login/")
    page.evaluate("() => window.__axeIdle")
    page.evaluate(
        "() => document.querySelector('main').insertAdjacentHTML('beforeend',"
        " '<span aria-label=x role=button id=unnamed-test></span><img src=x.png>')"
    )
    with pytest.raises(AssertionError, match=r"image-alt"):
        assert_accessible(page)
    axe.found.clear()
    page.evaluate("() => document.querySelector('img[src=\"x.png\"]').remove()")
    page.evaluate("() => document.getElementById('unnamed-test').remove()")
    assert_accessible(page)
    assert axe.pages_checked >= 2


@pytest.mark.parametrize("width", [1280, 640, 320])
def test_list_page_fits_and_is_accessible_at_each_width(live_server, page: Page, clinician, width):
    add_review(clinician, "MRN-1", "2024-07-01", [trial("sertraline", "ssri", start="2024-02-01")])
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, live_server, clinician)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    widest = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
          .filter((e) => !e.parentElement.closest('.scroll-region'))
          .slice(0, 5).map((e) => e.outerHTML.slice(0, 100))"""
    )
    assert overflow <= 0, f"the list scrolls sideways by {overflow}px at {width}px: {widest}"
    assert_accessible(page)


def test_refused_search_moves_focus_to_the_errors(live_server, page: Page, clinician):
    sign_in(page, live_server, clinician)
    page.get_by_label("Visit from").fill("2026-05-01")
    page.get_by_label("Visit until").fill("2026-01-01")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link").first).to_be_visible()
    assert_accessible(page)


def test_refused_start_moves_focus_to_the_error_summary(live_server, page: Page, clinician):
    sign_in(page, live_server, clinician)
    page.get_by_role("link", name="Start a review").click()
    page.get_by_role("button", name="Start review").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    first_link = summary.get_by_role("link").first
    first_link.click()
    target = first_link.get_attribute("href").lstrip("#")
    expect(page.locator(f"[id='{target}']")).to_be_focused()
    assert_accessible(page)


def test_history_chart_has_a_table_and_scrolls_by_keyboard(live_server, page: Page, clinician):
    sertraline = trial("sertraline", "ssri", start="2024-02-01", end="2024-05-01")
    review = add_review(clinician, "MRN-1", "2024-07-01", [sertraline])
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, live_server, clinician)
    page.goto(f"{live_server.url}/reviews/{review.pk}/timeline/")
    chart = page.get_by_test_id("timeline-chart")
    chart.focus()
    expect(chart).to_be_focused()
    page.get_by_text("The trials as a table").click()
    expect(page.get_by_test_id("timeline-table")).to_contain_text("sertraline")
    assert_accessible(page)


def test_stay_signed_in_returns_focus_to_where_it_was(live_server, page: Page, clinician, settings):
    settings.TRDREVIEW_IDLE_TIMEOUT_SECONDS = 62  # the warning shows a minute before: at 2 s
    sign_in(page, live_server, clinician)
    field = page.get_by_label("Patient reference")
    field.focus()
    button = page.get_by_role("button", name="Stay signed in")
    expect(button).to_be_visible(timeout=5000)
    expect(field).to_be_focused()  # the notice is announced, never given the focus (issue 14)
    assert_accessible(page)
    button.focus()  # the clinician goes to it
    page.keyboard.press("Enter")
    expect(button).to_be_hidden()
    expect(field).to_be_focused()
