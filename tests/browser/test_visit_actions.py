"""A follow-up in minutes and a mistake undone, in chromium: "Same as on <date>" fills the
adherence step with the previous review's answers and saving them records that they were
confirmed at this visit; discarding a draft asks first, then removes it."""

import pytest
from playwright.sync_api import Page, expect

from reviews.models import AuditEvent, Review
from tests.browser.axe import assert_accessible
from tests.browser.keyboard import sign_in


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


def test_same_as_fills_the_adherence_step_and_saving_records_it(
    live_server, page: Page, clinician, earlier, follow_up
):
    sign_in(page, live_server.url, clinician.username)
    page.goto(f"{live_server.url}/reviews/{follow_up.pk}/steps/adherence/")
    partly = page.get_by_role("radio", name="Partly")
    expect(partly).not_to_be_checked()  # asked afresh: nothing is carried

    page.get_by_role("button", name="Same as on 2025-06-30").click()
    expect(page.get_by_test_id("same-as")).to_contain_text(
        "Filled in with the answers of the review of 30 Jun 2025"
    )
    expect(partly).to_be_checked()
    expect(page.get_by_role("checkbox", name="Cost")).to_be_checked()
    assert page.get_by_label("Notes").input_value() == earlier.adherence_notes
    # Nothing is saved until the clinician saves; the confirm button has the focus.
    assert Review.objects.get(pk=follow_up.pk).adherence_taking_as_prescribed == "unknown"
    confirm = page.get_by_role("button", name="Save these answers and continue")
    expect(confirm).to_be_focused()

    page.keyboard.press("Enter")
    # Saved: the walk-through moves on to the next step.
    expect(page.get_by_role("heading", name="Other medicines", level=1)).to_be_visible()
    saved = Review.objects.get(pk=follow_up.pk)
    assert saved.adherence_taking_as_prescribed == "partly"
    assert saved.adherence_barriers == earlier.adherence_barriers
    event = AuditEvent.objects.filter(review_id=follow_up.pk, action="save").latest("at")
    assert event.detail == f"step adherence; confirmed unchanged since review {earlier.pk}"


def test_discarding_a_draft_asks_first(live_server, page: Page, clinician, follow_up):
    sign_in(page, live_server.url, clinician.username)
    page.goto(f"{live_server.url}/reviews/{follow_up.pk}/")
    page.get_by_role("link", name="Discard draft…").click()
    expect(page.get_by_role("heading", name="Discard this draft?")).to_be_visible()
    # Keeping it is the focused choice, and asking removed nothing.
    expect(page.get_by_role("link", name="Keep it")).to_be_focused()
    assert Review.objects.filter(pk=follow_up.pk).exists()

    page.get_by_role("button", name="Discard the draft").click()
    expect(page.get_by_role("heading", name="Reviews", level=1)).to_be_visible()
    expect(page.get_by_text("The draft was discarded.")).to_be_visible()
    assert not Review.objects.filter(pk=follow_up.pk).exists()
    assert AuditEvent.objects.filter(action="discard", review_id=follow_up.pk).exists()


def test_discard_page_focused_keep_it_reads_clearly_and_notices_sit_in_a_landmark(
    live_server, page: Page, clinician, follow_up
):
    sign_in(page, live_server.url, clinician.username)
    page.goto(f"{live_server.url}/reviews/{follow_up.pk}/discard/")
    keep = page.get_by_role("link", name="Keep it")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focused by the keyboard: its :focus-visible colours
    expect(keep).to_be_focused()
    colours = keep.evaluate(
        "(e) => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]"
    )
    assert colours == ["rgb(255, 255, 255)", "rgb(73, 80, 87)"]  # white on #495057, 8.2:1
    assert_accessible(page)
    # The idle warning and the other session notices are inside a named landmark.
    landmark = page.locator("[data-session-warning]").evaluate(
        "(e) => e.closest('main, header, footer, aside, nav, [role=region]')"
        "?.getAttribute('aria-label')"
    )
    assert landmark == "Session notices"
