"""The patient's side, counted (issue 25): the five-trial patient's history (samples.earlier_visit)
answered before the visit on a 390 px phone, by keyboard only, as the clinicians' counts are
(tests/browser/test_visit_counts.py): the PHQ-9, the five medicines, the two talking therapies and
the two other treatments, then "Send my answers". The count is printed (`pytest -s`).

What the patient types is what the record holds, said as a patient would: the name as recorded
(the everyday name of a therapy or procedure), the start to the month, "N weeks" or "N sessions",
still taking or not, and "did it help" from the recorded response or benefit.
"""

import datetime

from playwright.sync_api import Page, expect

from reviews import services
from reviews.models import Invitation
from reviews.previsit import services as previsit
from tests.browser.keyboard import KeyCounter, choose, tab_to
from tests.reviews.samples import blank_review, earlier_visit

PHQ9 = (3, 3, 2, 2, 2, 2, 2, 2, 1)  # the sample's PHQ-9 of 19, item 9 as its safety answer
HELPED = {
    "none": "Not at all",
    "partial": "A little",
    "response": "A lot",
    "remission": "A lot",
    "substantial": "A lot",
}
EVERYDAY_NAMES = {
    "cbt": "CBT",
    "behavioral_activation": "Behavioural activation",
    "rtms": "TMS",
    "ketamine_iv": "Ketamine infusion",
}


def medicine_rows(data: dict) -> list[dict]:
    rows = []
    for trial in data["medication_trials"]:
        weeks = ""
        if trial["start"] and trial["end"]:
            days = datetime.date.fromisoformat(trial["end"]) - datetime.date.fromisoformat(
                trial["start"]
            )
            weeks = f"{days.days // 7} weeks"
        rows.append(
            {
                "name": trial["drug"],
                "started": (trial["start"] or "")[:7],
                "how_long": weeks,
                "still_taking": "Yes" if trial["ongoing"] == "yes" else "No",
                "helped": HELPED.get(trial["response"], ""),
                "side_effects_stopped": "Yes"
                if trial["stopped_because"] == "side_effects"
                else "No",
            }
        )
    return rows


def treatment_rows(rows: list[dict], code: str, outcome: str) -> list[dict]:
    return [
        {
            "name": EVERYDAY_NAMES[row[code]],
            "started": (row["start"] or "")[:7],
            "how_long": f"{row['sessions']} sessions" if row["sessions"] else "",
            "still_having": "No",
            "helped": HELPED.get(row[outcome], ""),
        }
        for row in rows
    ]


def answer_rows(page: Page, prefix: str, rows: list[dict]) -> None:
    """Each answer of each row, reached by Tab from where the focus is: text typed, a choice
    picked by the fewest letters that reach it; fields the patient leaves empty are tabbed past."""
    for index, row in enumerate(rows):
        for field, value in row.items():
            if not value:
                continue
            target = page.locator(f'[name="{prefix}-{index}-{field}"]')
            if field in ("still_taking", "still_having", "helped", "side_effects_stopped"):
                choose(page, target, value, practised=True)
            else:
                tab_to(page, target)
                page.keyboard.type(value)
                expect(target).to_have_value(value)


def test_the_five_trial_patients_history_on_a_phone_by_keyboard(live_server, page: Page, clinician):
    review = services.import_review(data=blank_review(), by=clinician)
    _invitation, token = previsit.create_invitation(review=review, by=clinician)
    page.set_viewport_size({"width": 390, "height": 844})
    _keys, clicks = answer_as_the_patient(page, f"{live_server.url}/p/{token}/")
    assert clicks == 0


def answer_as_the_patient(page: Page, link: str) -> tuple[int, int]:
    """The five-trial patient's history sent from the link's page by keyboard, as the patient
    gives it; returns the keystrokes and clicks, and checks what the invitation keeps."""
    history = earlier_visit()
    counter = KeyCounter(page)
    page.goto(link)
    counter.reset()
    for number, value in enumerate(PHQ9, start=1):
        tab_to(page, page.locator(f'input[name="item{number}"]').first)
        for _ in range(value):  # from the group's first answer, each arrow the next one
            page.keyboard.press("ArrowDown")
        expect(page.locator(f'input[name="item{number}"][value="{value}"]')).to_be_checked()
    answered = {"PHQ-9": sum(counter.counts())}
    parts = (
        ("medicines", medicine_rows(history)),
        ("therapies", treatment_rows(history["psychotherapies"], "modality", "benefit")),
        ("procedures", treatment_rows(history["procedures"], "kind", "response")),
    )
    for prefix, rows in parts:
        answer_rows(page, prefix, rows)
        answered[prefix] = sum(counter.counts()) - sum(answered.values())
    tab_to(page, page.get_by_role("button", name="Send my answers"), limit=120)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("phq9-total")).to_contain_text("is 19")
    keys, clicks = counter.counts()
    answered["sending"] = keys + clicks - sum(answered.values())
    print(
        f"\npatient, the five-trial history on a 390 px phone: {keys + clicks} keystrokes and"
        f" clicks ({keys} keys, {clicks} clicks); by part: "
        + ", ".join(f"{part} {count}" for part, count in answered.items())
    )
    sent = Invitation.objects.get().answers
    assert [row["name"] for row in sent["medicines"]] == [
        trial["drug"] for trial in history["medication_trials"]
    ]
    assert [row["name"] for row in sent["therapies"]] == ["CBT", "Behavioural activation"]
    assert [row["name"] for row in sent["procedures"]] == ["TMS", "Ketamine infusion"]
    return keys, clicks
