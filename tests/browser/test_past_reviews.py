"""Past reviews in chromium: find a patient by search, open their timeline, start a follow-up
and see the carried-forward trials. No page address ever shows the patient reference. The list
is a table that sorts by its column headers, and one card per review on a phone (screenshots
in /tmp/shots-list)."""

import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from reviews import services
from reviews.models import Review
from tests.browser.keyboard import tab_to
from tests.factories import PASSWORD
from tests.reviews.samples import blank_review, trial

PATIENT = "MRN-7781"


def add_review(clinician, patient_ref: str, visit: str, trials: list[dict], final=True):
    data = blank_review()
    data.update(patient_ref=patient_ref, visit_date=visit, medication_trials=trials)
    data["episode"]["severity_scores"] = [{"scale": "phq9", "score": 20, "date": visit}]
    review = services.import_review(data=data, by=clinician)
    if final:
        services.finalise_review(
            review=review, expected_version=review.lock_version, by=review.clinician
        )
    return review


def test_find_a_patient_see_the_timeline_and_start_a_follow_up(live_server, page: Page, clinician):
    sertraline = trial("sertraline", "ssri", start="2024-02-01", end="2024-05-01")
    venlafaxine = trial("venlafaxine", "snri", start="2024-06-01", dose_adequate="yes")
    add_review(clinician, PATIENT, "2024-07-01", [sertraline, venlafaxine])
    add_review(clinician, PATIENT, "2025-01-10", [sertraline, {**venlafaxine, "end": "2024-12-01"}])
    add_review(clinician, "MRN-9999", "2025-02-01", [])
    addresses: list[str] = []
    page.on("request", lambda request: addresses.append(request.url))

    page.goto(live_server.url + "/")
    page.get_by_label("Username").fill(clinician.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Reviews", level=1)).to_be_visible()

    # Find the patient: the form is posted, the address shows only an opaque token.
    page.get_by_label("Patient reference").fill("MRN-77")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/\?q=[A-Za-z0-9_-]+$"))
    rows = page.get_by_test_id("review-list").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(PATIENT)
    expect(rows.first).to_contain_text("2025-01-10")

    # The timeline: both reviews in visit order, both charts, what changed.
    rows.first.get_by_role("link", name="Timeline").click()
    expect(page.get_by_role("heading", name="Patient timeline", level=1)).to_be_visible()
    expect(page.get_by_test_id("timeline-heading")).to_contain_text(f"2 reviews of {PATIENT}")
    expect(page.get_by_test_id("timeline-chart").locator("svg")).to_be_visible()
    expect(page.get_by_test_id("severity-chart").locator("svg")).to_be_visible()
    expect(page.get_by_test_id("changes")).to_contain_text(
        "Trial ended: venlafaxine on 2024-12-01."
    )

    # A follow-up from the latest review opens on the safety step; the trials are carried.
    page.get_by_role("button", name="Start follow-up review").click()
    expect(page.get_by_role("heading", name="Safety", level=1)).to_be_visible()
    expect(page.get_by_text("Follow-up review started as a draft")).to_be_visible()
    page.goto(page.url.replace("/steps/safety/", "/steps/medication/"))
    expect(page.get_by_role("heading", name="Medication trials", level=1)).to_be_visible()
    expect(page.locator('[name="medication_trials-0-drug"]')).to_have_value("sertraline")
    expect(page.locator('[name="medication_trials-1-drug"]')).to_have_value("venlafaxine")
    expect(page.locator('[name="medication_trials-1-end"]')).to_have_value("2024-12-01")

    assert addresses
    assert not [address for address in addresses if "MRN" in address]


SHOTS = Path("/tmp/shots-list")


def add_many(clinician, count: int) -> None:
    Review.objects.bulk_create(
        Review(
            practice=clinician.practice,
            clinician=clinician,
            patient_ref=f"NC-{7700 + number}" if number % 9 else f"HOSP-{number:04d}-LONG-REF-A1",
            visit_date=datetime.date(2025, 6, 30) - datetime.timedelta(days=number),
        )
        for number in range(count)
    )


def sign_in(page: Page, live_server, clinician) -> None:
    page.goto(live_server.url + "/")
    page.get_by_label("Username").fill(clinician.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Reviews", level=1)).to_be_visible()


@pytest.mark.parametrize("width", [390, 820, 1280])
def test_the_list_is_a_table_on_wide_screens_and_one_card_per_review_on_a_phone(
    live_server, page: Page, clinician, width
):
    add_many(clinician, 55)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, clinician)

    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"list-{width}.png"), full_page=True)
    rows = page.get_by_test_id("review-list").locator("tbody tr")
    expect(rows).to_have_count(50)
    expect(page.get_by_test_id("pages")).to_contain_text("Page 1 of 2")
    assert page.evaluate("() => document.documentElement.scrollWidth - innerWidth") <= 0
    header = page.get_by_test_id("review-list").locator("thead")
    if width < 992:  # cards: one per row on a phone, two on a tablet
        region = page.get_by_role("region", name=re.compile("^Reviews"))
        assert region.evaluate("e => e.scrollWidth - e.clientWidth") <= 0, "scrolls sideways"
        expect(header).to_be_hidden()
        expect(page.get_by_test_id("card-sort")).to_be_visible()
        first, second = rows.nth(0).bounding_box(), rows.nth(1).bounding_box()
        assert first and second and first["width"] <= width
        if width < 576:
            assert second["y"] >= first["y"] + first["height"], "one card above the other"
        else:
            assert second["y"] == first["y"] and second["x"] > first["x"] + first["width"]
        visit = rows.first.locator('[data-label="Visit date"]')
        assert visit.evaluate("e => getComputedStyle(e, '::before').content") == '"Visit date"'
        expect(visit).to_contain_text("2025-06-30")
    else:
        expect(header).to_be_visible()
        expect(page.get_by_test_id("card-sort")).to_be_hidden()
        assert rows.nth(0).bounding_box()["height"] < 80, "one line per review"


@pytest.mark.parametrize("width", [1280, 820, 390])
def test_the_list_is_sorted_from_the_keyboard(live_server, page: Page, clinician, width):
    add_many(clinician, 12)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, clinician)
    refs = page.get_by_test_id("review-list").locator("tbody tr th")

    tab_to(page, page.get_by_role("link", name="Patient reference", exact=True))
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/\?sort=patient_asc$"))
    expect(refs.first).to_have_text("HOSP-0000-LONG-REF-A1")
    if width >= 992:
        column = page.get_by_role("columnheader", name="Patient reference")
        expect(column).to_have_attribute("aria-sort", "ascending")
    else:
        expect(page.get_by_test_id("card-sort")).to_contain_text("(sorted ascending)")

    tab_to(page, page.get_by_role("link", name=re.compile("^Patient reference")))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/\?sort=patient_desc$"))
    expect(refs.first).to_have_text("NC-7711")
