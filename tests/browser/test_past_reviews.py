"""Past reviews in chromium: find a patient by search, open their timeline, start a follow-up
and see the carried-forward trials. No page address ever shows the patient reference."""

import re

from playwright.sync_api import Page, expect

from reviews import services
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
            review=review, expected_version=review.version, by=review.clinician
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
