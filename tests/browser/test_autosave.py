"""A tab closed halfway through a step, a session that times out: nothing typed is lost."""

import re

from playwright.sync_api import Page, expect

from reviews import services
from tests.factories import PASSWORD
from tests.reviews.samples import blank_review

TYPED = "Sleeps four hours a night since the move; café job stopped in March — Ω≈ç"


def sign_in(page: Page, clinician):
    page.get_by_label("Username").fill(clinician.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_typed_input_survives_a_closed_tab_and_a_timed_out_session(
    live_server, page: Page, clinician, settings
):
    settings.TRDREVIEW_IDLE_TIMEOUT_SECONDS = 8
    review = services.import_review(data=blank_review(), by=clinician)
    step_url = f"{live_server.url}/reviews/{review.pk}/steps/notes/"

    page.goto(step_url)
    sign_in(page, clinician)
    notes = page.get_by_label("Clinician's notes")
    notes.click()
    page.keyboard.type(TYPED)
    page.wait_for_timeout(4000)  # the page autosaves every 3 seconds while typing
    context = page.context
    page.close()  # the tab is closed without saving

    reopened = context.new_page()
    reopened.wait_for_timeout(9000)  # past the idle limit: the session has timed out
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
