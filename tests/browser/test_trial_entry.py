"""Fast entry: saved trials folded to one line, Duplicate, the focus on arrival, Enter on a radio
button, and trial rows whose labels and choices are never cut at a tablet's or a laptop's width."""

import pytest
from playwright.sync_api import Page, expect

from reviews import services, steps
from reviews.models import Review
from tests.browser.keyboard import row_field, sign_in
from tests.factories import PASSWORD
from tests.reviews.samples import rich_review


@pytest.fixture
def review(clinician) -> Review:
    """Five saved trials (sertraline, citalopram, Venlafaxine, aripiprazole, bupropion)."""
    return services.import_review(data=rich_review(), by=clinician)


def open_step(page: Page, live_server, clinician, review, slug: str) -> None:
    sign_in(page, live_server.url, clinician.username)
    page.goto(f"{live_server.url}/reviews/{review.pk}/steps/{slug}/")


def trial(page: Page, index: int):
    return page.locator("[data-row]").nth(index)


def drug(page: Page, index: int):
    return row_field(page, "medication_trials", index, "drug")


def test_saved_trials_show_one_line_each_and_open_one_at_a_time(
    live_server, page: Page, clinician, review
):
    open_step(page, live_server, clinician, review, "medication")

    lines = page.locator("[data-trial-line]:visible")
    expect(lines).to_have_count(5)
    # Drug, class, role, dose, dates, the dose mark, and what the server worked out from the row.
    expect(lines.nth(0)).to_contain_text(
        "1. sertraline – SSRI · Monotherapy · 150 mg/day · 2024-04-01 to 2024-06-15 · "
        "dose adequate: yes · adherence: as prescribed · response: none"
    )
    expect(lines.nth(0)).to_contain_text("Weeks at an adequate dose: 10 (from dates")
    expect(lines.nth(1)).to_contain_text("dose adequate: no")
    expect(lines.nth(1)).to_contain_text("Dose not marked adequate")
    expect(lines.nth(3)).to_contain_text("aripiprazole – Antipsychotic · Augmentation")
    expect(lines.nth(4)).to_contain_text("2026-10-02 to ongoing")
    for index in range(5):
        expect(drug(page, index)).to_be_hidden()
    # The blank row for a new trial is open.
    expect(drug(page, 5)).to_be_visible()

    page.get_by_role("button", name="Edit medication trial 3").click()
    expect(drug(page, 2)).to_be_visible()
    expect(drug(page, 2)).to_be_focused()
    expect(trial(page, 2).get_by_role("button", name="Edit medication trial 3")).to_be_hidden()

    # Opening another trial folds the first one: one trial is open at a time.
    page.get_by_role("button", name="Edit medication trial 1").click()
    expect(drug(page, 0)).to_be_focused()
    expect(drug(page, 2)).to_be_hidden()
    expect(page.locator("[data-trial-line]:visible")).to_have_count(4)

    # A changed trial folds with what it says now, and is saved like an open one.
    row_field(page, "medication_trials", 0, "max_daily_dose_mg").fill("175")
    page.get_by_role("button", name="Edit medication trial 2").click()
    expect(trial(page, 0).locator("[data-trial-line]")).to_contain_text("175 mg/day")
    page.get_by_role("button", name="Save and continue", exact=True).click()
    expect(page.get_by_role("heading", name="Adherence & engagement", level=1)).to_be_visible()
    doses = review.medication_trials.order_by("id").values_list("max_daily_dose_mg", flat=True)
    assert [int(dose) for dose in doses] == [175, 20, 225, 5, 300]


def test_a_trial_with_an_error_stays_open(live_server, page: Page, clinician, review):
    open_step(page, live_server, clinician, review, "medication")
    page.get_by_role("button", name="Edit medication trial 2").click()
    row_field(page, "medication_trials", 1, "start").fill("not a date")
    page.get_by_role("button", name="Save and continue", exact=True).click()

    expect(page.get_by_test_id("error-summary")).to_be_visible()
    expect(row_field(page, "medication_trials", 1, "start")).to_be_visible()
    expect(page.locator("[data-trial-line]:visible")).to_have_count(4)


def test_without_javascript_every_trial_is_open(live_server, browser, clinician, review):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(clinician.username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"{live_server.url}/reviews/{review.pk}/steps/medication/")
        for index in range(6):
            expect(drug(page, index)).to_be_visible()
        expect(page.locator("[data-trial-line]:visible")).to_have_count(0)
        expect(page.get_by_role("button", name="Duplicate")).to_have_count(0)
    finally:
        context.close()


def test_duplicate_starts_a_trial_with_the_same_drug_class_and_role(
    live_server, page: Page, clinician, review
):
    open_step(page, live_server, clinician, review, "medication")
    page.get_by_role("button", name="Duplicate medication trial 4").click()

    # The blank row at the end takes the copy: aripiprazole, antipsychotic, augmentation.
    expect(page.locator("[data-row]")).to_have_count(6)
    copy = {name: row_field(page, "medication_trials", 5, name) for name in ("drug", "start")}
    expect(copy["drug"]).to_have_value("aripiprazole")
    expect(row_field(page, "medication_trials", 5, "drug_class")).to_have_value("antipsychotic")
    expect(row_field(page, "medication_trials", 5, "role")).to_have_value("augmentation")
    expect(copy["start"]).to_have_value("")
    expect(row_field(page, "medication_trials", 5, "end")).to_have_value("")
    expect(copy["start"]).to_be_focused()
    page.keyboard.type("2025-03-02")

    # Duplicating again adds a row, since no blank one is left; the previous copy folds.
    page.get_by_role("button", name="Duplicate medication trial 1").click()
    expect(page.locator("[data-row]")).to_have_count(7)
    expect(row_field(page, "medication_trials", 6, "drug")).to_have_value("sertraline")
    expect(row_field(page, "medication_trials", 6, "start")).to_be_focused()
    expect(trial(page, 5).locator("[data-trial-line]")).to_contain_text(
        "6. aripiprazole – Antipsychotic · Augmentation · dose not recorded · 2025-03-02 to"
    )
    page.keyboard.type("2025-06-01")
    page.get_by_role("button", name="Save and continue", exact=True).click()

    expect(page.get_by_role("heading", name="Adherence & engagement", level=1)).to_be_visible()
    added = review.medication_trials.order_by("id")[5:]
    assert [(t.drug, t.drug_class, t.role, t.start) for t in added] == [
        ("aripiprazole", "antipsychotic", "augmentation", "2025-03-02"),
        ("sertraline", "ssri", "monotherapy", "2025-06-01"),
    ]


FIRST_VISIBLE_FIELD = """() => {
  const shown = (element) => element.type !== "hidden" && element.getClientRects().length > 0;
  const fields = Array.from(document.querySelectorAll("#step-form input, #step-form select,"
    + " #step-form textarea")).filter(shown);
  const focused = document.activeElement;
  const first = fields[0];
  const sameGroup = first && focused && first.type === "radio" && focused.name === first.name;
  return {focused: focused.name || focused.tagName, first: first && first.name,
          ok: focused === first || Boolean(sameGroup)};
}"""


def test_every_step_puts_the_focus_on_its_first_field(live_server, page: Page, clinician, review):
    sign_in(page, live_server.url, clinician.username)
    for step in steps.STEPS:
        page.goto(f"{live_server.url}/reviews/{review.pk}/steps/{step.slug}/")
        where = page.evaluate(FIRST_VISIBLE_FIELD)
        assert where["ok"], f"{step.slug}: focus on {where['focused']}, not {where['first']}"
    # With the trials folded, the first field is the new trial's drug.
    page.goto(f"{live_server.url}/reviews/{review.pk}/steps/medication/")
    expect(drug(page, 5)).to_be_focused()
    page.goto(f"{live_server.url}/reviews/{review.pk}/steps/visit/")
    expect(page.get_by_label("Patient reference")).to_be_focused()


def test_a_refused_save_keeps_the_focus_on_the_first_correction(
    live_server, page: Page, clinician, review
):
    open_step(page, live_server, clinician, review, "episode")
    page.get_by_label("Number of prior episodes").fill("-3")
    page.get_by_role("button", name="Save and continue", exact=True).click()
    expect(page.get_by_test_id("error-summary")).to_be_visible()
    expect(page.get_by_label("Number of prior episodes")).to_be_focused()


def test_enter_on_a_radio_button_or_a_checkbox_does_not_save(
    live_server, page: Page, clinician, review
):
    saves = []
    page.on("request", lambda request: saves.append(request.url) if is_save(request) else None)
    open_step(page, live_server, clinician, review, "safety")

    # The first radio group has the focus on arrival, at its checked answer.
    expect(page.locator('input[name="safety_wish_dead"]:checked')).to_be_focused()
    count_submits(page)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    assert submits(page) == 0
    assert saves == []
    expect(page.get_by_role("heading", name="Safety", level=1)).to_be_visible()

    # Enter in a text field still saves and continues.
    page.get_by_label("PHQ-9 item 9 score (0-3)").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Episode & severity", level=1)).to_be_visible()
    assert len(saves) == 1

    page.goto(f"{live_server.url}/reviews/{review.pk}/steps/adherence/")
    barrier = page.locator('input[name="adherence_barriers"]').first
    barrier.focus()
    count_submits(page)
    page.keyboard.press("Enter")
    assert submits(page) == 0
    assert len(saves) == 1
    expect(page.get_by_role("heading", name="Adherence & engagement", level=1)).to_be_visible()


def count_submits(page: Page) -> None:
    page.evaluate(
        """() => { window.submits = 0;
        document.addEventListener("submit", () => { window.submits += 1; }, true); }"""
    )


def submits(page: Page) -> int:
    """How many times a form of the page was submitted since count_submits. Enter submits a
    form (implicit submission) while the browser handles the key, before `press` returns: no
    wait is needed to see that it did not."""
    return page.evaluate("() => window.submits")


def is_save(request) -> bool:
    return request.method == "POST" and request.url.endswith(("/safety/", "/adherence/"))


# Whether any choice of a select, any label or the page itself is wider than its box. A select
# shows its chosen option in the box less its padding (the right padding holds the arrow).
CUT_OFF = """() => {
  const canvas = document.createElement("canvas").getContext("2d");
  const cut = [];
  for (const select of document.querySelectorAll("[data-row] select")) {
    if (!select.getClientRects().length) continue;
    const style = getComputedStyle(select);
    canvas.font = style.font;
    const room = select.clientWidth - parseFloat(style.paddingLeft)
      - parseFloat(style.paddingRight);
    for (const option of select.options) {
      const width = canvas.measureText(option.text).width;
      if (width > room) cut.push(`${select.name}: "${option.text}" ${width}px in ${room}px`);
    }
  }
  const labels = "[data-row] label, [data-row] legend:not(.visually-hidden)";
  for (const label of document.querySelectorAll(labels)) {
    if (label.getClientRects().length && label.scrollWidth > label.clientWidth) {
      cut.push(`label "${label.textContent.trim()}"`);
    }
  }
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth) cut.push(`page ${page.scrollWidth}px wide`);
  return cut;
}"""


@pytest.mark.parametrize("width", [820, 1280])
def test_no_choice_or_label_of_a_row_is_cut(live_server, page: Page, clinician, review, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, clinician.username)
    for slug in ("episode", "medication", "psychotherapies", "procedures"):
        page.goto(f"{live_server.url}/reviews/{review.pk}/steps/{slug}/")
        for number in range(1, page.locator("[data-start-folded]").count() + 1):
            # Each saved trial in turn; the last one stays open.
            page.get_by_role("button", name=f"Edit medication trial {number}").click()
            assert page.evaluate(CUT_OFF) == [], slug
        assert page.evaluate(CUT_OFF) == [], slug


@pytest.mark.parametrize(
    ("typed", "drug_class"),
    [("venlafaxine XR", "snri"), ("Effexor XR", "snri"), ("Zoloft", "ssri"), ("Emsam", "maoi")],
)
def test_the_page_knows_every_name_the_server_does(
    live_server, page: Page, clinician, review, typed, drug_class
):
    open_step(page, live_server, clinician, review, "medication")
    drug(page, 5).fill(typed)
    drug(page, 5).press("Tab")
    expect(row_field(page, "medication_trials", 5, "drug_class")).to_have_value(drug_class)


def test_an_end_date_means_not_ongoing_and_the_detail_is_asked_for_other_only(
    live_server, page: Page, clinician, review
):
    open_step(page, live_server, clinician, review, "medication")
    ongoing = row_field(page, "medication_trials", 5, "ongoing")
    ongoing.select_option("yes")
    row_field(page, "medication_trials", 5, "end").fill("2025-03")
    row_field(page, "medication_trials", 5, "end").press("Tab")
    expect(ongoing).to_have_value("no")

    detail = row_field(page, "medication_trials", 5, "reason_stopped")
    expect(detail).to_be_hidden()
    row_field(page, "medication_trials", 5, "stopped_because").select_option("other")
    expect(detail).to_be_visible()
    row_field(page, "medication_trials", 5, "stopped_because").select_option("side_effects")
    expect(detail).to_be_hidden()


def test_the_us_label_range_follows_the_name_as_it_is_typed(
    live_server, page: Page, clinician, review
):
    open_step(page, live_server, clinician, review, "medication")
    hint = page.locator("#id_medication_trials-5-max_daily_dose_mg_helptext")

    drug(page, 5).fill("Wellbutrin XL")
    expect(hint).to_have_text("US label, adult MDD (XL): 300\u2013450 mg/day")
    drug(page, 5).fill("lithium")
    expect(hint).to_have_text("No US label dose for depression (MDD)")
    drug(page, 5).fill("an unknown name")
    expect(hint).to_have_text("")
