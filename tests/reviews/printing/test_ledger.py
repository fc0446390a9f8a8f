"""Page 1's trial ledger reads plainly (reviews/ledger.py; issue 21, finding 8): each line says
its episode, a typed figure of weeks is always shown with why it does not count, and the counts
read "2 counted · 1 ongoing · 1 uncertain", or "onset not recorded" once."""

from tests.reviews.builders import ledger_of
from tests.reviews.samples import blank_review, trial

ADEQUATE = {"dose_adequate": "yes", "adherence": "as_prescribed", "response": "none"}


def ledger(*rows, onset="2024-01"):
    review = blank_review()
    review["visit_date"] = "2026-11-20"
    review["episode"]["onset"] = onset
    review["medication_trials"] = list(rows)
    return ledger_of(review, 4)


def test_each_line_says_which_episode_it_is_in():
    shown = ledger(
        trial("sertraline", "ssri", start="2024-03", end="2024-06", **ADEQUATE),
        trial("citalopram", "ssri", start="2019-01", end="2019-06", **ADEQUATE),
        trial("paroxetine", "ssri", weeks=8, **ADEQUATE),
    )
    assert [row.episode for row in shown.rows] == [
        "this episode",
        "before it",
        "episode not known",
    ]


def test_a_typed_number_of_weeks_is_shown_with_why_it_is_not_counted():
    shown = ledger(
        trial("sertraline", "ssri", weeks=8, **{**ADEQUATE, "dose_adequate": "unknown"}),
        trial("citalopram", "ssri", weeks=6, **{**ADEQUATE, "dose_adequate": "no"}),
        trial("paroxetine", "ssri", **{**ADEQUATE, "dose_adequate": "no"}),
    )
    assert [row.weeks for row in shown.rows] == [
        "8 entered; dose adequacy not recorded",
        "6 entered; dose not marked adequate",
        "—",
    ]


def test_an_ongoing_line_says_weeks_so_far():
    shown = ledger(trial("citalopram", "ssri", start="2026-10-16", ongoing="yes", **ADEQUATE))
    (row,) = shown.rows
    assert row.weeks == "5* so far"
    assert row.dates == "2026-10-16\u00a0– ongoing"
    assert [mark.state for mark in row.marks] == ["ongoing"] * 3


def test_the_counts_read_counted_ongoing_and_uncertain():
    shown = ledger(
        trial("sertraline", "ssri", start="2024-03", end="2024-09", **ADEQUATE),
        trial("citalopram", "ssri", start="2026-09-01", ongoing="yes", **ADEQUATE),
        trial("paroxetine", "ssri", weeks=10, **ADEQUATE),
    )
    current, every = shown.counts
    # Paroxetine has no dates: its episode cannot be told, so it is uncertain there.
    assert [cell.text for cell in current.cells] == ["1 counted · 1 ongoing · 1 uncertain"] * 3 + [
        "0"
    ]
    assert [cell.text for cell in every.cells] == ["2 counted · 1 ongoing"] * 3 + ["0"]


def test_without_an_onset_one_cell_says_so():
    shown = ledger(trial("sertraline", "ssri", weeks=10, **ADEQUATE), onset=None)
    current, every = shown.counts
    (cell,) = current.cells
    assert (cell.text, cell.span) == ("onset not recorded", 4)
    assert len(every.cells) == 4
    assert shown.note.startswith("The onset of the current episode is not recorded")


def test_a_mark_cell_names_the_thresholds_it_stands_for():
    from reviews.printing.ledger import Cell

    assert Cell("counted", 1, "counted", (4,)).heading == "≥4 weeks"
    assert Cell("counted", 3, "counted", (4, 6, 8)).heading == "≥4, 6 and 8 weeks"
    assert Cell("3 of 4").heading == ""


def test_a_trial_of_the_patients_report_says_so_beside_its_class():
    """Issue 25: the entries that came from the patient's report are marked on page 1 too."""
    shown = ledger(
        trial("sertraline", "ssri", start="2024-03", end="2024-06", info_source="records"),
        trial("citalopram", "ssri", start="2024-07", info_source="patient_report"),
    )
    assert [row.source for row in shown.rows] == ["", "patient report"]


def test_a_role_other_than_monotherapy_is_named_beside_the_class():
    shown = ledger(
        trial("sertraline", "ssri", start="2024-03", end="2024-06", role="monotherapy"),
        trial("aripiprazole", "antipsychotic", start="2024-04", role="augmentation"),
        trial("citalopram", "ssri", start="2024-07", role="unknown"),
    )
    assert [row.drug_class for row in shown.rows] == [
        "SSRI",
        "Antipsychotic, augmentation",
        "SSRI, role not recorded",
    ]


def test_a_purpose_other_than_depression_is_named_and_one_not_recorded_says_so():
    shown = ledger(
        trial("amitriptyline", "tca", start="2024-03", given_for="pain"),
        trial("lithium", "mood_stabilizer", start="2024-04", given_for="unknown"),
    )
    assert [row.drug_class for row in shown.rows] == [
        "Tricyclic (TCA), for pain",
        "Mood stabiliser, purpose not recorded",
    ]
