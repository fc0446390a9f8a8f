"""The summary page in chromium: on a phone and a small tablet every table is readable (whole,
or in a region that scrolls sideways and takes the keyboard's focus), and the browser's own
print of the page stays close to the PDF's length."""

import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from reviews import services
from tests.browser.keyboard import is_focused
from tests.browser.test_accessibility import sign_in
from tests.reviews.builders import summary_of, summary_pdf
from tests.reviews.samples import rich_review, trial


def typical_review(clinician):
    """The bench's typical review: 8 trials, 2 psychotherapies, 2 procedures."""
    data = rich_review()
    data["medication_trials"] += [
        trial("mirtazapine", "atypical", start="2025-04-01", end="2025-08-15", notes="Slept."),
        trial("lithium", "mood_stabilizer", role="augmentation", start="2025-05-01"),
        trial("nortriptyline", "tca", start="2025-09-01", end="2026-09-20", weeks=50),
    ]
    review = services.import_review(data=data, by=clinician)
    return services.finalise_review(
        review=review, expected_version=review.lock_version, by=clinician
    )


def open_summary(page: Page, live_server, clinician, review, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, clinician)
    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    expect(page.get_by_role("heading", name="Review summary", level=1)).to_be_visible()
    page.get_by_text("All answers, by section").click()  # the answer tables, opened


OUTSIDE_THE_SCREEN = """() => [...document.querySelectorAll('main *')]
  .filter((e) => e.getBoundingClientRect().width > 0)
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
  .filter((e) => !e.closest('.scroll-region'))
  .slice(0, 5).map((e) => e.outerHTML.slice(0, 120))"""

SCROLLING_REGIONS = """() => [...document.querySelectorAll('main *')]
  .filter((e) => e.scrollWidth > e.clientWidth + 1)
  .filter((e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
  .map((e) => ({tabindex: e.getAttribute('tabindex'), role: e.getAttribute('role'),
                label: e.getAttribute('aria-label') || '', html: e.outerHTML.slice(0, 80)}))"""


@pytest.mark.parametrize("width", [640, 320])
def test_every_table_is_whole_or_scrolls_by_keyboard_with_a_cue(
    live_server, page: Page, clinician, width
):
    review = typical_review(clinician)
    open_summary(page, live_server, clinician, review, width)

    cut_off = page.evaluate(OUTSIDE_THE_SCREEN)
    assert not cut_off, f"cut off at the right edge at {width}px: {cut_off}"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"

    regions = page.evaluate(SCROLLING_REGIONS)
    assert regions, "a phone-width page with the ledger has at least one sideways region"
    for region in regions:
        assert region["tabindex"] == "0", region
        assert region["role"] == "region", region
        assert region["label"].strip(), region
    labels = {region["label"] for region in regions}
    # The ledger is cards at these widths (test_the_ledger_is_one_card_per_course…).
    assert not any(label.startswith("Medication trials") for label in labels), labels
    # No table is cut inside its box without a visible cue just above it.
    cues = page.evaluate(
        """() => [...document.querySelectorAll('.scroll-region')]
          .filter((e) => e.scrollWidth > e.clientWidth + 1)
          .map((e) => e.previousElementSibling)
          .map((cue) => !!cue && cue.matches('[data-testid=scroll-cue]') && !cue.hidden
                        && cue.getBoundingClientRect().height > 0)"""
    )
    assert cues and all(cues), cues
    if width == 320:  # the answer tables too, not only the summary's own
        assert any(label.startswith("Answers, Psychotherapies tried") for label in labels), labels

    # Tab from the top reaches every region that scrolls, and the arrow keys scroll it.
    reached: set[str] = set()
    page.locator("body").focus()
    for _ in range(250):
        page.keyboard.press("Tab")
        label = page.evaluate("() => document.activeElement.getAttribute('aria-label') || ''")
        if label in labels and label not in reached:
            reached.add(label)
            focused = page.locator(":focus")
            before = focused.evaluate("element => element.scrollLeft")
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            expect(focused).not_to_have_js_property("scrollLeft", before)
            assert is_focused(focused)
        if reached == labels:
            break
    assert reached == labels, f"not reached with Tab: {sorted(labels - reached)}"


def test_the_browsers_print_is_at_most_a_page_longer_than_the_pdf(
    live_server, page: Page, clinician
):
    review = typical_review(clinician)
    pdf_pages = len(PdfReader(io.BytesIO(summary_pdf(summary_of(review)))).pages)
    sign_in(page, live_server, clinician)
    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    expect(page.get_by_role("heading", name="Review summary", level=1)).to_be_visible()

    printed = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    text = "\n".join(sheet.extract_text() for sheet in printed.pages)

    assert pdf_pages == 2
    assert len(printed.pages) <= pdf_pages + 1, f"{len(printed.pages)} pages in print"
    # Nothing of the summary is lost on paper: the patient, safety, every trial, the counts.
    for expected in ("MRN-0042", "Safety", "sertraline", "nortriptyline", "Failed adequate"):
        assert expected in text, expected
    assert "Electroconvulsive therapy" in text
    assert "Audit trail" not in text  # the page's chrome stays off paper


@pytest.mark.parametrize("width", [820, 390])
def test_the_ledger_is_one_card_per_course_with_its_state_first(
    live_server, page: Page, clinician, width
):
    review = typical_review(clinician)
    open_summary(page, live_server, clinician, review, width)
    cards = page.locator(".ledger-table tbody.ledger-row")
    expect(cards).to_have_count(8)
    layout = cards.evaluate_all(
        """(cards) => cards.map((card) => {
          const cells = [...card.querySelector('tr').children]
            .filter((cell) => cell.getBoundingClientRect().height > 0)
            .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
          return {right: card.getBoundingClientRect().right,
                  first: cells[0].className, firstLabel: cells[0].dataset.label || ''};
        })"""
    )
    for card in layout:
        assert card["right"] <= width, card  # whole on the screen, no scroll box
        assert "threshold" in card["first"], card  # counted / ongoing / uncertain… first
        assert card["firstLabel"].startswith("≥"), card  # named by its weeks
    # Each answer is named, as the column heading named it.
    expect(cards.first.get_by_role("cell", name=re.compile(r"^Dates: 2024"))).to_be_visible()
    ledger = page.locator(".scroll-region:has(> .ledger-table)")
    assert ledger.evaluate("(e) => e.scrollWidth <= e.clientWidth + 1")
