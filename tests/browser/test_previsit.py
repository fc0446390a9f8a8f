"""The patient's page of a pre-visit invitation on a 390 px phone, by keyboard: axe-clean, the
PHQ-9 answered and its total shown; then the clinician adds it on the episode step. The
invitation's QR code reads back as its link, on the screen and on the printed page."""

import io
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import zxingcpp
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from reviews import services
from reviews.models import Invitation
from reviews.previsit import services as previsit
from tests.browser.keyboard import KeyCounter, sign_in, tab_to
from tests.reviews.samples import blank_review, earlier_visit


@contextmanager
def clinicians_tab(page: Page, live_server, clinician) -> Iterator[Page]:
    """A signed-in clinician's tab beside the patient's, in the same axe-checked context."""
    tab = page.context.new_page()
    tab.set_viewport_size({"width": 1280, "height": 900})
    try:
        sign_in(tab, live_server.url, clinician.username)
        yield tab
    finally:
        tab.close()


def test_the_patient_answers_on_a_phone_and_the_clinician_adds_it(
    live_server, page: Page, clinician
):
    # The visit is today: a PHQ-9 is dated on or before its review's visit.
    today = timezone.localdate().isoformat()
    review = services.import_review(data={**blank_review(), "visit_date": today}, by=clinician)
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
    tab_to(page, page.get_by_role("button", name="Send my answers"), limit=120)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("phq9-total")).to_contain_text("is 9")
    keys, clicks = counter.counts()
    print(
        f"\npatient, PHQ-9 and one medicine on a 390 px phone: {keys + clicks} keystrokes"
        " and clicks"
    )
    assert Invitation.objects.get().submitted_at is not None

    with clinicians_tab(page, live_server, clinician) as clinician_page:
        clinician_page.goto(f"{live_server.url}/reviews/{review.pk}/steps/episode/")
        expect(clinician_page.get_by_test_id("patient-phq9")).to_contain_text("PHQ-9 total 9")
        clinician_page.get_by_role("button", name="Add to the review").click()
        expect(clinician_page.get_by_text("The patient's PHQ-9 was added")).to_be_visible()
        expect(clinician_page.locator('[name="severity_scores-0-score"]')).to_have_value("9")
        clinician_page.goto(f"{live_server.url}/reviews/{review.pk}/steps/medication/")
        clinician_page.get_by_role("button", name="Add to the review: Zoloft").click()
        expect(clinician_page.get_by_text("The patient's medicine was added")).to_be_visible()
        trial = review.medication_trials.get()
        assert (trial.drug, trial.start, trial.info_source) == (
            "Zoloft",
            "2021-03",
            "patient_report",
        )


def test_a_therapy_named_on_the_phone_is_added_on_the_psychotherapies_step(
    live_server, page: Page, clinician
):
    review = services.import_review(data=blank_review(), by=clinician)
    _invitation, token = previsit.create_invitation(review=review, by=clinician)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/p/{token}/")
    for number in range(1, 10):
        page.locator(f'input[name="item{number}"][value="0"]').check()
    page.get_by_label("Name of the therapy").first.fill("CBT")
    page.get_by_label("Roughly when you started it").nth(5).fill("2023-01")
    page.get_by_label("Name of the treatment").first.fill("Spravato")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_test_id("phq9-total")).to_contain_text("is 0")

    with clinicians_tab(page, live_server, clinician) as clinician_page:
        clinician_page.goto(f"{live_server.url}/reviews/{review.pk}/steps/psychotherapies/")
        expect(clinician_page.get_by_test_id("patient-therapy")).to_contain_text("started 2023-01")
        clinician_page.get_by_role("button", name="Add to the review: CBT").click()
        expect(clinician_page.get_by_text("The patient's therapy was added")).to_be_visible()
        expect(clinician_page.locator('[name="psychotherapies-0-modality"]')).to_have_value("cbt")
        expect(clinician_page.locator('[name="psychotherapies-0-info_source"]')).to_have_value(
            "patient_report"
        )
        clinician_page.goto(f"{live_server.url}/reviews/{review.pk}/steps/procedures/")
        clinician_page.get_by_role("button", name="Leave out: Spravato").click()
        expect(clinician_page.get_by_test_id("patient-procedure")).to_contain_text(
            "Left out of the review."
        )
        assert not review.procedures.exists()


def test_a_follow_up_invitation_carries_the_names_and_the_answers_stand_beside_the_trial(
    live_server, page: Page, clinician
):
    earlier = services.import_review(data=earlier_visit(), by=clinician)
    final = services.finalise_review(
        review=earlier, expected_version=earlier.lock_version, by=clinician
    )
    follow_up = services.start_follow_up(review=final, by=clinician)
    with clinicians_tab(page, live_server, clinician) as clinician_page:
        clinician_page.goto(f"{live_server.url}/reviews/{follow_up.pk}/")
        box = clinician_page.get_by_label("Show the patient the medicines recorded so far")
        expect(box).not_to_be_checked()
        box.check()
        clinician_page.get_by_role("button", name="Invite the patient").click()
        expect(clinician_page.get_by_text("but the names of the 5 medicines")).to_be_visible()
        link = clinician_page.get_by_test_id("invitation-link").input_value()

        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(link)
        expect(
            page.get_by_role("heading", name="Medicines your clinician has on record")
        ).to_be_visible()
        sertraline = page.get_by_role("group", name="sertraline")
        sertraline.get_by_label("Are you still taking it?").select_option("stopped")
        sertraline.get_by_label("Did it help?").select_option("a_little")
        for number in range(1, 10):
            page.locator(f'input[name="item{number}"][value="2"]').check()
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        page.get_by_role("button", name="Send my answers").click()
        expect(page.get_by_test_id("phq9-total")).to_contain_text("is 18")

        clinician_page.goto(f"{live_server.url}/reviews/{follow_up.pk}/steps/medication/")
        first_trial = clinician_page.locator("[data-row]").first
        expect(first_trial.get_by_test_id("patient-said")).to_have_text(
            "Before the visit, the patient reported: stopped since; helped: a little."
        )
        assert follow_up.medication_trials.first().ongoing == "no"  # as recorded, unchanged


def read_qr(png: bytes) -> str:
    """The one QR code in a picture, read as a phone's camera app would."""
    # Not inverted: many phone camera apps read only dark modules on a light ground.
    # QR codes only: with every format on, zxing-cpp now and then also reports an "ITF" bar code
    # in a run of the QR code's own modules (CI saw one once), which no camera app would offer.
    found = zxingcpp.read_barcodes(
        Image.open(io.BytesIO(png)), formats=zxingcpp.BarcodeFormat.QRCode, try_invert=False
    )
    assert len(found) == 1
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
