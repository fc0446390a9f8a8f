import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviews import choices, schema
from reviews.facts import rules
from reviews.facts.catalogue import CATEGORIES
from reviews.facts.drugs import ANTIDEPRESSANT_CLASSES
from reviews.facts.findings import RULES
from tests.reviews.builders import categories_of, facts_of
from tests.reviews.samples import (
    CODES,
    TRIAL_KEYS_ADDED_IN_V2,
    as_version_1,
    blank_review,
    procedure,
    rich_review,
    therapy,
    trial,
)
from tests.wording import directive_phrases

CATEGORY_IDS = [category.id for category in CATEGORIES]
VISIT = date(2026, 11, 20)

# The example of DESIGN.md §5, verbatim: the samples must have exactly its keys.
DESIGN_EXAMPLE = json.loads("""
{
  "format": "trdreview/review", "format_version": 1,
  "patient_ref": "MRN-0042", "visit_date": "2026-11-20",
  "episode": {"onset": "2024-03-01", "duration_months": 20, "prior_episodes": 2,
              "psychiatrist_involved": "yes",
              "severity_scores": [{"scale": "phq9", "score": 19, "date": "2026-11-20"}]},
  "medication_trials": [{"drug": "sertraline", "drug_class": "ssri", "role": "monotherapy",
      "start": "2024-04-01", "end": "2024-06-15", "weeks": null, "max_daily_dose_mg": 150,
      "dose_adequate": "yes", "adherence": "as_prescribed", "response": "none",
      "tolerability": "tolerated", "reason_stopped": "no effect", "info_source": "records",
      "notes": ""}],
  "adherence": {"taking_as_prescribed": "partly", "missed_appointments": "no",
                "stopped_when_better": "yes", "barriers": ["cost"], "notes": ""},
  "other_medicines": {"reviewed": "yes", "details": ""},
  "substance_use": {"alcohol": "heavy", "recreational_drugs": "no", "cannabis": "unknown",
                    "being_addressed": "no", "notes": ""},
  "physical_health": {"thyroid": "present", "chronic_pain": "not_assessed", "heart": "absent",
                      "other": ""},
  "differentials": {"bipolar": "uncertain", "dysthymia": "absent",
                    "personality_disorder": "not_assessed", "anxiety": "present",
                    "trauma": "not_assessed", "notes": ""},
  "life_situation": {"stressors": ["relationship", "financial"], "sleep": "poor",
                     "exercise": "none", "support_network": "limited", "notes": ""},
  "psychotherapies": [{"modality": "cbt", "sessions": 12, "start": null, "end": null,
                       "benefit": "partial", "notes": ""}],
  "procedures": [{"kind": "rtms", "sessions": 32, "start": "2021-01-10", "end": "2021-02-25",
                  "response": "remission", "relapse": "yes", "notes": ""}],
  "pharmacogenomic_testing": {"status": "no", "notes": ""},
  "safety": {"suicidal_thoughts": "no", "self_harm": "no", "notes": ""},
  "clinician_notes": ""
}
""")

# Version 2's example, as docs/format.md prints it: the samples must have exactly its keys.
FORMAT_REFERENCE = (Path(__file__).parents[3] / "docs" / "format.md").read_text()
V2_EXAMPLE = json.loads(FORMAT_REFERENCE.split("```json", 1)[1].split("```", 1)[0])

# Which value set each coded field draws from.
FIELD_CODES = {
    "episode": {"psychiatrist_involved": "yes_no", "psychotic_features": "assessment"},
    "adherence": {
        "taking_as_prescribed": "taking_as_prescribed",
        "missed_appointments": "yes_no",
        "stopped_when_better": "yes_no",
    },
    "other_medicines": {"reviewed": "yes_no", "monitoring_checked": "yes_no"},
    "substance_use": {
        "alcohol": "alcohol",
        "recreational_drugs": "yes_no",
        "cannabis": "yes_no",
        "being_addressed": "yes_no",
    },
    "physical_health": {
        "thyroid": "assessment",
        "chronic_pain": "assessment",
        "heart": "assessment",
        "seizures": "assessment",
        "head_implant": "yes_no",
    },
    "differentials": {
        field: "assessment"
        for field in ("bipolar", "dysthymia", "personality_disorder", "anxiety", "trauma")
    },
    "life_situation": {
        "sleep": "sleep",
        "exercise": "exercise",
        "support_network": "support_network",
    },
    "pharmacogenomic_testing": {"status": "yes_no"},
    "safety": {
        key: "yes_no"
        for key in (
            "wish_dead",
            "suicidal_thoughts",
            "method",
            "intent",
            "plan",
            "behaviour",
            "attempt_ever",
            "self_harm",
        )
    },
}
ROW_CODES = {
    "medication_trials": {
        "drug_class": "drug_class",
        "given_for": "given_for",
        "role": "role",
        "ongoing": "yes_no",
        "stopped_because": "stopped_because",
        "dose_adequate": "yes_no",
        "adherence": "adherence",
        "response": "response",
        "tolerability": "tolerability",
        "info_source": "info_source",
    },
    "psychotherapies": {"modality": "modality", "benefit": "benefit", "info_source": "info_source"},
    "procedures": {
        "kind": "kind",
        "response": "response",
        "relapse": "yes_no",
        "info_source": "info_source",
    },
}


def assert_same_keys(sample, example, path="review"):
    """The sample has exactly the example's keys at every level; every list row is checked."""
    if isinstance(example, dict):
        assert isinstance(sample, dict) and sample.keys() == example.keys(), path
        for key in example:
            assert_same_keys(sample[key], example[key], f"{path}.{key}")
    elif isinstance(example, list) and example and isinstance(example[0], dict):
        assert isinstance(sample, list), path
        for index, row in enumerate(sample):
            assert_same_keys(row, example[0], f"{path}[{index}]")


def assert_valid_codes(review):
    for section, fields in FIELD_CODES.items():
        for field, codes in fields.items():
            assert review[section][field] in CODES[codes], (section, field)
    for section, fields in ROW_CODES.items():
        for row in review[section]:
            for field, codes in fields.items():
                assert row[field] in CODES[codes], (section, field)
    assert set(review["adherence"]["barriers"]) <= set(CODES["barriers"])
    assert set(review["life_situation"]["stressors"]) <= set(CODES["stressors"])
    for score in review["episode"]["severity_scores"]:
        assert score["scale"] in CODES["scale"]


def results_by_id(review, min_trial_weeks=4):
    results = categories_of(review, min_trial_weeks)
    return {result.id: result for result in results}


def findings(review, category_id, min_trial_weeks=4):
    return results_by_id(review, min_trial_weeks)[category_id].findings


def review_with_trials(*trials):
    review = blank_review()
    review["medication_trials"] = list(trials)
    return review


# --- The data: samples and rules table ---


def test_every_category_has_exactly_one_rule_and_every_rule_a_category():
    assert sorted(RULES) == sorted(CATEGORY_IDS)
    assert len(RULES) == len(CATEGORY_IDS) == 21


def test_samples_have_exactly_the_format_key_set_and_valid_codes():
    for review in (blank_review(), rich_review()):
        assert_same_keys(review, V2_EXAMPLE)
        assert_valid_codes(review)
        assert_same_keys(as_version_1(review), DESIGN_EXAMPLE)
    assert set(TRIAL_KEYS_ADDED_IN_V2) == V2_EXAMPLE["medication_trials"][0].keys() - (
        DESIGN_EXAMPLE["medication_trials"][0].keys()
    )


def test_rich_review_has_the_promised_variety():
    review = rich_review()
    assert len(review["medication_trials"]) == 5
    assert len(review["psychotherapies"]) == 2
    assert len(review["procedures"]) == 2
    assert any(row["role"] == "augmentation" for row in review["medication_trials"])
    assert any(row["start"] and not row["end"] for row in review["medication_trials"])


def test_assessment_paths_exist_in_the_design_shape_or_the_format_reference():
    """Version 1's assessments are in DESIGN.md's example; later ones are in docs/format.md."""
    for path in rules.ASSESSMENTS:
        section, _, key = path.rpartition(".")
        in_design = key in (DESIGN_EXAMPLE[section] if section else DESIGN_EXAMPLE)
        assert in_design or f"`{path}`" in FORMAT_REFERENCE or f"`{key}`" in FORMAT_REFERENCE, path


# --- Durations and counts ---


def test_facts_of_the_rich_review():
    facts = facts_of(rich_review(), 4)
    assert facts.medication_trials == 5
    assert facts.antidepressant_trials == 4
    # sertraline 10 weeks, venlafaxine 26 weeks, bupropion 7 weeks so far (ongoing)
    assert facts.adequate_trials == 3
    assert facts.antidepressant_classes == ("ndri", "snri", "ssri")
    assert facts.augmentation_trials == 1  # aripiprazole, taken while venlafaxine ran
    assert facts.combination_trials == 0
    assert (facts.psychotherapies, facts.procedures) == (2, 2)
    # Failed: sertraline (none) and venlafaxine (partial). Bupropion is ongoing at the visit,
    # so it is never counted; its response so far is not recorded, so it is not among the
    # ongoing trials that meet every other clause either.
    assert facts.failed_adequate_trials == {
        "current_episode": {"4": 2, "6": 2, "8": 2},
        "all": {"4": 2, "6": 2, "8": 2},
    }
    assert facts.uncertain_trials["all"] == {"4": 0, "6": 0, "8": 0}
    assert facts.ongoing_trials["all"] == {"4": 0, "6": 0, "8": 0}
    bupropion = next(course for course in facts.courses if course["drug"] == "bupropion")
    assert bupropion["failed"] == {"4": "ongoing", "6": "ongoing", "8": "ongoing"}
    assert bupropion["reasons"]["4"] == "so far response not recorded"
    assert facts.failed_classes == {"current_episode": ["snri", "ssri"], "all": ["snri", "ssri"]}
    assert facts_of(rich_review(), 8).adequate_trials == 2


def test_min_trial_weeks_changes_the_adequate_count():
    review = review_with_trials(
        trial("escitalopram", "ssri", weeks=5, dose_adequate="yes"),
        trial("duloxetine", "snri", weeks=9, dose_adequate="yes"),
    )
    assert facts_of(review, 4).adequate_trials == 2
    assert facts_of(review, 6).adequate_trials == 1
    ongoing = review_with_trials(
        trial("escitalopram", "ssri", start="2026-10-16", ongoing="yes", dose_adequate="yes")
    )
    # The medicine still taken is listed whatever the practice's weeks: no threshold picks it.
    assert findings(ongoing, "more_time", min_trial_weeks=6) == findings(ongoing, "more_time")


def test_adequate_needs_the_dose_marked_adequate():
    review = review_with_trials(
        trial("fluoxetine", "ssri", weeks=10, dose_adequate="no"),
        trial("paroxetine", "ssri", weeks=10, dose_adequate="unknown"),
    )
    assert facts_of(review, 4).adequate_trials == 0


def test_augmentation_agents_are_not_antidepressant_trials():
    review = review_with_trials(
        trial("aripiprazole", "antipsychotic", role="augmentation", weeks=10, dose_adequate="yes"),
        trial("lithium", "mood_stabilizer", role="augmentation", weeks=10, dose_adequate="yes"),
    )
    facts = facts_of(review, 4)
    assert facts.medication_trials == 2
    assert facts.antidepressant_trials == 0
    assert facts.adequate_trials == 0
    assert facts.antidepressant_classes == ()
    assert facts.augmentation_trials == 2
    result = results_by_id(review)["augmentation"]
    assert result.already_tried is True
    assert result.findings == (
        "Courses recorded as augmentation or added to an antidepressant: aripiprazole "
        "(antipsychotic, 10 weeks at an adequate dose): recorded as augmentation; no "
        "antidepressant recorded at the same time, lithium (mood stabiliser, 10 weeks at an "
        "adequate dose): recorded as augmentation; no antidepressant recorded at the same time.",
    )
    assert results_by_id(review)["switch"].already_tried is False


def test_not_assessed_lists_open_assessments_in_design_order():
    assert rules.not_assessed(rich_review()) == (
        "substance_use.cannabis",
        "physical_health.chronic_pain",
        "differentials.personality_disorder",
        "differentials.trauma",
    )
    blank = rules.not_assessed(blank_review())
    assert blank == rules.ASSESSMENTS
    assert blank[0] == "adult"
    assert blank[-1] == "safety.self_harm"


# --- Findings per category ---


def test_more_time_lists_no_course_that_has_ended():
    # Finding 3 and 6 of issue 21: a course stopped early (here for side effects) or a past
    # course with weeks not known read as stopped too soon under "More time".
    review = review_with_trials(
        trial(
            "citalopram",
            "ssri",
            start="2024-07-01",
            end="2024-07-15",
            dose_adequate="yes",
            stopped_because="side_effects",
        ),
        trial("sertraline", "ssri", weeks=3, dose_adequate="yes"),
        trial("paroxetine", "ssri", dose_adequate="yes"),
        trial("venlafaxine", "snri", weeks=12, dose_adequate="yes"),
    )
    assert findings(review, "more_time") == ()


def test_every_medicine_still_taken_is_listed_with_its_weeks_so_far_whatever_they_are():
    """Listing only those under the practice's weeks, beside "More time on the current
    medicine", read as the medicines to give more time."""
    review = review_with_trials(
        trial("venlafaxine", "snri", start="2026-10-30", ongoing="yes", dose_adequate="yes"),
        trial("mirtazapine", "nassa", start="2026-09-01", ongoing="yes", dose_adequate="yes"),
        trial("sertraline", "ssri", start="2026-10-01", ongoing="yes"),
    )
    assert findings(review, "more_time") == (
        "Still taken at the visit, with the weeks so far: venlafaxine (3 weeks at an adequate "
        "dose (from dates, may include titration)), mirtazapine (11 weeks at an adequate dose "
        "(from dates, may include titration)), sertraline (weeks at an adequate dose not known).",
    )


def test_more_time_names_only_courses_given_for_depression():
    review = review_with_trials(
        trial(
            "amitriptyline",
            "tca",
            given_for="pain",
            start="2026-11-01",
            ongoing="yes",
            dose_adequate="yes",
        ),
        trial(
            "levothyroxine",
            "thyroid_hormone",
            given_for="other_condition",
            start="2026-11-01",
            ongoing="yes",
            dose_adequate="yes",
        ),
    )
    assert findings(review, "more_time") == ()


def test_dose_adjustment_names_only_courses_given_for_depression():
    review = review_with_trials(
        trial("amitriptyline", "tca", given_for="pain", max_daily_dose_mg=10, dose_adequate="no"),
        trial("sertraline", "ssri", max_daily_dose_mg=50, dose_adequate="no"),
    )
    assert findings(review, "dose_adjustment") == (
        "Dose marked not adequate by the clinician: sertraline 50 mg/day.",
    )


def test_dose_marked_inadequate_and_unrecorded():
    review = review_with_trials(
        trial("fluoxetine", "ssri", max_daily_dose_mg=Decimal("20.00"), dose_adequate="no"),
        trial("venlafaxine", "snri", max_daily_dose_mg=37.5),
        trial("sertraline", "ssri", max_daily_dose_mg=150.0, dose_adequate="yes"),
    )
    assert findings(review, "dose_adjustment") == (
        "Dose marked adequate by the clinician: sertraline 150 mg/day.",
        "Dose marked not adequate by the clinician: fluoxetine 20 mg/day.",
        "Dose adequacy not recorded: venlafaxine 37.5 mg/day.",
    )


def test_switch_needs_one_antidepressant_started_after_another_ended():
    same = review_with_trials(trial("sertraline", "ssri"), trial(" Sertraline", "ssri"))
    assert results_by_id(same)["switch"].already_tried is False
    together = review_with_trials(
        trial("sertraline", "ssri", start="2024-01-01", end="2024-06-01"),
        trial("mirtazapine", "nassa", start="2024-02-01", end="2024-06-01"),
    )
    assert results_by_id(together)["switch"].already_tried is False
    result = results_by_id(rich_review())["switch"]
    assert result.already_tried is True
    assert result.findings == (
        "Antidepressant trials recorded: sertraline (SSRI), citalopram (SSRI), Venlafaxine "
        "(SNRI), bupropion (NDRI).",
        "Antidepressant classes recorded: NDRI, SNRI, SSRI.",
        # Each after the one that ended last before it started, not after the first ever.
        "Started after another antidepressant had ended: citalopram after sertraline, "
        "Venlafaxine after citalopram, bupropion after Venlafaxine.",
        "Response recorded as none, partial or lost: sertraline (no response), "
        "citalopram (no response), Venlafaxine (partial response).",
        "Tolerability recorded as limited by side effects or intolerable: "
        "citalopram (limited by side effects).",
    )


def test_combination_from_the_role_says_when_the_dates_disagree():
    review = review_with_trials(
        trial(
            "mirtazapine",
            "nassa",
            role="combination",
            weeks=8,
            response="partial",
            dose_adequate="yes",
        )
    )
    result = results_by_id(review)["combination"]
    assert result.already_tried is True
    assert result.findings == (
        "Courses recorded as combination or taken together: mirtazapine (NaSSA, 8 weeks at an "
        "adequate dose, partial response): recorded as combination; no other antidepressant "
        "recorded at the same time.",
    )
    assert results_by_id(blank_review())["combination"].already_tried is False


def test_poor_adherence_is_described():
    by_id = results_by_id(rich_review())
    assert by_id["adherence"].findings == (
        "Taking medicines as planned: partly.",
        "Stopped a medicine when feeling better recorded as yes.",
        "Barriers recorded: cost, side effects.",
        "Adherence recorded as partial or poor: citalopram (partial), aripiprazole (poor).",
        "Adherence notes: Stopped citalopram early because of nausea.",
    )
    assert by_id["coverage"].findings == ("Barriers recorded: cost.",)


def test_substance_use():
    assert findings(rich_review(), "substance_use") == (
        "Alcohol recorded as heavy.",
        "Cannabis not recorded.",
        "Substance use recorded as not being addressed.",
    )
    review = blank_review()
    review["substance_use"].update(alcohol="none", recreational_drugs="no", cannabis="yes")
    assert findings(review, "substance_use") == (
        "Cannabis recorded as yes.",
        "Whether substance use is being addressed is not recorded.",
    )


def test_physical_conditions_present_versus_not_assessed():
    assert findings(rich_review(), "physical_health") == (
        "Thyroid disorder recorded as present.",
        "Chronic pain not assessed.",
        "Other physical conditions: Type 2 diabetes.",
    )
    review = blank_review()
    review["physical_health"].update(thyroid="absent", chronic_pain="absent", heart="absent")
    assert findings(review, "physical_health") == ()


def test_differentials_uncertain():
    assert findings(rich_review(), "diagnosis_review") == (
        "Bipolar disorder recorded as uncertain.",
        "Personality disorder not assessed.",
        "Anxiety disorder recorded as present.",
        "Trauma-related disorder not assessed.",
        "Diagnosis notes: Hypomanic episode reported by family in 2019, not confirmed.",
    )


def test_lifestyle_and_support():
    by_id = results_by_id(rich_review())
    assert by_id["lifestyle"].findings == (
        "Stressors recorded: relationship, financial.",
        "Sleep recorded as poor.",
        "Exercise recorded as none.",
    )
    assert by_id["support"].findings == ("Support network recorded as limited.",)
    blank = results_by_id(blank_review())
    assert blank["lifestyle"].findings == ("Sleep not recorded.", "Exercise not recorded.")
    assert blank["support"].findings == ("Support network not recorded.",)


def test_procedures_tried():
    by_id = results_by_id(rich_review())
    assert by_id["rtms"].already_tried is True
    assert by_id["rtms"].findings == (
        "rTMS: 32 sessions, 2021-01-10 to 2021-02-25, remission, relapse yes.",
    )
    assert by_id["ketamine"].already_tried is True
    assert by_id["ketamine"].findings == (
        "Ketamine (IV): 6 sessions, from 2022-05-02, partial response.",
    )
    for category_id in ("ect", "vns", "psychedelic_research", "intensive_programmes"):
        assert by_id[category_id].already_tried is False
        assert by_id[category_id].findings == ()


def test_each_procedure_kind_marks_its_category():
    expected = {
        "rtms": "rtms",
        "itbs": "rtms",
        "ketamine_iv": "ketamine",
        "esketamine": "ketamine",
        "ect": "ect",
        "vns": "vns",
        "psychedelic_assisted": "psychedelic_research",
        "inpatient": "intensive_programmes",
        "partial_hospitalization": "intensive_programmes",
        "intensive_outpatient": "intensive_programmes",
    }
    for kind, category_id in expected.items():
        review = blank_review()
        review["procedures"] = [procedure(kind)]
        tried = {r.id for r in categories_of(review, 4) if r.already_tried}
        assert tried == {category_id}, kind


def test_psychotherapies():
    result = results_by_id(rich_review())["psychotherapy"]
    assert result.already_tried is True
    assert result.findings == (
        "CBT: 12 sessions, 2023-01-09 to 2023-04-03, benefit partial.",
        "Behavioural activation: 8 sessions, benefit none.",
    )
    review = blank_review()
    review["psychotherapies"] = [therapy("other")]
    assert findings(review, "psychotherapy") == ("Other therapy: no details recorded.",)


def test_pharmacogenomic_testing_and_specialist():
    by_id = results_by_id(rich_review())
    assert by_id["pharmacogenomic_testing"].already_tried is False
    assert by_id["pharmacogenomic_testing"].findings == (
        "Pharmacogenomic testing recorded as not done.",
        "Pharmacogenomic testing notes: Not covered by the patient's plan.",
    )
    assert by_id["specialist"].already_tried is True
    assert by_id["specialist"].findings[0] == "Psychiatrist involved recorded as yes."
    blank = results_by_id(blank_review())
    assert blank["pharmacogenomic_testing"].already_tried is None
    assert blank["pharmacogenomic_testing"].findings == ("Pharmacogenomic testing not recorded.",)
    assert blank["specialist"].already_tried is None
    assert blank["specialist"].findings[0] == "Psychiatrist involved not recorded."


def test_already_tried_of_a_blank_review():
    tried = {r.id: r.already_tried for r in categories_of(blank_review(), 4)}
    false_ids = {
        "switch",
        "combination",
        "augmentation",
        "psychotherapy",
        "rtms",
        "ketamine",
        "ect",
        "vns",
        "psychedelic_research",
        "intensive_programmes",
    }
    assert {key for key, value in tried.items() if value is False} == false_ids
    assert {key for key, value in tried.items() if value is None} == set(CATEGORY_IDS) - false_ids


def test_findings_use_no_directive_wording():
    for review in (rich_review(), blank_review()):
        for result in categories_of(review, 6):
            for line in result.findings:
                assert directive_phrases(line) == [], line
                assert line.endswith("."), line


# --- Any review in the §5 shape ---

iso_dates = st.none() | st.dates(date(2010, 1, 1), date(2027, 12, 31)).map(date.isoformat)
# Dates known to the day, the month or the year.
partial_dates = (
    st.none()
    | iso_dates
    | st.dates(date(2010, 1, 1), date(2027, 12, 31)).map(
        lambda day: day.isoformat()[: 4 if day.day % 2 else 7]
    )
)
numbers = st.none() | st.integers(min_value=0, max_value=400)
texts = st.text(max_size=12)


def code(key):
    return st.sampled_from(CODES[key])


def subset(key):
    return st.lists(code(key), unique=True)


trials = st.fixed_dictionaries(
    {
        "drug": st.sampled_from(["sertraline", "Sertraline ", "lithium", "", "x"]),
        "drug_class": code("drug_class"),
        "given_for": code("given_for"),
        "role": code("role"),
        "start": partial_dates,
        "end": partial_dates,
        "ongoing": code("yes_no"),
        "weeks": numbers,
        "max_daily_dose_mg": st.none() | st.integers(1, 600) | st.floats(0.5, 600),
        "dose_adequate": code("yes_no"),
        "adherence": code("adherence"),
        "response": code("response"),
        "improvement_percent": st.none() | st.integers(0, 100),
        "tolerability": code("tolerability"),
        "stopped_because": code("stopped_because"),
        "reason_stopped": texts,
        "info_source": code("info_source"),
        "notes": texts,
    }
)
therapies = st.fixed_dictionaries(
    {
        "modality": code("modality"),
        "sessions": numbers,
        "start": iso_dates,
        "end": iso_dates,
        "benefit": code("benefit"),
        "info_source": code("info_source"),
        "notes": texts,
    }
)
procedures = st.fixed_dictionaries(
    {
        "kind": code("kind"),
        "sessions": numbers,
        "start": iso_dates,
        "end": iso_dates,
        "response": code("response"),
        "relapse": code("yes_no"),
        "tms_protocol": st.sampled_from(choices.TmsProtocol.values),
        "tms_target": st.sampled_from(choices.TmsTarget.values),
        "ect_placement": st.sampled_from(choices.EctPlacement.values),
        "score_scale": st.sampled_from(choices.ScoreScale.values),
        "score_before": st.none() | st.integers(0, 63),
        "score_after": st.none() | st.integers(0, 63),
        "info_source": code("info_source"),
        "notes": texts,
    }
)
severity_scores = st.fixed_dictionaries(
    {
        "scale": code("scale"),
        "score": st.integers(0, 27),
        "date": iso_dates,
        "info_source": code("info_source"),
    }
)
ROW_ANSWERS = {
    "severity_scores": st.lists(severity_scores, max_size=2),
    "medication_trials": st.lists(trials, max_size=6),
    "psychotherapies": st.lists(therapies, max_size=3),
    "procedures": st.lists(procedures, max_size=3),
}
# Where any answer of the question's kind is not the point of these tests.
ANSWERS = {
    "patient_ref": st.just("P-1"),
    "visit_date": st.dates(date(2015, 1, 1), date(2027, 12, 31)).map(date.isoformat),
    "diagnosis_code": st.sampled_from(["", "F32.9", "F33.1"]),
}


def answers(question: schema.Question):
    """Any answer the format takes for the question: its kind's, from its value set."""
    if question.key in ANSWERS:
        return ANSWERS[question.key]
    values = question.value_set.values if question.value_set else []
    return {
        schema.Kind.CHOICE: st.sampled_from(values),
        schema.Kind.CHOICES: st.lists(st.sampled_from(values), unique=True),
        schema.Kind.TEXT: texts,
        schema.Kind.NOTES: texts,
        schema.Kind.DATE: iso_dates,
        schema.Kind.PARTIAL_DATE: partial_dates,
        schema.Kind.COUNT: st.none() | st.integers(0, question.maximum or 400),
    }[question.kind]


def section_answers(section: schema.Section) -> dict:
    questions = {question.key: answers(question) for question in section.questions}
    return questions | {rows.key: ROW_ANSWERS[rows.key] for rows in section.rows}


def review_answers() -> dict:
    """Any review in the format, built from the schema's questions (the rows above are spelled
    out: their drugs and dates are what the rules read)."""
    parts = {"format": st.just("trdreview/review"), "format_version": st.just(3)}
    for part in schema.PARTS:
        if isinstance(part, schema.Rows):
            parts[part.key] = ROW_ANSWERS[part.key]
        elif part.key is None:  # top-level questions
            parts |= section_answers(part)
        else:
            parts[part.key] = st.fixed_dictionaries(section_answers(part))
    return parts


reviews = st.fixed_dictionaries(review_answers())


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(review=reviews, min_trial_weeks=st.sampled_from([4, 6, 8]))
def test_any_review_gives_all_categories_and_consistent_facts(review, min_trial_weeks):
    assert_same_keys(review, V2_EXAMPLE)
    results = categories_of(review, min_trial_weeks)
    assert [result.id for result in results] == CATEGORY_IDS
    for result in results:
        assert result.already_tried in (True, False, None)
        assert all(isinstance(line, str) and line for line in result.findings)

    facts = facts_of(review, min_trial_weeks)
    assert 0 <= facts.adequate_trials <= facts.antidepressant_trials <= facts.medication_trials
    assert facts.medication_trials <= len(review["medication_trials"])  # courses
    assert facts.augmentation_trials <= facts.medication_trials
    assert facts.combination_trials <= facts.antidepressant_trials
    for scope in ("all", "current_episode"):
        failed, uncertain = facts.failed_adequate_trials[scope], facts.uncertain_trials[scope]
        if failed is None:
            assert scope == "current_episode" and not review["episode"]["onset"]
            continue
        for weeks in ("4", "6", "8"):
            assert failed[weeks] + uncertain[weeks] <= facts.antidepressant_trials
        # A longer threshold never counts more.
        assert failed["4"] >= failed["6"] >= failed["8"]
    assert set(facts.antidepressant_classes) <= ANTIDEPRESSANT_CLASSES
    assert list(facts.antidepressant_classes) == sorted(set(facts.antidepressant_classes))
    assert facts.psychotherapies == len(review["psychotherapies"])
    assert facts.procedures == len(review["procedures"])
    assert facts_of(review, 4).adequate_trials >= (facts_of(review, 8).adequate_trials)

    paths = rules.not_assessed(review)
    assert set(paths) <= set(rules.ASSESSMENTS)
