"""The session's limits never cost typed input (issue 14): typing is activity, a notice never
takes the focus, a refused autosave says so and keeps the input, the absolute limit is
announced, and a review of 100 trials saves and autosaves in small requests."""

import re

from playwright.sync_api import Page, expect

from reviews import services
from reviews.models import StepDraft
from tests.browser.test_autosave import autosave_of, sign_in
from tests.reviews.samples import blank_review

NOT_SAVED = "Not saved — sign in again; what you typed is still here"


def notes_step(live_server, page: Page, clinician) -> str:
    review = services.import_review(data=blank_review(), by=clinician)
    url = f"{live_server.url}/reviews/{review.pk}/steps/notes/"
    page.goto(url)
    sign_in(page, clinician)
    expect(page).to_have_url(url)
    # The URL changes before the page's scripts run: typed before them, nothing would autosave.
    page.wait_for_load_state("load")
    return url


def assert_draft(name: str, value: str) -> None:
    assert StepDraft.objects.get().data.get(name) == [value]


def type_slowly(page: Page, text: str, seconds: float) -> None:
    delay = int(seconds * 1000 / len(text))
    page.keyboard.type(text, delay=delay)


def test_typing_keeps_the_session_alive(live_server, page: Page, clinician, settings):
    settings.TRDREVIEW_IDLE_TIMEOUT_SECONDS = 8
    settings.TRDREVIEW_KEEPALIVE_SECONDS = 2
    url = notes_step(live_server, page, clinician)
    notes = page.get_by_label("Clinician's notes")
    notes.click()
    text = "Typing for longer than the idle limit, one key after another."
    with autosave_of(page, "clinician_notes", text):
        type_slowly(page, text, 12)  # past the 8-second idle limit, never idle for 8 seconds

    expect(notes).to_have_value(text)
    expect(notes).to_be_focused()
    assert_draft("clinician_notes", text)
    page.goto(url)  # still signed in: the step, not the sign-in page
    expect(page).to_have_url(url)
    expect(page.get_by_label("Clinician's notes")).to_have_value(text)


def test_without_typing_the_idle_limit_still_signs_out(
    live_server, page: Page, clinician, settings
):
    settings.TRDREVIEW_IDLE_TIMEOUT_SECONDS = 4
    settings.TRDREVIEW_KEEPALIVE_SECONDS = 2
    notes_step(live_server, page, clinician)
    # Left alone, the page's own clock reloads it a second past the limit (static/js/session.js)
    # and the server, which counted none of the page's background requests, signs out.
    expect(page).to_have_url(re.compile(r"/accounts/login/"), timeout=15000)
    expect(page.get_by_text("signed out after a period without activity")).to_be_visible()


def test_the_idle_warning_does_not_take_the_focus(live_server, page: Page, clinician, settings):
    settings.TRDREVIEW_IDLE_TIMEOUT_SECONDS = 63  # the warning shows a minute before: at 3 s
    notes_step(live_server, page, clinician)
    notes = page.get_by_label("Clinician's notes")
    notes.click()
    text = "Every key typed while the warning appears reaches the field it was typed in."
    type_slowly(page, text, 5)

    warning = page.locator("[data-session-warning]")
    expect(warning).to_be_visible()
    expect(notes).to_be_focused()
    expect(notes).to_have_value(text)
    announced = page.locator("[data-session-announce]")
    expect(announced).to_contain_text("signed out in about a minute")
    # Focus moves when the clinician acts: the button is there to press.
    page.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()


def test_autosave_after_sign_out_says_not_saved_and_keeps_the_input(
    live_server, page: Page, clinician
):
    url = notes_step(live_server, page, clinician)
    notes = page.get_by_label("Clinician's notes")
    with autosave_of(page, "clinician_notes", "Saved as a draft before the sign-out."):
        notes.fill("Saved as a draft before the sign-out.")

    other = page.context.new_page()  # signed out in another tab
    other.goto(live_server.url + "/")
    other.get_by_role("button", name="Sign out").click()
    expect(other).to_have_url(re.compile(r"/accounts/login/"))

    typed = "Saved as a draft before the sign-out. Typed after it."
    notes.fill(typed)
    status = page.get_by_test_id("autosave-status")
    expect(status).to_contain_text(NOT_SAVED, timeout=6000)
    expect(notes).to_have_value(typed)

    # A save does not post the input to the sign-in page: the page and its input stay.
    with page.expect_response(lambda response: response.url.endswith("/autosave/")) as answer:
        page.get_by_role("button", name="Save and continue").click()  # autosaves first
    assert answer.value.headers.get("x-trd-autosave") != "saved"
    # Once the page has taken that refusal in (the next autosave waits for it), it has decided
    # not to submit: a submit would have replaced this page.
    assert page.evaluate("() => window.trdreviewAutosave(false)") is False
    expect(page).to_have_url(url)
    expect(notes).to_have_value(typed)
    expect(status).to_be_visible()

    # Signed in again in the other tab, the page saves again by itself.
    with autosave_of(page, "clinician_notes", typed):
        sign_in(other, clinician)
    expect(status).to_be_hidden()
    assert_draft("clinician_notes", typed)


def test_the_absolute_limit_is_announced_ten_minutes_before(
    live_server, page: Page, clinician, settings
):
    settings.TRDREVIEW_ABSOLUTE_TIMEOUT_SECONDS = 10 * 60 + 4
    notes_step(live_server, page, clinician)
    notes = page.get_by_label("Clinician's notes")
    notes.click()
    page.keyboard.type("still typing")
    ending = page.get_by_test_id("session-ending")
    expect(ending).to_be_visible(timeout=8000)
    expect(ending).to_contain_text(re.compile(r"This session ends at \d\d:\d\d"))
    expect(ending).to_contain_text("Save your input before then")
    expect(ending.get_by_role("button")).to_have_count(0)  # no "stay signed in" for this one
    expect(notes).to_be_focused()
