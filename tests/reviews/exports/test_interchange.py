import datetime
import json

import pytest
from django.utils import timezone

from reviews import answer_forms, importing, services
from reviews.choices import Status
from reviews.exports import interchange
from reviews.exports.interchange import export_review
from reviews.importing import InvalidReviewData, parse_review
from reviews.models import MedicationTrial, Procedure, Psychotherapy, Review, SeverityScore
from reviews.steps import SLUGS, step_showing
from tests.reviews.samples import (
    as_version_1,
    as_version_2,
    blank_review,
    later_keys_at_their_defaults,
    procedure,
    rich_review,
    therapy,
    trial,
)

ROW_NAMES = ("severity_scores", "medication_trials", "psychotherapies", "procedures")


def import_and_export(data: dict, clinician) -> dict:
    review = services.import_review(data=data, by=clinician)
    return export_review(Review.objects.get(pk=review.pk))


def nothing_written() -> bool:
    return not any(
        model.objects.exists()
        for model in (Review, SeverityScore, MedicationTrial, Psychotherapy, Procedure)
    )


# The format described as data ------------------------------------------------------------------


def test_top_level_keys_are_those_of_design_section_5_in_order():
    assert tuple(blank_review()) == interchange.TOP_LEVEL_KEYS


def test_every_section_is_exactly_its_forms_fields():
    for part in importing.LAYOUT:
        if isinstance(part, importing.Section):
            columns = {part.column(key) for key in part.keys}
            assert columns == set(part.form.base_fields), part.name
            for rows in part.rows:
                assert set(rows.keys) == set(rows.form.base_fields), rows.name
        else:
            assert set(part.keys) == set(part.form.base_fields), part.name


def test_every_step_has_its_part_of_the_format():
    assert {step_showing(part.part).slug for part in importing.LAYOUT} == set(SLUGS)


# Round trips ------------------------------------------------------------------------------------


def test_rich_review_round_trip_gives_back_every_field(clinician):
    exported = import_and_export(rich_review(), clinician)

    assert exported == rich_review()
    # Same key order at every level, as §5 writes it.
    assert json.dumps(exported) == json.dumps(rich_review())
    # A few fields on their own, so that a failure reads plainly.
    assert exported["visit_date"] == "2026-11-20"
    assert exported["episode"]["severity_scores"][1] == {
        "scale": "madrs",
        "score": 31,
        "date": "2026-11-20",
        "info_source": "unknown",
    }
    first = exported["medication_trials"][0]
    assert (first["drug"], first["start"], first["max_daily_dose_mg"]) == (
        "sertraline",
        "2024-04-01",
        150,
    )
    assert isinstance(first["max_daily_dose_mg"], int)
    assert [row["drug"] for row in exported["medication_trials"]] == [
        "sertraline",
        "citalopram",
        "Venlafaxine",
        "aripiprazole",
        "bupropion",
    ]
    assert exported["medication_trials"][4]["end"] is None
    assert exported["adherence"]["barriers"] == ["cost", "side_effects"]
    assert exported["physical_health"]["other"] == "Type 2 diabetes"
    assert exported["procedures"][0]["relapse"] == "yes"
    assert exported["clinician_notes"] == "Patient brought pharmacy printout of past medicines."


def test_a_version_1_file_imports_and_exports_in_the_current_version_with_the_same_meaning(
    clinician,
):
    # rich_review() is what the version-1 file meant, written in version 2: ongoing where a start
    # had no end, "not stopped" for it, given for depression, bupropion's finer class.
    old = as_version_1(rich_review())
    assert old["format_version"] == 1 and "ongoing" not in old["medication_trials"][0]
    exported = import_and_export(old, clinician)
    expected = later_keys_at_their_defaults(rich_review())
    for row in expected["medication_trials"]:
        if row["stopped_because"] != "not_stopped":
            row["stopped_because"] = "unknown"  # version 1 held the reason as free text only
    for score in expected["episode"]["severity_scores"]:
        score["info_source"] = "unknown"  # a score's source came with version 3
    assert exported == expected
    assert exported["format_version"] == interchange.FORMAT_VERSION == 3


def test_a_version_2_file_imports_unchanged(clinician):
    # A version-2 export has no keys of version 3: each takes its default.
    old = as_version_2(rich_review())
    assert "tms_protocol" not in old["procedures"][0]
    assert "work_study" not in old["episode"]
    assert "age_first_episode" not in old["episode"]
    expected = rich_review()
    expected["episode"]["work_study"] = "unknown"
    for score in expected["episode"]["severity_scores"]:
        score["info_source"] = "unknown"
    assert import_and_export(old, clinician) == expected


def test_the_age_at_first_episode_of_version_3_round_trips(clinician):
    data = rich_review()
    data["episode"]["age_first_episode"] = 19
    assert import_and_export(data, clinician)["episode"]["age_first_episode"] == 19


def test_the_procedure_detail_of_version_3_round_trips(clinician):
    data = rich_review()
    data["procedures"][0].update(
        tms_protocol="itbs",
        tms_target="left_dlpfc",
        score_scale="phq9",
        score_before=21,
        score_after=8,
    )
    data["procedures"].append(procedure("ect", ect_placement="right_unilateral", score_before=30))
    assert import_and_export(data, clinician) == data


def test_procedure_detail_outside_its_value_set_is_refused():
    data = rich_review()
    data["procedures"][0].update(tms_protocol="5hz", score_before=64)
    with pytest.raises(InvalidReviewData) as refused:
        parse_review(data)
    text = " ".join(refused.value.errors)
    assert "procedures[0].tms_protocol" in text
    assert "procedures[0].score_before" in text


def test_a_version_1_trial_without_dates_is_not_ongoing(clinician):
    old = as_version_1(rich_review())
    old["medication_trials"] = [
        {key: value for key, value in row.items()} | {"start": None, "end": None}
        for row in old["medication_trials"][:1]
    ]
    (row,) = import_and_export(old, clinician)["medication_trials"]
    assert (row["ongoing"], row["stopped_because"]) == ("unknown", "unknown")


def test_blank_review_round_trip(clinician):
    assert import_and_export(blank_review(), clinician) == blank_review()


def test_a_fractional_dose_stays_a_number(clinician):
    data = blank_review()
    data["medication_trials"] = [trial("venlafaxine", "snri", max_daily_dose_mg=37.5)]

    exported = import_and_export(data, clinician)

    assert exported["medication_trials"][0]["max_daily_dose_mg"] == 37.5


def test_text_outside_ascii_round_trips(clinician):
    data = blank_review()
    data["clinician_notes"] = "Zoë reports sleeping 4–5 h; 睡眠不足"

    assert import_and_export(data, clinician)["clinician_notes"] == data["clinician_notes"]


def test_missing_optional_keys_take_the_model_defaults(clinician):
    data = {
        "format": "trdreview/review",
        "format_version": 1,
        "patient_ref": "TEST-1",
        "visit_date": "2026-11-20",
        "episode": {"severity_scores": [{"scale": "phq9", "score": 12}]},
        "medication_trials": [{"drug": "sertraline"}],
        "psychotherapies": [{"modality": "cbt"}],
        "procedures": [{"kind": "ect"}],
    }

    exported = import_and_export(data, clinician)

    expected = blank_review()
    expected["episode"]["severity_scores"] = [
        {"scale": "phq9", "score": 12, "date": None, "info_source": "unknown"}
    ]
    # The class comes from the drug name, as on the medication step.
    expected["medication_trials"] = [trial("sertraline", "ssri")]
    expected["psychotherapies"] = [therapy("cbt")]
    # A row's source came with version 3 as an optional key: "unknown" when absent.
    expected["procedures"] = [procedure("ect")]
    assert exported == expected


# What import writes -----------------------------------------------------------------------------


def test_import_always_creates_a_draft_of_the_clinicians_practice(clinician):
    review = services.import_review(data=rich_review(), by=clinician)

    review.refresh_from_db()
    assert review.status == Status.DRAFT
    assert review.finalised_at is None
    assert review.lock_version == 1
    assert review.clinician == clinician
    assert review.practice == clinician.practice


def test_a_status_in_the_data_is_refused_rather_than_taken(clinician):
    data = rich_review()
    data["status"] = "final"

    with pytest.raises(InvalidReviewData) as raised:
        services.import_review(data=data, by=clinician)

    assert raised.value.errors == ["unknown key 'status'"]
    assert nothing_written()


def test_steps_whose_part_is_in_the_data_count_as_completed(clinician):
    full = services.import_review(data=rich_review(), by=clinician)
    minimal = services.import_review(
        data={
            "format": "trdreview/review",
            "format_version": 1,
            "patient_ref": "TEST-2",
            "visit_date": "2026-11-20",
            "medication_trials": [],
            "safety": {"suicidal_thoughts": "no"},
        },
        by=clinician,
    )

    assert full.completed_steps == list(SLUGS)
    assert minimal.completed_steps == ["visit", "safety", "medication"]  # in walk-through order


def test_parse_review_reads_no_table(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        parsed = parse_review(rich_review())

    assert parsed.fields["substance_use_alcohol"] == "heavy"
    assert [row["score"] for row in parsed.rows["severity_scores"]] == [19, 31]


def test_export_needs_one_query_per_row_table_at_most(clinician, django_assert_num_queries):
    pk = services.import_review(data=rich_review(), by=clinician).pk

    review = Review.objects.get(pk=pk)
    with django_assert_num_queries(len(ROW_NAMES)):
        export_review(review)
    prefetched = Review.objects.prefetch_related(*ROW_NAMES).get(pk=pk)
    with django_assert_num_queries(0):
        export_review(prefetched)


# Bad input --------------------------------------------------------------------------------------

REMOVE = object()


def rich_with(path: tuple, value) -> dict:
    """rich_review() with the value at `path` (keys and list indexes) replaced, or removed."""
    data = rich_review()
    *parents, last = path
    target = data
    for step in parents:
        target = target[step]
    if value is REMOVE:
        del target[last]
    else:
        target[last] = value
    return data


BAD_VALUES = [
    pytest.param(("colour",), "red", "unknown key 'colour'", id="unknown key at top level"),
    pytest.param(
        ("episode", "severity"), 19, "unknown key 'episode.severity'", id="unknown key in section"
    ),
    pytest.param(
        ("medication_trials", 0, "dose"),
        150,
        "unknown key 'medication_trials[0].dose'",
        id="unknown key in row",
    ),
    pytest.param(
        ("episode", "severity_scores", 0, "rater"),
        "self",
        "unknown key 'episode.severity_scores[0].rater'",
        id="unknown key in nested row",
    ),
    pytest.param(
        ("substance_use", "alcohol"),
        "lots",
        "substance_use.alcohol: 'lots' is not one of none, occasional, regular, heavy, unknown",
        id="bad code",
    ),
    pytest.param(
        ("medication_trials", 1, "response"),
        "great",
        "medication_trials[1].response: 'great' is not one of "
        "none, partial, response, remission, lost_response, unknown",
        id="bad code in row",
    ),
    pytest.param(
        ("life_situation", "stressors"),
        ["work", "divorce"],
        "life_situation.stressors: 'divorce' is not one of "
        "relationship, financial, work, housing, loss, health, other",
        id="bad code in list",
    ),
    pytest.param(
        ("adherence", "barriers"),
        "cost",
        "adherence.barriers: 'cost' is not a list",
        id="code where list",
    ),
    pytest.param(
        ("safety", "self_harm"),
        None,
        "safety.self_harm: null is not one of yes, no, unknown",
        id="null code",
    ),
    pytest.param(
        ("medication_trials", 2, "start"),
        "not-a-date",
        "medication_trials[2].start: 'not-a-date' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
        id="bad date",
    ),
    pytest.param(
        ("episode", "onset"),
        "2024-02-30",
        "episode.onset: '2024-02-30' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
        id="impossible date",
    ),
    pytest.param(
        ("procedures", 0, "start"),
        "10/01/2021",
        "procedures[0].start: '10/01/2021' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
        id="date not ISO",
    ),
    pytest.param(
        ("medication_trials", 0, "start"),
        "20240401",
        "medication_trials[0].start: '20240401' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
        id="a date as a hand may type it on the page, not as the format writes it",
    ),
    pytest.param(
        ("psychotherapies", 0, "end"),
        "2026-12-01",
        "psychotherapies[0].end: '2026-12-01' is after the visit date (2026-11-20)",
        id="date after the visit",
    ),
    pytest.param(
        ("episode", "onset"),
        "1899-12-31",
        "episode.onset: '1899-12-31' is before 1900",
        id="date before 1900",
    ),
    pytest.param(
        ("medication_trials", 0, "end"),
        "2024-03-01",
        "medication_trials[0].end: the end date is before the start date",
        id="end before start",
    ),
    pytest.param(
        ("episode", "severity_scores", 0, "score"),
        30,
        "episode.severity_scores[0].score: 30 is outside PHQ-9's range 0–27",
        id="severity score out of range",
    ),
    pytest.param(
        ("medication_trials", 0, "max_daily_dose_mg"),
        -5,
        "medication_trials[0].max_daily_dose_mg: -5 is not above 0 mg/day",
        id="negative dose",
    ),
    pytest.param(
        ("medication_trials", 0, "max_daily_dose_mg"),
        0,
        "medication_trials[0].max_daily_dose_mg: 0 is not above 0 mg/day",
        id="zero dose",
    ),
    pytest.param(
        ("medication_trials", 0, "max_daily_dose_mg"),
        "150",
        "medication_trials[0].max_daily_dose_mg: '150' is not a number",
        id="dose as text",
    ),
    pytest.param(
        ("medication_trials", 0, "max_daily_dose_mg"),
        37.555,
        "medication_trials[0].max_daily_dose_mg: 37.555 has more than 2 decimal places",
        id="dose too precise",
    ),
    pytest.param(
        ("procedures", 0, "sessions"),
        1001,
        "procedures[0].sessions: 1001 is above the highest accepted value, 1000",
        id="too many sessions",
    ),
    pytest.param(
        ("episode", "duration_months"),
        True,
        "episode.duration_months: true is not a whole number",
        id="bool where number",
    ),
    pytest.param(
        ("episode", "prior_episodes"),
        "2",
        "episode.prior_episodes: '2' is not a whole number",
        id="text where number",
    ),
    pytest.param(
        ("medication_trials", 0, "weeks"),
        6.5,
        "medication_trials[0].weeks: 6.5 is not a whole number",
        id="fraction where whole number",
    ),
    pytest.param(
        ("safety", "notes"),
        "x" * 10_001,
        f"safety.notes: {'x' * 40!r}… (10,001 characters) is longer than 10,000 characters",
        id="notes too long",
    ),
    pytest.param(
        ("clinician_notes",), 12, "clinician_notes: 12 is not text", id="number where text"
    ),
    pytest.param(("patient_ref",), REMOVE, "missing key 'patient_ref'", id="no patient_ref"),
    pytest.param(("visit_date",), REMOVE, "missing key 'visit_date'", id="no visit_date"),
    pytest.param(
        ("patient_ref",), "  ", "patient_ref: a value is needed, not '  '", id="blank patient_ref"
    ),
    pytest.param(
        ("medication_trials", 0, "drug"),
        REMOVE,
        "missing key 'medication_trials[0].drug'",
        id="row without its required key",
    ),
    pytest.param(("adherence",), [], "adherence: [] is not an object", id="section not an object"),
    pytest.param(("procedures",), {}, "procedures: {} is not a list", id="rows not a list"),
    pytest.param(
        ("medication_trials", 0),
        "sertraline",
        "medication_trials[0]: 'sertraline' is not an object",
        id="row not an object",
    ),
]


@pytest.mark.parametrize(("path", "value", "message"), BAD_VALUES)
def test_bad_input_is_named_and_nothing_is_written(clinician, path, value, message):
    with pytest.raises(InvalidReviewData) as raised:
        services.import_review(data=rich_with(path, value), by=clinician)

    assert message in raised.value.errors
    assert nothing_written()


def test_an_unknown_drug_needs_its_class(clinician):
    data = rich_review()
    data["medication_trials"][0].update(drug="frobnoxetine", drug_class="")

    with pytest.raises(InvalidReviewData) as raised:
        services.import_review(data=data, by=clinician)

    assert raised.value.errors == [
        "medication_trials[0].drug_class: no class is given and 'frobnoxetine' is not in the "
        "list of known drugs"
    ]
    assert nothing_written()


def test_a_visit_in_the_future_is_refused(clinician):
    later = timezone.localdate() + datetime.timedelta(days=10)
    data = blank_review()
    data["visit_date"] = later.isoformat()

    with pytest.raises(InvalidReviewData) as raised:
        services.import_review(data=data, by=clinician)

    assert raised.value.errors == [f"visit_date: '{later:%Y-%m-%d}' is in the future"]


def test_more_rows_than_a_section_holds_are_refused(clinician):
    data = blank_review()
    data["psychotherapies"] = [therapy("cbt")] * (answer_forms.MAX_ROWS + 1)

    with pytest.raises(InvalidReviewData) as raised:
        services.import_review(data=data, by=clinician)

    assert raised.value.errors == [
        f"psychotherapies: {answer_forms.MAX_ROWS + 1} rows, more than the {answer_forms.MAX_ROWS} "
        "a section holds"
    ]
    assert nothing_written()


def test_every_problem_is_listed_at_once(clinician):
    data = rich_review()
    data["colour"] = "red"
    data["substance_use"]["alcohol"] = "lots"
    data["medication_trials"][2]["start"] = "not-a-date"
    data["episode"]["severity_scores"][0]["score"] = 30

    with pytest.raises(InvalidReviewData) as raised:
        services.import_review(data=data, by=clinician)

    assert raised.value.errors == [
        "unknown key 'colour'",
        "episode.severity_scores[0].score: 30 is outside PHQ-9's range 0–27",
        "medication_trials[2].start: 'not-a-date' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
        "substance_use.alcohol: 'lots' is not one of none, occasional, regular, heavy, unknown",
    ]
    assert str(raised.value) == "\n".join(raised.value.errors)
    assert nothing_written()


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        pytest.param([], ["top level: [] is not an object"], id="list"),
        pytest.param("review", ["top level: 'review' is not an object"], id="string"),
        pytest.param(
            {**rich_review(), "format": "trdreview/other"},
            ["format: 'trdreview/other' is not 'trdreview/review'"],
            id="other format",
        ),
        pytest.param(
            {**rich_review(), "format_version": 4, "new_key": 1},
            ["format_version: 4 is newer than this version of TRD Review reads (up to 3)"],
            id="newer version",
        ),
        pytest.param(
            {**rich_review(), "format_version": "1"},
            ["format_version: '1' is not a whole number"],
            id="version as text",
        ),
        pytest.param(
            {**rich_review(), "format_version": 0},
            ["format_version: 0 is not a version of the format (the first is 1)"],
            id="version 0",
        ),
        pytest.param(
            {"patient_ref": "X"},
            ["missing key 'format'", "missing key 'format_version'"],
            id="no header",
        ),
    ],
)
def test_data_of_another_format_is_refused(clinician, data, errors):
    with pytest.raises(InvalidReviewData) as raised:
        services.import_review(data=data, by=clinician)

    assert raised.value.errors == errors
    assert nothing_written()


def test_version_3_dates_of_scores_therapies_procedures_and_monitoring_may_be_partial(clinician):
    data = rich_review()
    data["episode"]["severity_scores"][0]["date"] = "2026-02"
    data["psychotherapies"][0].update(start="2019", end="2019-06")
    data["procedures"][0].update(start="2021-01", end="2021-02-25")
    data["other_medicines"]["monitoring_date"] = "2026"
    exported = import_and_export(data, clinician)
    assert exported["episode"]["severity_scores"][0]["date"] == "2026-02"
    assert (exported["psychotherapies"][0]["start"], exported["psychotherapies"][0]["end"]) == (
        "2019",
        "2019-06",
    )
    assert exported["procedures"][0]["start"] == "2021-01"
    assert exported["other_medicines"]["monitoring_date"] == "2026"
