"""A tab closed halfway through a step, a session that times out, a review of 100 trials:
nothing typed is lost."""

import re
from contextlib import contextmanager
from decimal import Decimal
from urllib.parse import parse_qs

from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import Page, expect

from reviews import services
from reviews.middleware import LAST_ACTIVITY
from reviews.models import StepDraft
from tests.factories import PASSWORD
from tests.reviews.samples import blank_review, hundred_trials

TYPED = "Sleeps four hours a night since the move; café job stopped in March — Ω≈ç"


def sign_in(page: Page, clinician):
    page.get_by_label("Username").fill(clinician.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@contextmanager
def autosave_of(page: Page, name: str, value: str, timeout: float = 15000):
    """Waits, on leaving the block, until the server has answered "saved" to an autosave of the
    page sending `value` as field `name` (sent during the block or after it)."""

    def is_it(response) -> bool:
        if not response.url.endswith("/autosave/"):
            return False
        if response.headers.get("x-trd-autosave") != "saved":
            return False
        return parse_qs(response.request.post_data or "").get(name) == [value]

    with page.expect_response(is_it, timeout=timeout):
        yield


def age_the_last_activity(page: Page, seconds: float) -> None:
    """Moves the signed-in session's last activity `seconds` into the past, as if the clinician
    had left the keyboard that long ago (reviews.middleware.SessionTimeoutMiddleware)."""
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[LAST_ACTIVITY] -= seconds
    session.save()


def test_typed_input_survives_a_closed_tab_and_a_timed_out_session(
    live_server, page: Page, clinician, settings
):
    review = services.import_review(data=blank_review(), by=clinician)
    step_url = f"{live_server.url}/reviews/{review.pk}/steps/notes/"

    page.goto(step_url)
    sign_in(page, clinician)
    notes = page.get_by_label("Clinician's notes")
    notes.click()
    with autosave_of(page, "clinician_notes", TYPED):  # every 3 seconds while typing
        page.keyboard.type(TYPED)
    context = page.context
    page.close()  # the tab is closed without saving

    reopened = context.new_page()
    age_the_last_activity(reopened, settings.TRDREVIEW_IDLE_TIMEOUT_SECONDS + 1)
    reopened.goto(step_url)
    expect(reopened).to_have_url(re.compile(r"/accounts/login/"))
    expect(reopened.get_by_text("signed out after a period without activity")).to_be_visible()
    sign_in(reopened, clinician)

    expect(reopened).to_have_url(step_url)
    expect(reopened.get_by_label("Clinician's notes")).to_have_value(TYPED)
    expect(reopened.get_by_test_id("restored")).to_be_visible()


def test_the_idle_warning_offers_to_stay_signed_in(live_server, page: Page, clinician, settings):
    settings.TRDREVIEW_IDLE_TIMEOUT_SECONDS = 62  # the warning shows a minute before: at 2 s
    page.goto(live_server.url + "/")
    sign_in(page, clinician)
    button = page.get_by_role("button", name="Stay signed in")
    expect(button).to_be_visible(timeout=5000)
    button.click()
    expect(button).to_be_hidden()
    expect(page.get_by_role("heading", name="Reviews", level=1)).to_be_visible()


def test_a_review_of_100_trials_autosaves_and_saves_from_the_browser(
    live_server, page: Page, clinician
):
    # A whole page of 100 trials is heavy for a loaded machine: every wait is bounded, so a
    # stuck step fails in 30 seconds instead of stopping the run.
    page.set_default_timeout(30000)
    page.set_default_navigation_timeout(30000)
    review = services.import_review(data=hundred_trials(), by=clinician)
    url = f"{live_server.url}/reviews/{review.pk}/steps/medication/"
    page.goto(url)
    sign_in(page, clinician)
    expect(page).to_have_url(url)

    # Saved trials are folded to one line each: open the last one, as a clinician would.
    page.get_by_role("button", name="Edit medication trial 100", exact=True).click()
    dose = page.locator('[name="medication_trials-99-max_daily_dose_mg"]')
    expect(dose).to_be_visible(timeout=30000)

    def is_this_autosave(response) -> bool:
        posted = response.request.post_data or ""
        return response.url.endswith("/autosave/") and "99-max_daily_dose_mg" in posted

    with page.expect_response(is_this_autosave, timeout=30000) as answer:
        dose.fill("175")  # autosave sends within 3 seconds
    autosave = answer.value
    # What the page itself takes as saved (static/js/step.js). Not the body: the page never
    # reads it, and Chromium then never finishes the response, so Playwright's
    # `response.json()` would wait forever, with no timeout (microsoft/playwright#6666).
    assert (autosave.status, autosave.headers.get("x-trd-autosave")) == (200, "saved")
    size = len(autosave.request.post_data_buffer or b"")
    print(f"\nautosave of one changed field among 100 trials: {size} bytes")
    assert size < 2048  # far below the 64 KiB a browser allows a keep-alive request
    assert StepDraft.objects.get().data["medication_trials-99-max_daily_dose_mg"] == ["175"]

    page.get_by_role("button", name="Save and continue", exact=True).click()
    expect(page.get_by_role("heading", name="Adherence & engagement", level=1)).to_be_visible(
        timeout=30000
    )
    trials = review.medication_trials.order_by("id")
    assert trials.count() == 100
    assert trials.last().max_daily_dose_mg == Decimal("175")
    assert {trial.notes for trial in trials} == {f"row {n}" for n in range(100)}
    assert not StepDraft.objects.exists()
