"""Antidepressants begun together are one treatment step, counted at most once
(reviews/treatment_steps.py; issue 21, finding 2)."""

from reviews.facts import trials
from tests.reviews.builders import facts_of, ledger_of
from tests.reviews.samples import blank_review, trial

ADEQUATE = {"dose_adequate": "yes", "adherence": "as_prescribed", "response": "none"}


def review_with(*rows, onset="2024-01", visit="2026-11-20"):
    review = blank_review()
    review["visit_date"] = visit
    review["episode"]["onset"] = onset
    review["medication_trials"] = list(rows)
    return review


def steps(review):
    return trials.trial_facts(review, min_weeks=4).steps


def facts(review):
    return facts_of(review, 4)


def test_a_combination_started_the_same_day_and_stopped_together_counts_once():
    review = review_with(
        trial("sertraline", "ssri", start="2024-03-01", end="2024-06-15", **ADEQUATE),
        trial("mirtazapine", "nassa", start="2024-03-01", end="2024-06-15", **ADEQUATE),
    )
    (step,) = steps(review)
    assert step.drug == "sertraline + mirtazapine"
    assert step.status == {4: "counted", 6: "counted", 8: "counted"}
    result = facts(review)
    # Two failed adequate trials and two combinations before: one pair, one step.
    assert result.failed_adequate_trials["all"] == {"4": 1, "6": 1, "8": 1}
    assert result.failed_adequate_trials["current_episode"] == {"4": 1, "6": 1, "8": 1}
    assert result.combination_trials == 1
    assert result.adequate_trials == 1
    assert result.antidepressant_trials == 2  # two medicines tried, in one step
    (line,) = result.courses
    assert line["drug"] == "sertraline + mirtazapine"
    assert line["drug_class"] == "ssri + nassa"
    assert [row.drug for row in ledger_of(review, 4).rows] == ["sertraline + mirtazapine"]


def test_starts_within_14_days_that_ran_together_are_one_step_and_15_days_are_two():
    within = review_with(
        trial("sertraline", "ssri", start="2024-03-01", end="2024-07-01", **ADEQUATE),
        trial("mirtazapine", "nassa", start="2024-03-15", end="2024-07-01", **ADEQUATE),
    )
    apart = review_with(
        trial("sertraline", "ssri", start="2024-03-01", end="2024-07-01", **ADEQUATE),
        trial("mirtazapine", "nassa", start="2024-03-16", end="2024-07-01", **ADEQUATE),
    )
    assert [step.drug for step in steps(within)] == ["sertraline + mirtazapine"]
    # Added 15 days later: a combination of two steps, each counted on its own.
    assert [step.drug for step in steps(apart)] == ["sertraline", "mirtazapine"]
    assert facts(apart).failed_adequate_trials["all"] == {"4": 2, "6": 2, "8": 2}
    assert facts(apart).combination_trials == 1


def test_begun_together_but_one_stopped_within_two_weeks_is_not_one_step():
    review = review_with(
        trial("sertraline", "ssri", start="2024-03-01", end="2024-03-10", **ADEQUATE),
        trial("mirtazapine", "nassa", start="2024-03-01", end="2024-07-01", **ADEQUATE),
    )
    assert [step.drug for step in steps(review)] == ["sertraline", "mirtazapine"]


def test_a_step_takes_the_fewest_weeks_the_least_adherence_and_the_best_response():
    review = review_with(
        trial("sertraline", "ssri", start="2024-03-01", end="2024-06-01", **ADEQUATE),
        trial(
            "mirtazapine",
            "nassa",
            start="2024-03-01",
            end="2024-04-05",
            **{**ADEQUATE, "response": "partial"},
        ),
    )
    (step,) = steps(review)
    assert str(step.weeks_at_adequate_dose) == "5"
    assert step.status == {4: "counted", 6: "not_counted", 8: "not_counted"}
    assert step.reasons[6] == "5 weeks at an adequate dose, fewer than 6"
    remission = review_with(
        trial("sertraline", "ssri", start="2024-03-01", end="2024-06-01", **ADEQUATE),
        trial(
            "mirtazapine",
            "nassa",
            start="2024-03-01",
            end="2024-06-01",
            **{**ADEQUATE, "response": "remission"},
        ),
    )
    # The patient remitted during the step: it was not a failed step.
    assert only_status(remission) == "not_counted"


def only_status(review, weeks=4):
    (step,) = steps(review)
    return step.status[weeks]


def test_a_step_needs_each_dose_marked_adequate_and_names_the_one_that_is_not():
    review = review_with(
        trial("sertraline", "ssri", start="2024-03-01", end="2024-06-01", **ADEQUATE),
        trial(
            "mirtazapine",
            "nassa",
            start="2024-03-01",
            end="2024-06-01",
            **{**ADEQUATE, "dose_adequate": "no"},
        ),
    )
    (step,) = steps(review)
    assert step.status[4] == "not_counted"
    assert step.reasons[4] == "dose not marked adequate (mirtazapine)"


def test_both_recorded_as_combination_with_starts_known_to_a_month_are_one_step():
    review = review_with(
        trial("sertraline", "ssri", role="combination", start="2024-03", end="2024-06", **ADEQUATE),
        trial("bupropion", "ndri", role="combination", start="2024-03", end="2024-06", **ADEQUATE),
    )
    assert [step.drug for step in steps(review)] == ["sertraline + bupropion"]
    assert facts(review).failed_adequate_trials["all"] == {"4": 1, "6": 1, "8": 1}


def test_when_the_dates_cannot_tell_the_later_of_two_counted_trials_is_uncertain():
    # Both started in March 2024, recorded as monotherapy: the month cannot tell whether they
    # began within 14 days, so counting both could count one combination twice.
    review = review_with(
        trial("sertraline", "ssri", start="2024-03", end="2024-09", **ADEQUATE),
        trial("venlafaxine", "snri", start="2024-03", end="2024-09", **ADEQUATE),
    )
    first, second = steps(review)
    assert first.status[8] == "counted"
    assert second.status[8] == "uncertain"
    assert second.reasons[8] == "the dates cannot tell whether it began together with sertraline"
    result = facts(review)
    assert result.failed_adequate_trials["all"] == {"4": 1, "6": 1, "8": 1}
    assert result.uncertain_trials["all"] == {"4": 1, "6": 1, "8": 1}


def test_a_possible_step_with_a_trial_that_is_not_counted_leaves_the_other_counted():
    review = review_with(
        trial("sertraline", "ssri", start="2024-03", end="2024-09", **ADEQUATE),
        trial(
            "venlafaxine",
            "snri",
            start="2024-03",
            end="2024-09",
            **{**ADEQUATE, "adherence": "poor"},
        ),
    )
    assert [step.status[8] for step in steps(review)] == ["counted", "not_counted"]


def test_an_augmentation_and_another_condition_never_join_a_step():
    review = review_with(
        trial("sertraline", "ssri", start="2024-03-01", end="2024-07-01", **ADEQUATE),
        trial(
            "aripiprazole",
            "antipsychotic",
            role="augmentation",
            start="2024-03-01",
            end="2024-07-01",
            **ADEQUATE,
        ),
        trial(
            "amitriptyline",
            "tca",
            given_for="pain",
            start="2024-03-01",
            end="2024-07-01",
            **ADEQUATE,
        ),
    )
    assert [step.drug for step in steps(review)] == ["sertraline", "aripiprazole", "amitriptyline"]
    assert [line["failed"]["4"] for line in facts(review).courses] == [
        "counted",
        "not_applicable",
        "not_applicable",
    ]


def test_the_medication_step_says_which_rows_were_begun_together():
    review = review_with(
        trial("sertraline", "ssri", start="2024-03-01", end="2024-06-15", **ADEQUATE),
        trial("mirtazapine", "nassa", start="2024-03-01", end="2024-06-15", **ADEQUATE),
    )
    notes = trials.row_notes(review, min_weeks=4)
    assert "Begun together with sertraline and mirtazapine: one treatment step." in notes[0]
    assert "Begun together with sertraline and mirtazapine: one treatment step." in notes[1]
