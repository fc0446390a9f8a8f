"""The documentation sheet's section of the summary page, in a browser (axe-checked)."""

import os

from playwright.sync_api import Page, expect

from reviews import services
from tests.browser.test_accessibility import sign_in
from tests.reviews.samples import rich_review

SCREENSHOTS = os.environ.get("TRDREVIEW_SCREENSHOTS")  # a folder, to look at the page


def test_the_sheet_section_lists_items_and_prints_for_the_treatment_chosen(
    live_server, page: Page, clinician
):
    review = services.import_review(data=rich_review(), by=clinician)
    sign_in(page, live_server, clinician)
    page.goto(f"{live_server.url}/reviews/{review.pk}/")

    page.get_by_role("link", name="Documentation sheet").click()
    section = page.get_by_test_id("documentation-sheet")
    expect(section).to_be_in_viewport()
    expect(section.locator("#sheet-concurrent_treatments")).to_contain_text(
        "not recorded in this review"
    )
    expect(section.locator("#sheet-current_courses")).to_contain_text("sertraline")
    if SCREENSHOTS:
        section.screenshot(path=os.path.join(SCREENSHOTS, "sheet-section.png"))

    section.get_by_label("esketamine").check()
    with page.expect_popup() as popup:
        section.get_by_role("button", name="Print documentation sheet").click()
    printed = popup.value
    printed.wait_for_load_state()
    assert printed.url.endswith(
        f"/reviews/{review.pk}/pdf/?sheet=documentation&treatment=esketamine&paper=a4"
    )
    printed.close()
