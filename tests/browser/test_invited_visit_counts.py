"""The clinician's side of the five-trial patient's first review when the patient has answered
before the visit (issue 25's second measure), counted as tests/browser/test_visit_counts.py counts
a review without an invitation: keyboard only, a practised hand, the counts printed (`pytest -s`).

Before the visit the clinician starts the review and makes the invitation (counted). The patient
answers on a phone (tests/browser/test_previsit_counts.py; their count is printed too, not added).
At the visit the clinician adds each of the patient's answers with one key (the focus waits on the
next one above the step's questions), then records what only the clinician can: the safety
answers, the episode, the MADRS, each trial's role, dose, dose adequacy, adherence, response,
tolerability and why it stopped, each therapy's sessions and benefit, each procedure's sessions,
response and relapse, and every other step's answers as the sample has them. The patient's rough
dates, what they said and "information from: patient report" stand as the patient gave them.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from reviews import schema, steps
from reviews.models import Review
from tests.browser.keyboard import (
    KeyCounter,
    choose,
    expect_step,
    press_button,
    shift_tab_to,
    sign_in,
    tab_to,
)
from tests.browser.test_previsit_counts import answer_as_the_patient
from tests.browser.test_visit_counts import enter
from tests.reviews.samples import earlier_visit

CLINICIAN_BOUND = 390  # structured answers: 378 on 2026-12-06 (issue 25's goal: 250, not met)
WITH_TEXT_BOUND = 630  # with the sample's free text: 616
# What only the clinician records of a row the patient's answer added, in the page's order.
CLINICIANS_KEYS = {
    "medication_trials": (
        "role",
        "max_daily_dose_mg",
        "dose_adequate",
        "adherence",
        "response",
        "tolerability",
        "stopped_because",
    ),
    "psychotherapies": ("benefit", "sessions"),
    "procedures": ("sessions", "response", "relapse"),
}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}}


def start_and_invite(page: Page, data: dict) -> str:
    """The draft started from the list and the invitation made on its page; returns the link
    (copied with Ctrl+A, Ctrl+C from its focused box)."""
    tab_to(page, page.get_by_role("link", name="Start a review").first)
    page.keyboard.press("Enter")
    expect(page.get_by_label("Patient reference")).to_be_focused()
    for question in schema.VISIT.questions:
        enter(page, question, question.key, data[question.key], in_row=False)
    press_button(page, "Start review")
    expect_step(page, "Safety")  # answered at the visit: back to the list without saving it
    shift_tab_to(page, page.get_by_role("link", name="Reviews", exact=True))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name=data["patient_ref"]).first)
    page.keyboard.press("Enter")
    press_button(page, "Invite the patient to answer before the visit…")
    link = page.get_by_test_id("invitation-link")
    tab_to(page, link)
    page.keyboard.press("Control+a")
    page.keyboard.press("Control+c")
    return link.input_value()


def add_the_patients_answers(page: Page) -> int:
    """Enter on each focused "Add to the review" until none waits on this step."""
    added = 0
    while page.locator("[data-pending-add]").count():
        expect(page.locator("[data-pending-add]").first).to_be_focused()
        page.keyboard.press("Enter")
        added += 1
        expect(page.get_by_text("was added")).to_be_visible()
    return added


def complete_rows(page: Page, rows: schema.Rows, answers: list[dict], text: bool) -> None:
    """What only the clinician records of each row the patient's answers added."""
    questions = {question.key: question for question in rows.questions}
    for index, row in enumerate(answers):
        if rows.key == "medication_trials":
            edit = page.get_by_role("button", name=f"Edit medication trial {index + 1}")
            (tab_to if index else shift_tab_to)(page, edit)
            page.keyboard.press("Enter")
        for key in CLINICIANS_KEYS[rows.key]:
            name = f"{rows.key}-{index}-{key}"
            question = questions[key]
            if key == "role" and row[key] != question.default:
                # Edit opens a trial without its dose at the dose: the role is just before it.
                assert question.value_set is not None
                shift_tab_to(page, page.locator(f'[name="{name}"]'))
                choose(
                    page,
                    page.locator(f'[name="{name}"]'),
                    question.value_set(row[key]).label,
                    practised=True,
                )
                continue
            enter(page, questions[key], name, row[key], in_row=True, text=text)


def the_visit(page: Page, counter: KeyCounter, data: dict, text: bool) -> dict[str, int]:
    """Every step from the list to "final"; returns the count by page."""
    counter.reset()
    spent: dict[str, int] = {}

    def note(title: str) -> None:
        spent[title] = sum(counter.counts()) - sum(spent.values())

    tab_to(page, page.get_by_role("link", name=data["patient_ref"]).first)
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Continue the review"))
    page.keyboard.press("Enter")
    done = "Opening the review"
    for step in steps.STEPS[1:]:
        expect_step(page, step.title)
        note(done)  # each page counted once the next one is on screen
        done = step.title
        add_the_patients_answers(page)
        answers = data[step.section.key] if step.section and step.section.key else data
        if step.section:
            for question in step.section.questions:
                name = step.section.column(question)
                enter(page, question, name, answers[question.key], in_row=False, text=text)
        if step.rows and step.rows.key in CLINICIANS_KEYS:
            complete_rows(page, step.rows, answers[step.rows.key], text)
        elif step.rows:  # the scores: the PHQ-9 is the patient's; the MADRS is typed below it
            madrs = answers["severity_scores"][1]
            for question in step.rows.questions:
                name = f"severity_scores-1-{question.key}"
                enter(page, question, name, madrs[question.key], in_row=True)
        page.keyboard.press("Control+Enter")
    expect(page.get_by_role("heading", name="Finish the review")).to_be_visible()
    note(done)
    press_button(page, "Finalise review")
    expect(page.get_by_text("The review is final.")).to_be_visible()
    note("Finish")
    return spent


@pytest.mark.parametrize("text", [False, True], ids=["structured", "with_free_text"])
def test_the_clinicians_side_when_the_patient_has_answered(
    live_server, page: Page, browser, clinician, text
):
    data = earlier_visit(timezone.localdate().isoformat())
    sign_in(page, live_server.url, clinician.username)
    counter = KeyCounter(page)
    counter.reset()
    link = start_and_invite(page, data)
    before = sum(counter.counts())

    phone = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        patient_keys, patient_clicks = answer_as_the_patient(phone.new_page(), link)
    finally:
        phone.close()

    page.goto(live_server.url + "/")
    spent = the_visit(page, counter, data, text)
    at_visit = sum(spent.values())
    kind = "with its free text" if text else "structured answers"
    print(
        f"\nclinician, first review with the patient's answers, {kind}: {before + at_visit}"
        f" keystrokes and clicks ({before} before the visit, {at_visit} at it); the patient:"
        f" {patient_keys + patient_clicks}; at the visit by page: "
        + ", ".join(f"{title} {count}" for title, count in spent.items())
    )
    review = Review.objects.get(patient_ref=data["patient_ref"])
    assert review.is_final
    trials = list(review.medication_trials.order_by("id"))
    assert [(t.drug, t.info_source) for t in trials] == [
        (trial["drug"], "patient_report") for trial in data["medication_trials"]
    ]
    assert [t.max_daily_dose_mg for t in trials] == [150, 20, 225, 5, 300]
    assert [t.response for t in trials] == [t["response"] for t in data["medication_trials"]]
    assert trials[3].role == "augmentation"
    scores = review.severity_scores.order_by("scale")
    assert [(s.scale, s.score, s.info_source) for s in scores] == [
        ("madrs", 31, "unknown"),
        ("phq9", 19, "patient_report"),
    ]
    assert list(review.psychotherapies.values_list("sessions", flat=True)) == [12, 8]
    assert list(review.procedures.values_list("response", flat=True)) == ["remission", "partial"]
    assert before + at_visit < (WITH_TEXT_BOUND if text else CLINICIAN_BOUND)
