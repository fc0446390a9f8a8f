import re

from playwright.sync_api import Page, expect

from tests.factories import PASSWORD


def test_clinician_signs_in_and_sees_home(live_server, page: Page, clinician):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    page.get_by_label("Username").fill(clinician.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Reviews", level=1)).to_be_visible()
    expect(page.get_by_test_id("signed-in-as")).to_contain_text("Riverside Clinic")
