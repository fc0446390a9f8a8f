"""The session's limits never cost typed input (issue 14): typing is activity, a notice never
takes the focus, a refused autosave says so and keeps the input, the absolute limit is
announced, and a review of 100 trials saves and autosaves in small requests."""

import re
from urllib.parse import parse_qs

from playwright.sync_api import Page, expect

from reviews import services
from reviews.models import StepDraft
from tests.browser.test_autosave import sign_in
from tests.reviews.samples import blank_review, trial

NOT_SAVED = "Not saved — sign in again; what you typed is still here"


def notes_step(live_server, page: Page, clinician) -> str:
    review = services.import_review(data=blank_review(), by=clinician)
    url = f"{live_server.url}/reviews/{review.pk}/steps/notes/"
    page.goto(url)
    sign_in(page, clinician)
    expect(page).to_have_url(url)
    return url


def wait_for_draft(page: Page, name: str, value: str) -> None:
    """Until the autosave of `value` is stored (at most 8 seconds)."""
    for _ in range(80):
        draft = StepDraft.objects.first()
        if draft is not None and draft.data.get(name) == [value]:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{name} was not autosaved")


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
    type_slowly(page, text, 12)  # past the 8-second idle limit, never idle for 8 seconds

    expect(notes).to_have_value(text)
    expect(notes).to_be_focused()
    wait_for_draft(page, "clinician_notes", text)
    page.goto(url)  # still signed in: the step, not the sign-in page
    expect(page).to_have_url(url)
    expect(page.get_by_label("Clinician's notes")).to_have_value(text)


def test_without_typing_the_idle_limit_still_signs_out(
    live_server, page: Page, clinician, settings
):
    settings.TRDREVIEW_IDLE_TIMEOUT_SECONDS = 4
    settings.TRDREVIEW_KEEPALIVE_SECONDS = 2
    url = notes_step(live_server, page, clinician)
    page.wait_for_timeout(6000)  # the page's autosave runs meanwhile; it is no activity
    page.goto(url)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


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
    notes.fill("Saved as a draft before the sign-out.")
    wait_for_draft(page, "clinician_notes", "Saved as a draft before the sign-out.")

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
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_timeout(1000)
    expect(page).to_have_url(url)
    expect(notes).to_have_value(typed)
    expect(status).to_be_visible()

    # Signed in again in the other tab, the page saves again by itself.
    sign_in(other, clinician)
    expect(status).to_be_hidden(timeout=6000)
    wait_for_draft(page, "clinician_notes", typed)


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


def test_a_review_of_100_trials_autosaves_in_small_requests_and_saves(
    live_server, page: Page, clinician
):
    data = blank_review()
    data["medication_trials"] = [
        trial("sertraline", "ssri", start="2020-01-01", end="2020-03-01", notes=f"row {n}")
        for n in range(100)
    ]
    review = services.import_review(data=data, by=clinician)
    url = f"{live_server.url}/reviews/{review.pk}/steps/medication/"
    page.goto(url)
    sign_in(page, clinician)
    expect(page).to_have_url(url)

    bodies = []
    page.on(
        "request",
        lambda request: (
            bodies.append((request.url, request.post_data or ""))
            if request.method == "POST"
            else None
        ),
    )
    # Saved trials are folded to one line each: open the last one, as a clinician would.
    page.get_by_role("button", name="Edit medication trial 100", exact=True).click()
    last = page.locator('[name="medication_trials-99-notes"]')
    with page.expect_response(lambda r: r.url.endswith("/autosave/"), timeout=30000) as answer:
        last.fill("the last row, changed")
    assert answer.value.json() == {"saved": True}
    wait_for_draft(page, "medication_trials-99-notes", "the last row, changed")
    autosaves = [body for address, body in bodies if address.endswith("/autosave/")]
    assert autosaves, "no autosave was sent"
    assert max(len(body.encode()) for body in autosaves) < 2048  # far below 64 KiB
    draft = StepDraft.objects.get().data
    assert draft["medication_trials-99-notes"] == ["the last row, changed"]
    assert draft["medication_trials-0-notes"] == ["row 0"]  # merged into the saved rows

    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_test_id("error-summary")).to_have_count(0)
    expect(page).not_to_have_url(url, timeout=20000)
    saves = [body for address, body in bodies if address == url]
    fields = parse_qs(saves[-1], keep_blank_values=True)
    print(f"fields posted by the save of 100 trials: {sum(len(v) for v in fields.values())}")
    assert review.medication_trials.filter(notes="the last row, changed").exists()
    assert not StepDraft.objects.exists()
