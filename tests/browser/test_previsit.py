"""The patient's page of a pre-visit invitation on a 390 px phone, by keyboard: axe-clean, the
PHQ-9 answered and its total shown; then the clinician adds it on the episode step. The
invitation's QR code reads back as its link, on the screen and on the printed page."""

import io
import subprocess

import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from reviews import services
from reviews.models import Invitation
from reviews.previsit import services as previsit
from tests.browser.keyboard import KeyCounter, sign_in, tab_to
from tests.reviews.samples import blank_review


def test_the_patient_answers_on_a_phone_and_the_clinician_adds_it(
    live_server, page: Page, clinician
):
    review = services.import_review(data=blank_review(), by=clinician)
    _invitation, token = previsit.create_invitation(review=review, by=clinician)
    page.set_viewport_size({"width": 390, "height": 844})
    counter = KeyCounter(page)
    page.goto(f"{live_server.url}/p/{token}/")
    expect(page.get_by_test_id("not-watched")).to_be_visible()
    expect(page.get_by_test_id("crisis-note")).to_be_visible()
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    counter.reset()
    # "Several days" for every item, by keyboard: Tab into each group, an arrow, then send.
    page.get_by_role("radio", name="Not at all").first.focus()
    for number in range(1, 10):
        page.keyboard.press("ArrowDown")  # Not at all → Several days
        expect(page.locator(f'input[name="item{number}"][value="1"]')).to_be_checked()
        page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the unanswered difficulty item
    expect(page.get_by_label("Name of the medicine").first).to_be_focused()
    page.keyboard.type("Zoloft")
    page.keyboard.press("Tab")
    page.keyboard.type("2021-03")
    tab_to(page, page.get_by_role("button", name="Send my answers"), limit=60)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("phq9-total")).to_contain_text("is 9")
    keys, clicks = counter.counts()
    print(
        f"\npatient, PHQ-9 and one medicine on a 390 px phone: {keys + clicks} keystrokes"
        " and clicks"
    )
    assert Invitation.objects.get().submitted_at is not None

    patient_context = page.context
    clinician_page = patient_context.browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        sign_in(clinician_page, live_server.url, clinician.username)
        clinician_page.goto(f"{live_server.url}/reviews/{review.pk}/steps/episode/")
        expect(clinician_page.get_by_test_id("patient-phq9")).to_contain_text("PHQ-9 total 9")
        clinician_page.get_by_role("button", name="Add to the review").click()
        expect(clinician_page.get_by_text("The patient's PHQ-9 was added")).to_be_visible()
        expect(clinician_page.locator('[name="severity_scores-0-score"]')).to_have_value("9")
        clinician_page.goto(f"{live_server.url}/reviews/{review.pk}/steps/medication/")
        clinician_page.get_by_role("button", name="Add Zoloft to the review").click()
        expect(clinician_page.get_by_text("The patient's medicine was added")).to_be_visible()
        trial = review.medication_trials.get()
        assert (trial.drug, trial.start, trial.info_source) == (
            "Zoloft",
            "2021-03",
            "patient_report",
        )
    finally:
        clinician_page.close()


def read_qr(png: bytes) -> str:
    """The one QR code in a picture, read as a phone's camera app would."""
    # Not inverted: many phone camera apps read only dark modules on a light ground.
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)), try_invert=False)
    assert [code.format for code in found] == [zxingcpp.BarcodeFormat.QRCode]
    return found[0].text


def test_the_invitation_shows_and_prints_a_qr_code_of_its_link(live_server, page: Page, clinician):
    review = services.import_review(data=blank_review(), by=clinician)
    sign_in(page, live_server.url, clinician.username)
    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    page.get_by_role("button", name="Invite the patient").click()
    link = page.get_by_test_id("invitation-link").input_value()
    assert "/p/" in link
    qr = page.get_by_role("img", name="QR code of the link above")
    assert read_qr(qr.screenshot()) == link
    # Black on white whatever the theme: a dark high-contrast theme must not invert the code.
    page.emulate_media(forced_colors="active", color_scheme="dark")
    assert read_qr(qr.screenshot()) == link
    page.emulate_media(forced_colors="none", color_scheme="light")

    # Printed, the page is the patient's: the link and its code, nothing of the review.
    pdf = page.pdf(format="A4")
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert link in text.replace(" ", "")  # the link may wrap
    assert "scan the code with a phone's camera" in text
    assert review.patient_ref not in text and "TRD Review" not in text
    assert "Back to the review" not in text
    picture = subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    assert read_qr(picture) == link
