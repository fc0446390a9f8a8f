"""Keys that spare a practised hand what the page can tell (issue 25): a radio group answers to
the first letter of its answers, a date may be typed without its dashes, the drug field completes
a name only one known name begins with, Alt+Enter adds a row, "still taken" means not stopped,
and the start page is ready for the patient's reference."""

from playwright.sync_api import Page, expect

from reviews import services
from tests.browser.keyboard import row_field, sign_in
from tests.browser.test_trial_entry import open_step, review  # noqa: F401 (the five trials)
from tests.reviews.samples import rich_review


def new_trial(page: Page, name: str):
    return row_field(page, "medication_trials", 5, name)


def save_and_continue(page: Page, next_title: str) -> None:
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("heading", name=next_title, level=1)).to_be_visible()


def test_a_radio_group_answers_to_the_first_letter_of_its_answers(
    live_server, page: Page, clinician
):
    unasked = services.import_review(data={**rich_review(), "safety": {}}, by=clinician)
    open_step(page, live_server, clinician, unasked, "safety")
    not_asked = page.locator('input[name="safety_wish_dead"][value="unknown"]')
    expect(not_asked).to_be_focused()

    page.keyboard.press("n")  # "Not asked" → "No", the next answer starting with N
    expect(page.locator('input[name="safety_wish_dead"][value="no"]')).to_be_checked()
    page.keyboard.press("n")  # and round again
    expect(not_asked).to_be_checked()
    page.keyboard.press("y")
    expect(page.locator('input[name="safety_wish_dead"][value="yes"]')).to_be_checked()
    expect(page.locator('input[name="safety_wish_dead"][value="yes"]')).to_be_focused()
    page.keyboard.press("x")  # no answer starts with X: nothing changes
    expect(page.locator('input[name="safety_wish_dead"][value="yes"]')).to_be_checked()

    save_and_continue(page, "Episode & severity")
    unasked.refresh_from_db()
    assert unasked.safety_wish_dead == "yes"


def test_a_date_typed_without_dashes_is_written_out_as_it_leaves_the_field(
    live_server,
    page: Page,
    clinician,
    review,  # noqa: F811 (the fixture imported above)
):
    open_step(page, live_server, clinician, review, "medication")
    new_trial(page, "drug").fill("mirtazapine")
    new_trial(page, "start").fill("20250103")
    new_trial(page, "start").press("Tab")
    expect(new_trial(page, "start")).to_have_value("2025-01-03")
    new_trial(page, "end").fill("2025-3")
    new_trial(page, "end").press("Tab")
    expect(new_trial(page, "end")).to_have_value("2025-03")

    save_and_continue(page, "Adherence & engagement")
    added = review.medication_trials.get(drug="mirtazapine")
    assert (added.start, added.end) == ("2025-01-03", "2025-03")


def test_a_date_the_page_cannot_read_is_kept_as_typed_and_refused_by_name(
    live_server,
    page: Page,
    clinician,
    review,  # noqa: F811 (the fixture imported above)
):
    open_step(page, live_server, clinician, review, "medication")
    new_trial(page, "drug").fill("mirtazapine")
    new_trial(page, "start").fill("03/01/2025")  # day or month first? the page does not guess
    new_trial(page, "start").press("Tab")
    expect(new_trial(page, "start")).to_have_value("03/01/2025")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_test_id("error-summary")).to_be_visible()
    expect(page.locator("[data-row]").nth(5)).to_contain_text(
        "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD"
    )
    expect(new_trial(page, "start")).to_have_value("03/01/2025")
    expect(new_trial(page, "drug")).to_have_value("mirtazapine")


def test_the_drug_field_completes_a_name_only_one_known_name_begins_with(
    live_server,
    page: Page,
    clinician,
    review,  # noqa: F811 (the fixture imported above)
):
    open_step(page, live_server, clinician, review, "medication")
    drug = new_trial(page, "drug")
    expect(drug).to_be_focused()

    page.keyboard.type("ser")  # sertraline, Seroquel, Seroxat: nothing is completed
    expect(drug).to_have_value("ser")
    page.keyboard.type("t")
    expect(drug).to_have_value("sertraline")
    # The added letters are selected: the next letter typed replaces them.
    selected = drug.evaluate("e => e.value.slice(e.selectionStart, e.selectionEnd)")
    assert selected == "raline"
    page.keyboard.press("Backspace")  # deleting completes nothing again
    expect(drug).to_have_value("sert")
    page.keyboard.type("r")
    expect(drug).to_have_value("sertraline")
    page.keyboard.press("Tab")  # keeps the completion; the class follows from the name
    expect(drug).to_have_value("sertraline")
    expect(new_trial(page, "drug_class")).to_have_value("ssri")

    # What the hand typed stays as typed: "Ven" becomes "Venlafaxine", not "venlafaxine".
    drug.fill("")
    drug.focus()
    page.keyboard.type("Ven")
    expect(drug).to_have_value("Venlafaxine")
    # A name the table does not know is typed in full, untouched.
    drug.fill("")
    page.keyboard.type("zzyzx")
    expect(drug).to_have_value("zzyzx")


def test_alt_enter_adds_a_row_with_its_first_field_focused(
    live_server,
    page: Page,
    clinician,
    review,  # noqa: F811 (the fixture imported above)
):
    open_step(page, live_server, clinician, review, "psychotherapies")
    rows = page.locator("[data-row]")
    count = rows.count()
    row_field(page, "psychotherapies", count - 1, "sessions").focus()
    page.keyboard.press("Alt+Enter")
    expect(rows).to_have_count(count + 1)
    expect(row_field(page, "psychotherapies", count, "modality")).to_be_focused()
    expect(page.get_by_role("heading", name="Psychotherapies tried", level=1)).to_be_visible()
    expect(page.get_by_text("Alt+Enter: add another psychotherapy")).to_be_visible()


def test_still_taken_means_not_stopped_until_an_end_date_says_otherwise(
    live_server,
    page: Page,
    clinician,
    review,  # noqa: F811 (the fixture imported above)
):
    open_step(page, live_server, clinician, review, "medication")
    stopped = new_trial(page, "stopped_because")
    expect(stopped).to_have_value("unknown")
    new_trial(page, "ongoing").select_option("yes")
    expect(stopped).to_have_value("not_stopped")
    new_trial(page, "end").fill("2025-03")
    new_trial(page, "end").press("Tab")
    expect(new_trial(page, "ongoing")).to_have_value("no")
    expect(stopped).to_have_value("unknown")
    # A reason already chosen is never overwritten.
    stopped.select_option("side_effects")
    new_trial(page, "ongoing").select_option("yes")
    expect(stopped).to_have_value("side_effects")


def test_the_start_page_is_ready_for_the_patients_reference(live_server, page: Page, clinician):
    sign_in(page, live_server.url, clinician.username)
    page.goto(f"{live_server.url}/reviews/new/")
    expect(page.get_by_label("Patient reference")).to_be_focused()
    page.keyboard.type("MRN-7")
    page.keyboard.press("Tab")  # the visit date: today, as offered
    page.keyboard.press("Tab")  # the "adult" radio group, at its checked answer
    page.keyboard.press("y")
    expect(page.get_by_role("radio", name="Yes")).to_be_checked()
