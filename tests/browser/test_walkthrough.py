"""A whole review in chromium, by keyboard only: Tab, typing, arrow keys, Space and Enter.

Fields are reached by pressing Tab from wherever the focus is, so a field that the keyboard cannot
reach fails the test. Dates are typed digit by digit into the browser's date fields, as a
clinician would.
"""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import Locator, Page, expect

from reviews import services
from reviews.models import Review
from tests.browser.keyboard import (
    KeyCounter,
    choose,
    expect_step,
    pick_radio,
    press_button,
    row_field,
    sign_in,
    tab_to,
    tick,
    type_date,
    type_into,
)

VISIT = datetime.date(2026, 3, 2)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


# --- the steps ------------------------------------------------------------------------------


def enter_trial(page: Page, index: int, trial: dict) -> None:
    def field(name: str) -> Locator:
        return row_field(page, "medication_trials", index, name)

    type_into(page, field("drug"), trial["drug"])
    if "class" in trial:
        choose(page, field("drug_class"), trial["class"])
    choose(page, field("role"), trial["role"])
    type_date(page, field("start"), trial["start"])
    if "end" in trial:
        type_date(page, field("end"), trial["end"])
    type_into(page, field("max_daily_dose_mg"), trial["dose"])
    choose(page, field("dose_adequate"), trial["adequate"])
    choose(page, field("response"), trial["response"])
    choose(page, field("info_source"), "Records")


TRIALS = [
    {
        "drug": "sertraline",
        "role": "Monotherapy",
        "start": datetime.date(2024, 4, 1),
        "end": datetime.date(2024, 6, 15),
        "dose": "150",
        "adequate": "Yes",
        "response": "None",
    },
    {
        "drug": "Venlafaxine",
        "role": "Monotherapy",
        "start": datetime.date(2024, 7, 1),
        "end": datetime.date(2025, 1, 10),
        "dose": "225",
        "adequate": "Yes",
        "response": "Partial",
    },
    {
        "drug": "Remedium forte",
        "class": "Antipsychotic",
        "role": "Augmentation",
        "start": datetime.date(2025, 2, 1),
        "dose": "2.5",
        "adequate": "No",
        "response": "Unknown",
    },
]


def test_a_whole_review_by_keyboard(live_server, page: Page, clinician):
    counter = KeyCounter(page)
    sign_in(page, live_server.url, clinician.username)
    counter.reset()

    # Home → start a review.
    tab_to(page, page.get_by_role("link", name="Start a review").first)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Start a review")).to_be_visible()
    type_into(page, page.get_by_label("Patient reference"), "MRN-KEY-1")
    type_date(page, page.get_by_label("Visit date"), VISIT)
    page.keyboard.press("Enter")

    # 2. Safety, asked early: structured items, each yes / no / not asked.
    expect_step(page, "Safety")
    expect(page.get_by_test_id("step-counter")).to_have_text("Step 2 of 14")
    pick_radio(page, "safety_wish_dead", "no")
    pick_radio(page, "safety_suicidal_thoughts", "no")
    pick_radio(page, "safety_self_harm", "no")
    press_button(page, "Save and continue")

    # 3. Episode & severity; Enter in a field saves and continues.
    expect_step(page, "Episode & severity")
    type_date(page, page.get_by_label("Onset of the current episode"), datetime.date(2024, 3, 1))
    type_into(page, page.get_by_label("Duration of the current episode (months)"), "24")
    type_into(page, page.get_by_label("Number of prior episodes"), "2")
    pick_radio(page, "episode_psychiatrist_involved", "yes")
    choose(page, row_field(page, "severity_scores", 0, "scale"), "MADRS")
    type_into(page, row_field(page, "severity_scores", 0, "score"), "31")
    type_date(page, row_field(page, "severity_scores", 0, "date"), VISIT)
    page.keyboard.press("Enter")

    # 4. Medication trials: three rows, the second and third added in place by the button.
    expect_step(page, "Medication trials")
    for index, trial in enumerate(TRIALS):
        if index:
            press_button(page, "Add another medication trial")
            # The new row is in place and has the focus; nothing was saved or reloaded.
            expect(row_field(page, "medication_trials", index, "drug")).to_be_focused()
            expect(page.locator("[data-row]")).to_have_count(index + 1)
        enter_trial(page, index, trial)
    # The known names got their class while typing moved on.
    expect(row_field(page, "medication_trials", 0, "drug_class")).to_have_value("ssri")
    expect(row_field(page, "medication_trials", 1, "drug_class")).to_have_value("snri")
    press_button(page, "Save and continue")

    # 5. Adherence & engagement.
    expect_step(page, "Adherence & engagement")
    pick_radio(page, "adherence_taking_as_prescribed", "partly")
    tick(page, "adherence_barriers", "cost")
    tick(page, "adherence_barriers", "side_effects")
    press_button(page, "Save and continue", key="Space")

    # 6. Other medicines.
    expect_step(page, "Other medicines")
    pick_radio(page, "other_medicines_reviewed", "yes")
    type_into(page, page.get_by_label("Details"), "St John's wort")
    press_button(page, "Save and continue")

    # 7. Substance use.
    expect_step(page, "Substance use")
    pick_radio(page, "substance_use_alcohol", "heavy")
    pick_radio(page, "substance_use_cannabis", "no")
    press_button(page, "Save and continue")

    # 8. Physical health.
    expect_step(page, "Physical health")
    pick_radio(page, "physical_health_thyroid", "present")
    pick_radio(page, "physical_health_heart", "absent")
    press_button(page, "Save and continue")

    # 9. Differential & co-occurring.
    expect_step(page, "Differential & co-occurring")
    pick_radio(page, "differentials_bipolar", "uncertain")
    pick_radio(page, "differentials_anxiety", "present")
    press_button(page, "Save and continue")

    # 10. Life situation.
    expect_step(page, "Life situation")
    tick(page, "life_situation_stressors", "financial")
    pick_radio(page, "life_situation_sleep", "poor")
    press_button(page, "Save and continue")

    # 11. Psychotherapies tried.
    expect_step(page, "Psychotherapies tried")
    choose(
        page,
        row_field(page, "psychotherapies", 0, "modality"),
        "Cognitive behavioural therapy (CBT)",
    )
    type_into(page, row_field(page, "psychotherapies", 0, "sessions"), "12")
    choose(page, row_field(page, "psychotherapies", 0, "benefit"), "Partial")
    press_button(page, "Save and continue")

    # 12. Procedures & intensive care.
    expect_step(page, "Procedures & intensive care")
    choose(page, row_field(page, "procedures", 0, "kind"), "rTMS")
    type_into(page, row_field(page, "procedures", 0, "sessions"), "32")
    choose(page, row_field(page, "procedures", 0, "response"), "Remission")
    choose(page, row_field(page, "procedures", 0, "relapse"), "Yes")
    press_button(page, "Save and continue")

    # 13. Pharmacogenomic testing.
    expect_step(page, "Pharmacogenomic testing")
    pick_radio(page, "pharmacogenomic_testing_status", "no")
    press_button(page, "Save and continue")

    # 14. Notes, then the finish page.
    expect_step(page, "Notes")
    type_into(page, page.get_by_label("Clinician's notes"), "Discussed options.")
    page.keyboard.press("Enter")  # a new line in the notes, not a submit
    page.keyboard.type("Follow up in 4 weeks.")
    press_button(page, "Save and continue")

    expect(page.get_by_role("heading", name="Finish the review")).to_be_visible()
    press_button(page, "Finalise review")
    expect(page.get_by_text("The review is final.")).to_be_visible()

    keys, clicks = counter.counts()  # issue 14's measure of a first review (docs/benchmarks.md)
    print(f"\nfirst review, 3 trials, every step: {keys} keystrokes, {clicks} clicks")
    review = Review.objects.get(patient_ref="MRN-KEY-1")
    assert review.is_final
    assert review.visit_date == VISIT
    trials = list(review.medication_trials.order_by("id"))
    assert [(t.drug, t.drug_class, t.role) for t in trials] == [
        ("sertraline", "ssri", "monotherapy"),
        ("Venlafaxine", "snri", "monotherapy"),
        ("Remedium forte", "antipsychotic", "augmentation"),
    ]
    assert trials[0].start == "2024-04-01"
    assert trials[0].end == "2024-06-15"
    assert trials[1].max_daily_dose_mg == Decimal("225")
    assert trials[2].end is None and trials[2].dose_adequate == "no"
    therapy = review.psychotherapies.get()
    assert (therapy.modality, therapy.sessions, therapy.benefit) == ("cbt", 12, "partial")
    procedure = review.procedures.get()
    assert (procedure.kind, procedure.sessions, procedure.response, procedure.relapse) == (
        "rtms",
        32,
        "remission",
        "yes",
    )
    score = review.severity_scores.get()
    assert (score.scale, score.score, score.date) == ("madrs", 31, VISIT.isoformat())
    assert review.episode_onset == "2024-03-01"
    assert review.episode_duration_months == 24
    assert review.episode_psychiatrist_involved == "yes"
    assert review.adherence_taking_as_prescribed == "partly"
    assert review.adherence_barriers == ["cost", "side_effects"]
    assert review.other_medicines_details == "St John's wort"
    assert review.substance_use_alcohol == "heavy"
    assert review.physical_health_thyroid == "present"
    assert review.differentials_bipolar == "uncertain"
    assert review.life_situation_stressors == ["financial"]
    assert review.life_situation_sleep == "poor"
    assert review.pharmacogenomic_testing_status == "no"
    assert (review.safety_suicidal_thoughts, review.safety_self_harm) == ("no", "no")
    # "unknown" is the code for "not asked"
    assert (review.safety_wish_dead, review.safety_plan) == ("no", "unknown")
    assert review.clinician_notes.splitlines() == ["Discussed options.", "Follow up in 4 weeks."]


def test_a_known_drug_name_fills_in_its_class(live_server, page: Page, clinician):
    review = services.start_review(by=clinician, patient_ref="MRN-7", visit_date=VISIT)
    sign_in(page, live_server.url, clinician.username)
    page.goto(f"{live_server.url}/reviews/{review.pk}/steps/medication/")

    drug = row_field(page, "medication_trials", 0, "drug")
    drug_class = row_field(page, "medication_trials", 0, "drug_class")
    type_into(page, drug, "  Lithium ")
    page.keyboard.press("Tab")
    expect(drug_class).to_have_value("mood_stabilizer")

    # A class the clinician picked is left alone; an unknown name fills in nothing.
    choose(page, drug_class, "Other")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Control+a")
    page.keyboard.type("sertraline")
    page.keyboard.press("Tab")
    expect(drug_class).to_have_value("other")

    press_button(page, "Add another medication trial")
    new_drug = row_field(page, "medication_trials", 1, "drug")
    expect(new_drug).to_be_focused()
    page.keyboard.type("Unheardofine")
    page.keyboard.press("Tab")
    expect(row_field(page, "medication_trials", 1, "drug_class")).to_have_value("")
