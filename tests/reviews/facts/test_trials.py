"""Medication trials that count right: courses, the current episode, failed adequate trials at
4, 6 and 8 weeks, and the strategies read from dates and classes (reviews/trials.py)."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviews.facts import strategies, trials
from reviews.facts.dates import PartialDate, Weeks, weeks_between
from tests.reviews.builders import categories_of, facts_of
from tests.reviews.samples import blank_review, trial

ADEQUATE = {"dose_adequate": "yes", "adherence": "as_prescribed", "response": "none"}


def review_with(*rows, onset=None, visit="2026-11-20"):
    review = blank_review()
    review["visit_date"] = visit
    review["episode"]["onset"] = onset
    review["medication_trials"] = list(rows)
    return review


def courses(review, min_weeks=4):
    return trials.trial_facts(review, min_weeks=min_weeks).courses


def only_course(review):
    (course,) = courses(review)
    return course


def only_step(review, min_weeks=4):
    (step,) = trials.trial_facts(review, min_weeks=min_weeks).steps
    return step


def facts(review, min_weeks=4):
    return facts_of(review, min_weeks)


# --- Dates at the precision people know them ---


def test_partial_dates_stand_for_a_range_of_days():
    assert PartialDate.parse("2019") == PartialDate(date(2019, 1, 1), date(2019, 12, 31), "2019")
    assert PartialDate.parse("2024-02").latest == date(2024, 2, 29)
    assert PartialDate.parse("2019-03-14").exact
    for bad in ("19", "2019-13", "2019-02-30", "2019/03", "March 2019"):
        try:
            PartialDate.parse(bad)
        except ValueError:
            continue
        raise AssertionError(bad)


def test_weeks_from_approximate_dates_are_a_range():
    assert weeks_between(PartialDate.parse("2019-03"), PartialDate.parse("2019-06")) == Weeks(8, 17)
    assert str(Weeks(13, 17)) == "13–17"
    exact = weeks_between(PartialDate.parse("2024-04-01"), PartialDate.parse("2024-06-15"))
    assert exact == Weeks(10, 10)


# --- The rows of the table, each with the corrected fact ---


def test_a_past_trial_with_no_end_date_has_unknown_weeks_not_years():
    # "fluoxetine started 2019, stop date not known" used to read "ongoing, 403 weeks".
    review = review_with(trial("fluoxetine", "ssri", start="2019", **ADEQUATE))
    assert only_course(review).weeks_at_adequate_dose is None
    step = only_step(review)
    assert step.status == {4: "uncertain", 6: "uncertain", 8: "uncertain"}
    assert step.reasons[4] == "weeks at an adequate dose not known"
    assert facts(review).adequate_trials == 0


def test_an_ongoing_trial_counts_to_the_visit_date():
    review = review_with(trial("fluoxetine", "ssri", start="2026-09-25", ongoing="yes", **ADEQUATE))
    assert only_course(review).weeks_at_adequate_dose == Weeks(8, 8)
    assert only_course(review).weeks_from_dates


def test_a_trial_that_led_to_remission_is_not_a_failed_trial():
    review = review_with(
        trial("venlafaxine", "snri", weeks=8, **{**ADEQUATE, "response": "remission"})
    )
    step = only_step(review)
    assert step.status[8] == "not_counted"
    assert step.reasons[8] == "remission"
    assert facts(review).failed_adequate_trials["all"] == {"4": 0, "6": 0, "8": 0}


def test_poor_adherence_is_not_counted_and_unknown_adherence_is_uncertain():
    poor = review_with(trial("escitalopram", "ssri", weeks=8, **{**ADEQUATE, "adherence": "poor"}))
    assert only_step(poor).status[4] == "not_counted"
    assert only_step(poor).reasons[4] == "adherence poor"
    unknown = review_with(
        trial("escitalopram", "ssri", weeks=8, **{**ADEQUATE, "adherence": "unknown"})
    )
    assert only_step(unknown).status[4] == "uncertain"
    assert facts(unknown).uncertain_trials["all"] == {"4": 1, "6": 1, "8": 1}


def test_a_trial_before_the_current_episode_counts_for_all_trials_only():
    review = review_with(
        trial("citalopram", "ssri", start="2010-01", end="2010-06", **ADEQUATE),
        onset="2024",
    )
    assert only_course(review).in_current_episode is False
    counts = facts(review).failed_adequate_trials
    assert counts == {"current_episode": {"4": 0, "6": 0, "8": 0}, "all": {"4": 1, "6": 1, "8": 1}}


def test_without_an_onset_the_current_episode_cannot_be_counted():
    review = review_with(trial("citalopram", "ssri", weeks=10, **ADEQUATE))
    result = facts(review)
    assert result.failed_adequate_trials["current_episode"] is None
    assert result.failed_classes["current_episode"] is None
    assert result.failed_adequate_trials["all"] == {"4": 1, "6": 1, "8": 1}


def test_a_trial_ongoing_at_the_onset_is_in_the_episode():
    review = review_with(
        trial("sertraline", "ssri", start="2023-06", end="2024-05", **ADEQUATE), onset="2024-03"
    )
    assert only_course(review).in_current_episode is True


def test_dose_steps_and_a_brand_name_are_one_course():
    review = review_with(
        trial(
            "sertraline",
            "ssri",
            start="2024-01-01",
            end="2024-02-15",
            max_daily_dose_mg=50,
            dose_adequate="no",
            adherence="as_prescribed",
            response="partial",
        ),
        trial(
            "sertraline",
            "ssri",
            start="2024-02-16",
            end="2024-05-01",
            max_daily_dose_mg=200,
            **ADEQUATE,
        ),
        trial(
            "Zoloft",
            "ssri",
            start="2024-05-10",
            end="2024-07-01",
            max_daily_dose_mg=200,
            **ADEQUATE,
        ),
    )
    course = only_course(review)
    assert course.drug == "sertraline / Zoloft (sertraline)"
    assert len(course.rows) == 3
    assert course.max_dose == 200
    # Weeks at an adequate dose: the two rows marked adequate (10 + 7), not the titration.
    assert course.weeks_at_adequate_dose == Weeks(17, 17)
    result = facts(review)
    assert result.antidepressant_trials == 1
    assert result.failed_adequate_trials["all"] == {"4": 1, "6": 1, "8": 1}


def test_rows_far_apart_are_separate_courses():
    review = review_with(
        trial("sertraline", "ssri", start="2020-01-01", end="2020-04-01", **ADEQUATE),
        trial("sertraline", "ssri", start="2020-04-20", end="2020-08-01", **ADEQUATE),
    )
    assert len(courses(review)) == 2  # 19 days apart, more than 14


def test_two_antidepressants_taken_together_are_a_combination_not_a_switch():
    review = review_with(
        trial("sertraline", "ssri", start="2024-01-01", end="2024-06-01", **ADEQUATE),
        trial("mirtazapine", "nassa", start="2024-02-01", end="2024-06-01", **ADEQUATE),
    )
    result = categories_of(review, 4)
    by_id = {category.id: category for category in result}
    assert by_id["switch"].already_tried is False
    assert by_id["combination"].already_tried is True
    (line,) = by_id["combination"].findings
    assert line.startswith("Courses recorded as combination or taken together: sertraline (")
    assert ") + mirtazapine (" in line
    assert line.endswith(": dates overlap; taken together for at least 2 weeks.")
    # One pair is one combination (it was 2, one per medicine); begun a month apart, they are
    # two treatment steps, each counted on its own.
    assert facts(review).combination_trials == 1
    assert facts(review).failed_adequate_trials["all"] == {"4": 2, "6": 2, "8": 2}


def combination_line(review) -> str:
    (line,) = {c.id: c for c in categories_of(review, 4)}["combination"].findings
    return line.removeprefix("Courses recorded as combination or taken together: ")


def test_a_chain_of_overlaps_is_two_combinations_not_one_of_three():
    """Escitalopram and mirtazapine begun together; nortriptyline after escitalopram ended,
    beside the mirtazapine still taken: escitalopram and nortriptyline were never taken
    together, so no combination names the three."""
    review = review_with(
        trial("escitalopram", "ssri", start="2025-02-01", end="2025-08-01", **ADEQUATE),
        trial("mirtazapine", "nassa", start="2025-02-07", end="2026-01-01", **ADEQUATE),
        trial("nortriptyline", "tca", start="2025-09-01", end="2026-01-01", **ADEQUATE),
    )
    found = strategies.combinations(trials.trial_facts(review, min_weeks=4))
    assert [[course.drug for course in group] for group, _ in found] == [
        ["escitalopram", "mirtazapine"],
        ["mirtazapine", "nortriptyline"],
    ]
    assert [how for _, how in found] == [
        "dates overlap; begun together, one treatment step",
        "dates overlap; taken together for at least 2 weeks",
    ]


def test_a_combination_beside_an_antidepressant_recorded_as_augmentation_is_not_called_alone():
    review = review_with(
        trial(
            "venlafaxine",
            "snri",
            role="augmentation",
            start="2026-01-01",
            end="2026-06-01",
            **ADEQUATE,
        ),
        trial(
            "mirtazapine",
            "nassa",
            role="combination",
            start="2026-02-01",
            end="2026-06-01",
            **ADEQUATE,
        ),
    )
    line = combination_line(review)
    assert line.endswith("recorded as combination; taken while venlafaxine was running.")
    assert "no other antidepressant" not in line


def test_a_medicine_still_taken_is_marked_so_beside_its_response_and_in_a_combination():
    """The patient's current medicine, listed under switching with "no response", must not read
    as an ended failure."""
    review = review_with(
        trial("sertraline", "ssri", start="2025-01-01", end="2025-06-01", **ADEQUATE),
        trial("mirtazapine", "nassa", start="2025-03-01", end="2025-06-01", **ADEQUATE),
        trial("venlafaxine", "snri", start="2026-10-30", ongoing="yes", **ADEQUATE),
        trial("bupropion", "ndri", start="2026-10-30", ongoing="yes", **ADEQUATE),
    )
    by_id = {category.id: category for category in categories_of(review, 4)}
    (response,) = [line for line in by_id["switch"].findings if line.startswith("Response")]
    assert response == (
        "Response recorded as none, partial or lost: sertraline (no response), mirtazapine (no "
        "response), venlafaxine (no response, still taken at the visit), bupropion (no response, "
        "still taken at the visit)."
    )
    ended, current = combination_line(review).split(", venlafaxine (")
    assert "still taken" not in ended
    assert current.startswith("SNRI, still taken at the visit, 3 weeks")
    assert "bupropion (NDRI, still taken at the visit, 3 weeks" in current


def test_lithium_alongside_an_antidepressant_is_augmentation_whatever_the_role():
    review = review_with(
        trial("sertraline", "ssri", start="2024-01-01", end="2024-06-01", **ADEQUATE),
        trial("lithium carbonate", "mood_stabilizer", start="2024-03-01", end="2024-06-01"),
    )
    by_id = {c.id: c for c in categories_of(review, 4)}
    assert by_id["augmentation"].already_tried is True
    assert "lithium carbonate" in by_id["augmentation"].findings[0]
    assert "taken while sertraline was running" in by_id["augmentation"].findings[0]
    assert facts(review).augmentation_trials == 1


def test_an_antidepressant_added_as_augmentation_is_counted_only_as_augmentation():
    review = review_with(
        trial("escitalopram", "ssri", start="2024-01-01", end="2024-09-01", **ADEQUATE),
        trial(
            "bupropion",
            "ndri",
            role="augmentation",
            start="2024-04-01",
            end="2024-09-01",
            **ADEQUATE,
        ),
    )
    result = facts(review)
    assert result.antidepressant_trials == 1
    assert result.adequate_trials == 1
    assert result.augmentation_trials == 1
    assert result.failed_adequate_trials["all"]["8"] == 1


def test_medicines_for_pain_or_sleep_are_not_antidepressant_trials():
    review = review_with(
        trial("amitriptyline", "tca", given_for="pain", weeks=20, **ADEQUATE),
        trial("trazodone", "serotonin_modulator", given_for="sleep", weeks=20, **ADEQUATE),
    )
    result = facts(review)
    assert result.antidepressant_trials == 0
    assert result.antidepressant_classes == ()
    assert result.failed_adequate_trials["all"] == {"4": 0, "6": 0, "8": 0}


def test_weeks_from_dates_are_marked_as_possibly_including_titration():
    review = review_with(
        trial("sertraline", "ssri", start="2024-04-01", end="2024-06-15", **ADEQUATE)
    )
    notes = trials.row_notes(review, min_weeks=4)
    assert notes[0].startswith("Weeks at an adequate dose: 10 (from dates, may include titration).")


# --- Thresholds and approximate dates ---


def test_each_threshold_counts_on_its_own():
    review = review_with(trial("duloxetine", "snri", weeks=6, **ADEQUATE))
    step = only_step(review)
    assert step.status == {4: "counted", 6: "counted", 8: "not_counted"}
    assert step.reasons[8] == "6 weeks at an adequate dose, fewer than 8"


def test_a_course_too_short_on_its_dates_is_not_counted_whatever_its_dose():
    """19 days with the dose's adequacy not recorded: no dose makes that 4 weeks, so it is not
    counted (it was "uncertain: dose adequacy not recorded", one more uncertain trial)."""
    short = {**ADEQUATE, "dose_adequate": "unknown", "response": "none"}
    review = review_with(trial("sertraline", "ssri", start="2025-08-01", end="2025-08-20", **short))
    step = only_step(review)
    assert step.status == {4: "not_counted", 6: "not_counted", 8: "not_counted"}
    assert step.reasons[4] == "2 weeks in all on its dates, fewer than 4"
    assert facts(review).uncertain_trials["all"] == {"4": 0, "6": 0, "8": 0}
    # Dates that allow the weeks leave it uncertain, as before; and one week is "1 week".
    longer = review_with(trial("sertraline", "ssri", start="2025-08", end="2025-09", **short))
    assert only_step(longer).status == {4: "uncertain", 6: "uncertain", 8: "uncertain"}
    # A dose marked not adequate stays the reason given, however short the course.
    not_adequate = {**short, "dose_adequate": "no"}
    marked = review_with(
        trial("sertraline", "ssri", start="2025-08-01", end="2025-08-20", **not_adequate)
    )
    assert only_step(marked).reasons[4] == "dose not marked adequate"
    one_week = review_with(
        trial("sertraline", "ssri", start="2025-08-01", end="2025-08-09", **short)
    )
    assert only_step(one_week).reasons[4] == "1 week in all on its dates, fewer than 4"


def test_approximate_dates_across_a_threshold_are_uncertain():
    review = review_with(trial("duloxetine", "snri", start="2019-03", end="2019-04", **ADEQUATE))
    step = only_step(review)  # 0 to 8 weeks
    assert step.weeks_at_adequate_dose == Weeks(0, 8)
    assert step.status[4] == "uncertain"
    assert step.reasons[4] == "approximate dates: 0–8 weeks, across 4"


def test_a_lost_response_is_uncertain():
    review = review_with(
        trial("sertraline", "ssri", weeks=12, **{**ADEQUATE, "response": "lost_response"})
    )
    assert only_step(review).status[8] == "uncertain"


def test_failed_classes_are_the_classes_of_the_counted_trials():
    review = review_with(
        trial("sertraline", "ssri", weeks=10, **ADEQUATE),
        trial("venlafaxine", "snri", weeks=10, **{**ADEQUATE, "response": "remission"}),
        onset="2020",
    )
    # Undated rows: whether they fall in the episode since 2020 cannot be told.
    assert facts(review).failed_classes == {"current_episode": [], "all": ["ssri"]}


# --- Properties ---

drugs = st.sampled_from(["sertraline", "Zoloft", "venlafaxine", "lithium", "bupropion", "x"])
classes = st.sampled_from(["ssri", "snri", "ndri", "mood_stabilizer", "tca", "other"])
days = st.dates(date(2015, 1, 1), date(2026, 11, 20)).map(date.isoformat)
maybe_days = st.none() | days | days.map(lambda text: text[:7]) | days.map(lambda text: text[:4])
rows = st.builds(
    lambda drug, drug_class, start, end, weeks, adequate, adherence, response, role, purpose: trial(
        drug,
        drug_class,
        start=start,
        end=end if (start and end and end >= start) else None,
        weeks=weeks,
        dose_adequate=adequate,
        adherence=adherence,
        response=response,
        role=role,
        given_for=purpose,
    ),
    drugs,
    classes,
    maybe_days,
    maybe_days,
    st.none() | st.integers(0, 60),
    st.sampled_from(["yes", "no", "unknown"]),
    st.sampled_from(["as_prescribed", "partial", "unknown"]),
    st.sampled_from(["none", "partial", "remission", "unknown"]),
    st.sampled_from(["monotherapy", "combination", "augmentation"]),
    st.sampled_from(["depression", "unknown", "pain"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(rows, max_size=6), st.none() | maybe_days)
def test_counts_never_exceed_the_courses(entries, onset):
    result = facts(review_with(*entries, onset=onset))
    for scope in ("all", "current_episode"):
        counted, uncertain = result.failed_adequate_trials[scope], result.uncertain_trials[scope]
        ongoing = result.ongoing_trials[scope]
        if counted is None:
            continue
        for weeks in ("4", "6", "8"):
            shown = counted[weeks] + uncertain[weeks] + ongoing[weeks]
            assert shown <= result.antidepressant_trials
            # Each line of the ledger is in at most one of the three figures.
            assert (
                shown
                == sum(
                    course["failed"][weeks] in ("counted", "uncertain")
                    or (course["failed"][weeks] == "ongoing" and scope == "all")
                    for course in result.courses
                )
                or scope == "current_episode"
            )
    assert result.antidepressant_trials <= result.medication_trials <= len(entries)


@settings(max_examples=200, deadline=None)
@given(st.lists(rows, max_size=5), st.none() | maybe_days, days)
def test_a_medicine_for_another_condition_never_changes_the_counts(entries, onset, start):
    before = facts(review_with(*entries, onset=onset))
    extra = trial("amitriptyline", "tca", given_for="pain", start=start, weeks=20, **ADEQUATE)
    after = facts(review_with(*entries, extra, onset=onset))
    assert after.failed_adequate_trials == before.failed_adequate_trials
    assert after.uncertain_trials == before.uncertain_trials
    assert after.antidepressant_trials == before.antidepressant_trials


# --- Every page reads approximate dates ---


@pytest.mark.pdf
def test_pages_with_dates_known_to_a_month_or_a_year_open(signed_in_client, clinician):
    from django.urls import reverse

    from reviews import services

    review = services.import_review(
        data=review_with(
            trial("Zoloft", "ssri", start="2024-02", end="2024-05", **ADEQUATE),
            trial("Effexor XR", "snri", start="2024", ongoing="yes", **ADEQUATE),
            onset="2024-01",
        ),
        by=clinician,
    )
    for name in ("review_detail", "review_pdf", "patient_timeline", "review_finish"):
        response = signed_in_client.get(reverse(name, args=[review.pk]))
        assert response.status_code == 200, name
    page = signed_in_client.get(reverse("review_detail", args=[review.pk])).content.decode()
    assert "Zoloft (sertraline)" in page
    assert "Effexor XR (venlafaxine)" in page


# --- Issue 21: facts that never overstate failure ---


def test_an_ongoing_course_with_a_partial_response_is_ongoing_never_counted():
    # A 5-week ongoing citalopram with a partial response used to be "counted" at 4 weeks.
    review = review_with(
        trial(
            "citalopram",
            "ssri",
            start="2026-10-16",
            ongoing="yes",
            **{**ADEQUATE, "response": "partial"},
        ),
        onset="2026-06",
    )
    step = only_step(review)
    assert step.status == {4: "ongoing", 6: "ongoing", 8: "ongoing"}
    assert step.reasons[4] == "so far fits every other clause"
    assert step.reasons[6] == "so far 5 weeks at an adequate dose, fewer than 6"
    result = facts(review)
    for scope in ("current_episode", "all"):
        assert result.failed_adequate_trials[scope] == {"4": 0, "6": 0, "8": 0}
        assert result.uncertain_trials[scope] == {"4": 0, "6": 0, "8": 0}
        assert result.ongoing_trials[scope] == {"4": 1, "6": 0, "8": 0}
    (line,) = result.courses
    assert line["ongoing"] is True
    assert line["failed"] == {"4": "ongoing", "6": "ongoing", "8": "ongoing"}


def test_a_long_ongoing_course_is_ongoing_at_every_threshold():
    # A mirtazapine course running 93 weeks was counted at 4, 6 and 8 weeks.
    review = review_with(
        trial("mirtazapine", "nassa", start="2025-02-14", ongoing="yes", **ADEQUATE),
        onset="2024",
    )
    result = facts(review)
    assert result.failed_adequate_trials["current_episode"] == {"4": 0, "6": 0, "8": 0}
    assert result.ongoing_trials["current_episode"] == {"4": 1, "6": 1, "8": 1}


def test_an_ongoing_course_with_unknown_adherence_is_neither_uncertain_nor_in_the_figure():
    review = review_with(
        trial(
            "escitalopram",
            "ssri",
            start="2025-01",
            ongoing="yes",
            **{**ADEQUATE, "adherence": "unknown"},
        ),
        onset="2024",
    )
    result = facts(review)
    assert result.uncertain_trials["all"] == {"4": 0, "6": 0, "8": 0}
    assert result.ongoing_trials["all"] == {"4": 0, "6": 0, "8": 0}
    assert only_step(review).reasons[4] == "so far adherence not recorded"


def test_a_course_stopped_for_side_effects_is_its_own_fact_whatever_its_weeks():
    review = review_with(
        trial(
            "sertraline",
            "ssri",
            start="2025-03-01",
            end="2025-03-15",
            stopped_because="side_effects",
            **ADEQUATE,
        ),
        trial("paroxetine", "ssri", weeks=10, tolerability="intolerable", **ADEQUATE),
        trial(
            "amitriptyline",
            "tca",
            given_for="pain",
            weeks=3,
            stopped_because="side_effects",
            **ADEQUATE,
        ),
        trial("quetiapine", "antipsychotic", role="augmentation", stopped_because="side_effects"),
        onset="2025-01",
    )
    result = facts(review)
    # Paroxetine is undated: its episode cannot be told, so it is left out of the episode's.
    assert result.stopped_for_side_effects == {"current_episode": 1, "all": 2}
    # Paroxetine's 10 weeks also count it as a failed trial (all recorded trials); sertraline's
    # two weeks do not.
    assert result.failed_adequate_trials["all"] == {"4": 1, "6": 1, "8": 1}
    assert [line["stopped_for_side_effects"] for line in result.courses] == [
        True,
        True,
        False,
        False,
    ]


def test_no_onset_leaves_the_current_episodes_side_effect_figure_unknown():
    review = review_with(trial("sertraline", "ssri", weeks=2, stopped_because="side_effects"))
    assert facts(review).stopped_for_side_effects == {"current_episode": None, "all": 1}


def test_a_course_started_after_the_onset_with_an_unknown_end_is_in_the_episode():
    review = review_with(
        trial("venlafaxine", "snri", start="2025-04", weeks=10, **ADEQUATE), onset="2024-11"
    )
    assert only_course(review).in_current_episode is True
    assert facts(review).failed_adequate_trials["current_episode"] == {"4": 1, "6": 1, "8": 1}
    # Started in the onset's month: whether on or after the onset cannot be told.
    same_month = review_with(
        trial("venlafaxine", "snri", start="2024-11", weeks=10, **ADEQUATE), onset="2024-11"
    )
    assert only_course(same_month).in_current_episode is None


def test_a_course_that_is_not_an_antidepressant_trial_is_not_applicable_in_the_json():
    review = review_with(
        trial("lithium", "mood_stabilizer", weeks=10, **ADEQUATE),
        trial("trazodone", "serotonin_modulator", given_for="sleep", weeks=10, **ADEQUATE),
        trial("bupropion", "ndri", role="augmentation", weeks=10, **ADEQUATE),
    )
    lines = facts(review).courses
    assert [line["failed"] for line in lines] == [
        {"4": "not_applicable", "6": "not_applicable", "8": "not_applicable"}
    ] * 3
    assert [line["reasons"]["4"] for line in lines] == [
        "not an antidepressant",
        "given for sleep",
        "recorded as augmentation",
    ]


def test_two_monotherapies_without_dates_are_a_switch_in_an_unknown_order():
    review = review_with(
        trial("sertraline", "ssri", weeks=8, **ADEQUATE),
        trial("venlafaxine", "snri", start="2024-02", **ADEQUATE),
    )
    by_id = {c.id: c for c in categories_of(review, 4)}
    assert by_id["switch"].already_tried is True
    assert by_id["switch"].findings[-1] == (
        "Recorded as monotherapy each, in an order the dates do not give: sertraline, venlafaxine."
    )
    # Recorded as combination instead, the order stays open.
    combined = review_with(
        trial("sertraline", "ssri", role="combination", weeks=8, **ADEQUATE),
        trial("venlafaxine", "snri", start="2024-02", **ADEQUATE),
    )
    by_id = {c.id: c for c in categories_of(combined, 4)}
    assert by_id["switch"].already_tried is None


def test_the_count_reads_counted_ongoing_and_uncertain_never_a_fraction():
    assert str(trials.TrialCount(1, 0, 3)) == "1 counted · 3 uncertain"
    assert str(trials.TrialCount(2, 1, 3)) == "2 counted · 1 ongoing · 3 uncertain"
    assert str(trials.TrialCount(0, 0, 0)) == "0 counted"
