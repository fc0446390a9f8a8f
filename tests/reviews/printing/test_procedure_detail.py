"""Neuromodulation detail on procedures (issue 23, format version 3): the TMS protocol and target,
the ECT electrode placement and the scale scores before and after a course, printed in the
summary's procedures table and on the documentation sheet's earlier-courses item."""

import pytest

from reviews import choices, services
from reviews.importing import InvalidReviewData, parse_review
from reviews.printing import procedure_detail
from tests.reviews.builders import sheet_of, summary_of
from tests.reviews.samples import procedure, rich_review, therapy

RETREATMENT = [
    procedure(
        "rtms",
        sessions=36,
        start="2023-01-09",
        end="2023-02-24",
        response="remission",
        relapse="yes",
        tms_protocol="10hz",
        tms_target="left_dlpfc",
        score_scale="phq9",
        score_before=22,
        score_after=6,
    ),
    procedure(
        "ect",
        sessions=12,
        start="2024-05-06",
        end="2024-06-14",
        response="partial",
        relapse="unknown",
        ect_placement="right_unilateral",
        score_scale="madrs",
        score_before=38,
    ),
]


def test_the_score_scales_are_the_rating_scales_and_not_recorded():
    assert choices.ScoreScale.choices == [("unknown", "Not recorded"), *choices.Scale.choices]


def answers(**row):
    return lambda key: row.get(key)


@pytest.mark.parametrize(
    ("row", "text"),
    [
        (
            {"tms_protocol": "itbs", "tms_target": "left_dlpfc", "ect_placement": "unknown"},
            "iTBS, Left DLPFC",
        ),
        ({"ect_placement": "bitemporal"}, "Bitemporal"),
        ({"score_scale": "phq9", "score_before": 21, "score_after": 8}, "PHQ-9 21 \u2192 8"),
        ({"score_scale": "madrs", "score_before": 30}, "MADRS 30 before"),
        ({"score_scale": "unknown", "score_after": 9}, "score 9 after"),
        (
            {"tms_protocol": "deep", "score_scale": "bdi2", "score_before": 30, "score_after": 31},
            "Deep TMS (H-coil); BDI-II 30 \u2192 31",
        ),
        ({"tms_protocol": "unknown", "score_scale": "phq9"}, "\u2014"),
    ],
)
def test_the_detail_names_what_was_recorded_and_nothing_else(row, text):
    assert procedure_detail.detail_text(answers(**row)) == text


@pytest.mark.django_db
def test_the_summary_and_the_tms_sheet_print_the_detail_of_earlier_courses(clinician):
    data = rich_review()
    data["procedures"] = RETREATMENT
    review = services.import_review(data=data, by=clinician)

    summary = summary_of(review)
    (table,) = [t for t in summary.treatment_tables if t.title == "Procedures"]
    assert "Detail" in table.columns
    detail = [row[table.columns.index("Detail")] for row in table.rows]
    assert detail == [
        "10 Hz, Left DLPFC; PHQ-9 22 \u2192 6",
        "Right unilateral; MADRS 38 before",
    ]

    for treatment in ("tms", "esketamine"):
        sheet = sheet_of(review, treatment)
        item = next(i for i in sheet.items if i.id == "stimulation_and_ketamine")
        assert [c.key for c in item.columns][-2:] == ["protocol", "scores"]
        assert [(row["kind"], row["protocol"], row["scores"]) for row in item.rows] == [
            ("rTMS", "10 Hz, Left DLPFC", "PHQ-9 22 \u2192 6"),
            ("ECT", "Right unilateral", "MADRS 38 before"),
        ]
        assert item.rows[0]["relapse"] == "Yes"


@pytest.mark.django_db
def test_a_follow_up_carries_the_procedure_detail(clinician):
    data = rich_review()
    data["procedures"] = RETREATMENT
    review = services.import_review(data=data, by=clinician)
    follow_up = services.start_follow_up(review=review, by=clinician)
    carried = follow_up.procedures.order_by("id")
    assert [(p.tms_protocol, p.score_before, p.score_after) for p in carried] == [
        ("10hz", 22, 6),
        ("unknown", 38, None),
    ]


@pytest.mark.django_db
def test_a_wsas_total_is_a_rating_scale_printed_with_its_date(clinician):
    data = rich_review()
    data["episode"]["severity_scores"].append({"scale": "wsas", "score": 28, "date": "2026-11-20"})
    review = services.import_review(data=data, by=clinician)
    sheet = sheet_of(review, "tms")
    scores = next(item for item in sheet.items if item.id == "latest_scores").rows
    assert {"scale": "WSAS", "score": "28 / 40"}.items() <= next(
        row for row in scores if row["scale"].startswith("WSAS")
    ).items()
    summary = summary_of(review)
    assert [(line.scale, line.score) for line in summary.scores if "WSAS" in line.scale] == [
        ("WSAS", "28 / 40")
    ]


def test_a_wsas_total_above_40_is_refused():
    data = rich_review()
    data["episode"]["severity_scores"].append({"scale": "wsas", "score": 41, "date": None})
    with pytest.raises(InvalidReviewData) as refused:
        parse_review(data)
    assert "range 0–40" in " ".join(refused.value.errors)


@pytest.mark.django_db
def test_the_modalities_payers_name_are_recorded_and_printed_with_sessions_and_dates(clinician):
    data = rich_review()
    data["psychotherapies"] = [
        therapy("cbasp", sessions=16, start="2024-01-08", end="2024-05-06", benefit="partial"),
        therapy("problem_solving", sessions=6),
        therapy("short_term_psychodynamic", sessions=20, start="2023-02-01", end="2023-07-01"),
    ]
    review = services.import_review(data=data, by=clinician)
    (table,) = [t for t in summary_of(review).treatment_tables if t.title == "Psychotherapies"]
    assert [row[:4] for row in table.rows] == [
        (
            "CBASP (cognitive behavioral analysis system of psychotherapy)",
            "16",
            "2024-01-08",
            "2024-05-06",
        ),
        ("Problem-solving therapy", "6", "\u2014", "\u2014"),
        ("Short-term psychodynamic psychotherapy", "20", "2023-02-01", "2023-07-01"),
    ]


@pytest.mark.django_db
def test_work_or_study_is_recorded_and_listed_with_the_answers(clinician):
    data = rich_review()
    data["episode"]["work_study"] = "off_sick"
    review = services.import_review(data=data, by=clinician)
    episode = next(s for s in summary_of(review).answers if s.title == "Episode & severity")
    assert ("Work or study", "Off sick") in [(a.label, a.text) for a in episode.answers]
