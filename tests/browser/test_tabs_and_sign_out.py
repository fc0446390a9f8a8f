"""Input typed in one tab is never passed off as another's, and input typed after a sign-out
survives the tab being closed (issue 25): the tab's id travels with each autosave, and input the
server refused is kept in the browser until the server has it."""

import re

from playwright.sync_api import Page, expect

from reviews.models import StepDraft
from tests.browser.test_autosave import autosave_of, sign_in
from tests.browser.test_session_limits import NOT_SAVED, assert_draft, notes_step

OWN = "Your unsaved input from"
OTHER = "typed in another tab or window"


def test_a_second_tabs_input_is_shown_as_another_tabs_never_as_restored(
    live_server, page: Page, clinician
):
    url = notes_step(live_server, page, clinician)
    second = page.context.new_page()
    second.goto(url)
    with autosave_of(second, "clinician_notes", "Typed in the second tab."):
        second.get_by_label("Clinician's notes").fill("Typed in the second tab.")

    page.goto(url)  # the first tab comes back to the step
    notice = page.get_by_test_id("restored")
    expect(notice).to_contain_text(OTHER)
    expect(notice).not_to_contain_text(OWN)

    second.reload()  # the tab that typed it is told it is its own
    expect(second.get_by_test_id("restored")).to_contain_text(OWN)
    expect(second.get_by_test_id("restored")).not_to_contain_text(OTHER)


def test_input_typed_after_a_sign_out_survives_closing_the_tab(live_server, page: Page, clinician):
    url = notes_step(live_server, page, clinician)
    notes = page.get_by_label("Clinician's notes")
    before = "Typed and autosaved before the sign-out. "
    with autosave_of(page, "clinician_notes", before):
        notes.fill(before)

    other = page.context.new_page()
    other.goto(live_server.url + "/")
    other.get_by_role("button", name="Sign out").click()
    expect(other).to_have_url(re.compile(r"/accounts/login/"))

    typed = before + "Typed after it, " * 20 + "and the tab closed."
    notes.fill(typed)
    status = page.get_by_test_id("autosave-status")
    expect(status).to_be_visible(timeout=6000)  # refused: kept in the browser from now on
    expect(status).to_contain_text(NOT_SAVED)
    page.close()  # closed without signing in again

    sign_in(other, clinician)
    with autosave_of(other, "clinician_notes", typed):  # and the server has it again
        other.goto(url)
        expect(other.get_by_label("Clinician's notes")).to_have_value(typed)
        expect(other.get_by_test_id("kept-in-browser")).to_be_visible()
    assert_draft("clinician_notes", typed)
    assert other.evaluate("() => Object.keys(localStorage).length") == 0
    assert StepDraft.objects.count() == 1
