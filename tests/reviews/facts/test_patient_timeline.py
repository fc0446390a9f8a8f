"""A patient's timeline: what changed between two reviews (pure), the charts across reviews, and
the timeline page."""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.urls import reverse

from reviews import schema, services
from reviews.charts.severity import SEVERITY_MARKERS, SeverityPoint, severity_svg
from reviews.facts import rules
from reviews.facts.patient_timeline import (
    changes_between,
    severity_points,
    timeline_bars,
)
from reviews.models import AuditEvent
from tests.reviews.samples import blank_review, procedure, rich_review, therapy, trial
from tests.wording import directive_phrases

SVG = "{http://www.w3.org/2000/svg}"


def review_on(visit: str, **sections) -> dict:
    data = blank_review()
    data["visit_date"] = visit
    data.update(sections)
    return data


# --- What changed (no database) -------------------------------------------------------------


def test_no_changes_between_a_review_and_itself():
    assert changes_between(rich_review(), rich_review()) == ()


def test_a_trial_added_is_named_with_its_class_and_dates():
    older = review_on("2024-03-01")
    newer = review_on(
        "2024-06-01", medication_trials=[trial("sertraline", "ssri", start="2024-04-01")]
    )

    assert changes_between(older, newer) == ("Trial added: sertraline (SSRI), from 2024-04-01.",)


def test_a_trial_that_was_ongoing_and_now_has_an_end_is_ended():
    ongoing = trial("venlafaxine", "snri", start="2024-09-01", ongoing="yes")
    older = review_on("2024-12-01", medication_trials=[ongoing])
    newer = review_on(
        "2025-04-01", medication_trials=[{**ongoing, "end": "2025-03-01", "response": "partial"}]
    )

    assert changes_between(older, newer) == ("Trial ended: venlafaxine on 2025-03-01.",)


def test_a_trial_no_longer_listed_is_said_so():
    older = review_on(
        "2024-12-01",
        medication_trials=[trial("citalopram", "ssri", start="2024-07-01", end="2024-07-22")],
    )
    newer = review_on("2025-04-01")

    assert changes_between(older, newer) == (
        "Trial no longer listed: citalopram (SSRI), 2024-07-01 to 2024-07-22.",
    )


def test_the_same_trial_is_recognised_whatever_the_case_of_its_name():
    older = review_on("2024-12-01", medication_trials=[trial("Sertraline", "ssri", start=None)])
    newer = review_on("2025-04-01", medication_trials=[trial("sertraline ", "ssri", start=None)])

    assert changes_between(older, newer) == ()


def test_a_second_course_of_the_same_undated_drug_counts_as_added():
    row = trial("sertraline", "ssri")
    older = review_on("2024-12-01", medication_trials=[row])
    newer = review_on("2025-04-01", medication_trials=[row, dict(row)])

    assert changes_between(older, newer) == ("Trial added: sertraline (SSRI).",)


def test_an_assessment_that_changed_shows_both_values():
    older = review_on("2024-12-01")
    newer = review_on("2025-04-01")
    newer["physical_health"]["thyroid"] = "present"
    newer["differentials"]["bipolar"] = "uncertain"

    assert changes_between(older, newer) == (
        "Thyroid disorder: not assessed → present.",
        "Bipolar disorder: not assessed → uncertain.",
    )


def test_answers_not_recorded_again_are_named_together_not_as_findings():
    older = review_on("2024-12-01")
    older["safety"].update(suicidal_thoughts="no", self_harm="no")
    older["life_situation"]["sleep"] = "poor"
    newer = review_on("2025-04-01")

    assert changes_between(older, newer) == (
        "Recorded before, not recorded in this review: sleep, suicidal thoughts (now or past "
        "month), self-harm without intent to die.",
    )


def test_a_new_score_of_a_scale_shows_the_earlier_and_the_newer_one():
    older = review_on("2026-01-10")
    older["episode"]["severity_scores"] = [
        {"scale": "phq9", "score": 21, "date": "2025-11-02"},
        {"scale": "phq9", "score": 18, "date": "2026-01-10"},
        {"scale": "madrs", "score": 30, "date": "2026-01-10"},
    ]
    newer = review_on("2026-02-21")
    newer["episode"]["severity_scores"] = [
        *older["episode"]["severity_scores"],  # a follow-up's history, then today's scores
        {"scale": "phq9", "score": 12, "date": "2026-02-21"},
        {"scale": "hamd17", "score": 14, "date": None},  # undated: on the visit date
    ]

    # Latest against latest, described without a word on which way is better; MADRS was not
    # scored again, so its latest score is the same and not mentioned.
    assert changes_between(older, newer) == (
        "HAM-D17: not recorded → 14 on 2026-02-21.",
        "PHQ-9: 18 on 2026-01-10 → 12 on 2026-02-21.",
    )


def test_a_scale_no_longer_scored_and_a_changed_phq9_item9_are_said_so():
    older = review_on("2025-06-30")
    older["episode"]["severity_scores"] = [{"scale": "madrs", "score": 30, "date": "2025-06-30"}]
    older["safety"]["phq9_item9"] = 2
    newer = review_on("2026-02-21")
    newer["safety"]["phq9_item9"] = 0

    assert changes_between(older, newer) == (
        "MADRS: 30 on 2025-06-30 → not recorded in this review.",
        "PHQ-9 item 9: 2 → 0.",
    )
    newer["safety"]["phq9_item9"] = None
    assert changes_between(older, newer)[-1] == (
        "Recorded before, not recorded in this review: PHQ-9 item 9."
    )


def test_therapies_and_procedures_added():
    older = review_on("2024-12-01", psychotherapies=[therapy("cbt", sessions=12)])
    newer = review_on(
        "2025-04-01",
        psychotherapies=[therapy("cbt", sessions=12), therapy("ipt", sessions=1)],
        procedures=[procedure("rtms", sessions=32)],
    )

    assert changes_between(older, newer) == (
        "Psychotherapy added: IPT, 1 session.",
        "Procedure added: rTMS, 32 sessions.",
    )


def test_a_dated_procedure_added_gives_its_dates():
    older = review_on("2021-01-01")
    newer = review_on(
        "2021-03-01",
        procedures=[procedure("ect", start="2021-01-10", end="2021-02-25", sessions=None)],
    )

    assert changes_between(older, newer) == ("Procedure added: ECT, 2021-01-10 to 2021-02-25.",)


def test_a_procedure_whose_start_was_corrected_is_not_one_more_course():
    """Only the ketamine's start changed (to the month): it reads as listed anew and no longer
    listed as it was, as a trial does, not as a course added since the last review."""
    ketamine = procedure("ketamine_iv", start="2022-05-02", sessions=6)
    older = review_on("2024-12-01", procedures=[ketamine])
    newer = review_on("2025-04-01", procedures=[{**ketamine, "start": "2022-05"}])

    assert changes_between(older, newer) == (
        "Procedure added: ketamine (IV), 6 sessions, from 2022-05.",
        "Procedure no longer listed: ketamine (IV), 6 sessions, from 2022-05-02.",
    )


def test_an_end_date_added_to_a_trial_already_ended_is_not_a_trial_ended():
    older = review_on("2025-06-30", medication_trials=[trial("sertraline", "ssri", ongoing="no")])
    newer = review_on(
        "2026-11-20",
        medication_trials=[trial("sertraline", "ssri", ongoing="no", end="2024-06-15")],
    )
    assert changes_between(older, newer) == ("Trial end date recorded: sertraline on 2024-06-15.",)


def test_a_safety_item_asked_since_reads_not_asked_before():
    older = review_on("2025-06-30")
    newer = review_on("2026-11-20")
    newer["safety"]["intent"] = "yes"
    assert changes_between(older, newer) == ("Intent to act: not asked → yes.",)


def test_changes_come_in_a_fixed_order():
    older = review_on(
        "2024-12-01", medication_trials=[trial("venlafaxine", "snri", start="2024-09-01")]
    )
    older["safety"]["self_harm"] = "no"
    newer = review_on(
        "2025-04-01",
        medication_trials=[
            trial("venlafaxine", "snri", start="2024-09-01", end="2025-03-01"),
            trial("bupropion", "ndri", start="2025-03-02", ongoing="yes"),
        ],
        procedures=[procedure("esketamine", sessions=8)],
        psychotherapies=[therapy("cbt")],
    )
    newer["physical_health"]["heart"] = "absent"

    assert changes_between(older, newer) == (
        "Trial added: bupropion (NDRI), from 2025-03-02.",
        "Trial ended: venlafaxine on 2025-03-01.",
        "Heart problems: not assessed → absent.",
        "Recorded before, not recorded in this review: self-harm without intent to die.",
        "Psychotherapy added: CBT.",
        "Procedure added: esketamine (nasal), 8 sessions.",
    )


@pytest.mark.parametrize("path", [*rules.ASSESSMENTS, "safety.phq9_item9"])
def test_a_changed_assessment_or_phq9_item9_score_is_told_by_its_name(path):
    """Every assessment of the schema and the item-9 score, changed between two reviews, gives
    one sentence naming it, from what it was to what it is."""
    question = schema.question(path)
    older, newer = blank_review(), blank_review()
    *sections, key = path.split(".")
    answers = schema.answer(newer, ".".join(sections)) if sections else newer
    answers[key] = question.value_set.values[-1] if question.value_set else 2

    (sentence,) = changes_between(older, newer)

    assert sentence.startswith(f"{question.name}: ")
    assert "→" in sentence


def test_change_sentences_describe_and_never_direct():
    older, newer = blank_review(), rich_review()
    sentences = changes_between(older, newer) + changes_between(newer, older)

    assert len(sentences) > 10
    for sentence in sentences:
        assert directive_phrases(sentence) == [], sentence
        assert sentence.endswith(".")


# --- Chart rows across reviews (no database) ------------------------------------------------


def test_a_trial_carried_through_several_reviews_is_one_bar_as_last_recorded():
    ongoing = trial("venlafaxine", "snri", start="2024-09-01", ongoing="yes")
    first = review_on("2024-12-01", medication_trials=[ongoing])
    second = review_on(
        "2025-04-01",
        medication_trials=[
            {**ongoing, "end": "2025-03-01"},
            trial("bupropion", "ndri", start="2025-03-02", ongoing="yes"),
        ],
    )

    bars = timeline_bars([first, second])

    assert [(bar.label, bar.start, bar.end, bar.ongoing) for bar in bars] == [
        ("venlafaxine", date(2024, 9, 1), date(2025, 3, 1), False),
        ("bupropion", date(2025, 3, 2), None, True),
    ]


def test_an_ongoing_trial_a_later_review_drops_stops_at_the_review_that_listed_it():
    first = review_on(
        "2024-12-01",
        medication_trials=[trial("mirtazapine", "nassa", start="2024-10-01", ongoing="yes")],
    )
    second = review_on("2025-04-01")

    (bar,) = timeline_bars([first, second])

    assert bar.label == "mirtazapine (last listed 2024-12-01)"
    assert (bar.start, bar.end, bar.ongoing) == (date(2024, 10, 1), date(2024, 12, 1), False)


def test_scores_of_all_reviews_become_points_in_date_order():
    first = review_on("2024-12-01")
    first["episode"]["severity_scores"] = [
        {"scale": "phq9", "score": 21, "date": "2024-12-01"},
        {"scale": "madrs", "score": 33, "date": None},  # counts on the visit date
    ]
    second = review_on("2025-04-01")
    second["episode"]["severity_scores"] = [{"scale": "phq9", "score": 14, "date": "2025-04-01"}]

    points = severity_points([second, first])

    assert points == [
        SeverityPoint("MADRS", date(2024, 12, 1), 33, 60),
        SeverityPoint("PHQ-9", date(2024, 12, 1), 21, 27),
        SeverityPoint("PHQ-9", date(2025, 4, 1), 14, 27),
    ]


# --- The severity chart (no database) -------------------------------------------------------


def parse(svg: str) -> ET.Element:
    """Parsing as strict XML also proves every label was escaped."""
    return ET.fromstring(svg)


def classed(root: ET.Element, css_class: str) -> list[ET.Element]:
    return [e for e in root.iter() if css_class in (e.get("class") or "").split()]


POINTS = [
    SeverityPoint("PHQ-9", date(2024, 12, 1), 21, 27),
    SeverityPoint("PHQ-9", date(2025, 4, 1), 14, 27),
    SeverityPoint("PHQ-9", date(2025, 9, 1), 9, 27),
    SeverityPoint("MADRS", date(2024, 12, 1), 33, 60),
    SeverityPoint("MADRS", date(2025, 9, 1), 20, 60),
]


def test_no_points_no_chart():
    assert severity_svg([]) == ""


def test_one_panel_per_scale_with_its_range_from_zero_to_its_maximum():
    root = parse(severity_svg(POINTS))

    panels = classed(root, "scale")
    assert [panel.get("data-scale") for panel in panels] == ["PHQ-9", "MADRS"]
    assert [e.text for e in classed(root, "scale-range")] == ["range 0–27", "range 0–60"]
    assert [e.text for e in classed(panels[0], "tick")] == ["27", "0"]


def test_scales_differ_by_marker_shape_and_every_score_is_written():
    root = parse(severity_svg(POINTS))
    phq9, madrs = classed(root, "scale")

    assert {m.get("class") for m in classed(phq9, "marker")} == {f"marker {SEVERITY_MARKERS[0]}"}
    assert {m.get("class") for m in classed(madrs, "marker")} == {f"marker {SEVERITY_MARKERS[1]}"}
    assert [e.text for e in classed(phq9, "score")] == ["21", "14", "9"]
    assert [e.text for e in classed(madrs, "score")] == ["33", "20"]
    # Nothing depends on colour: every stroke and fill is black, white or grey.
    paints = {e.get(attr) for e in root.iter() for attr in ("fill", "stroke") if e.get(attr)}
    assert paints <= {"#000", "#fff", "none", "#999999", "#bbbbbb"}


def test_higher_scores_sit_higher_in_their_panel():
    root = parse(severity_svg(POINTS))
    phq9 = classed(root, "scale")[0]
    heights = [float(e.get("cy")) for e in classed(phq9, "marker")]

    assert heights[0] < heights[1] < heights[2]  # 21, 14, 9: y grows downwards


def test_date_labels_run_along_the_axis_in_order():
    root = parse(severity_svg(POINTS))
    labels = [e.text for e in classed(root, "date")]

    assert labels
    assert labels == sorted(labels)
    assert all(re.fullmatch(r"\d{4}(-\d{2})?", label) for label in labels)


def test_a_single_point_still_draws_on_a_padded_axis():
    root = parse(severity_svg([SeverityPoint("PHQ-9", date(2025, 1, 15), 0, 27)]))

    assert len(classed(root, "marker")) == 1
    assert classed(root, "line") == []


def test_scale_names_are_escaped():
    svg = severity_svg([SeverityPoint('<b>"A&B"</b>', date(2025, 1, 15), 3, 10)])

    root = parse(svg)
    assert classed(root, "scale-name")[0].text == '<b>"A&B"</b>'
    assert "<b>" not in svg


# --- The timeline page ---------------------------------------------------------------------


@pytest.fixture
def patient_reviews(clinician):
    """Three reviews of MRN-0042, created out of visit order, and one of another patient."""
    later = review_on(
        "2025-04-01",
        medication_trials=[
            trial("venlafaxine", "snri", start="2024-09-01", end="2025-03-01"),
            trial("bupropion", "ndri", start="2025-03-02", ongoing="yes"),
        ],
    )
    later["physical_health"]["thyroid"] = "present"
    first = review_on(
        "2024-06-01", medication_trials=[trial("sertraline", "ssri", start="2024-01-01")]
    )
    first["episode"]["severity_scores"] = [{"scale": "phq9", "score": 22, "date": "2024-06-01"}]
    middle = review_on(
        "2024-12-01",
        medication_trials=[
            trial("sertraline", "ssri", start="2024-01-01", end="2024-08-01"),
            trial("venlafaxine", "snri", start="2024-09-01"),
        ],
    )
    middle["episode"]["severity_scores"] = [{"scale": "phq9", "score": 17, "date": "2024-12-01"}]
    created = {}
    for name, data in (("later", later), ("first", first), ("middle", middle)):
        data["patient_ref"] = "MRN-0042"
        created[name] = services.import_review(data=data, by=clinician)
    other = review_on("2025-01-01")
    other["patient_ref"] = "MRN-0043"
    created["other"] = services.import_review(data=other, by=clinician)
    return created


def test_timeline_lists_the_patients_reviews_in_visit_order(signed_in_client, patient_reviews):
    response = signed_in_client.get(reverse("patient_timeline", args=[patient_reviews["later"].pk]))

    assert response.status_code == 200
    assert [entry["review"].pk for entry in response.context["entries"]] == [
        patient_reviews["first"].pk,
        patient_reviews["middle"].pk,
        patient_reviews["later"].pk,
    ]
    assert b"MRN-0043" not in response.content


def test_timeline_shows_what_changed_since_each_previous_review(signed_in_client, patient_reviews):
    response = signed_in_client.get(reverse("patient_timeline", args=[patient_reviews["first"].pk]))

    changes = [entry["changes"] for entry in response.context["entries"]]
    assert changes[0] is None
    assert changes[1] == (
        "Trial added: venlafaxine (SNRI), from 2024-09-01.",
        "Trial ended: sertraline on 2024-08-01.",
        "PHQ-9: 22 on 2024-06-01 → 17 on 2024-12-01.",
    )
    assert changes[2] == (
        "Trial added: bupropion (NDRI), from 2025-03-02.",
        "Trial ended: venlafaxine on 2025-03-01.",
        "Trial no longer listed: sertraline (SSRI), 2024-01-01 to 2024-08-01.",
        "PHQ-9: 17 on 2024-12-01 → not recorded in this review.",
        "Thyroid disorder: not assessed → present.",
    )
    html = response.content.decode()
    assert "Since the review of 2024-12-01" in html
    assert "Thyroid disorder: not assessed → present." in html


def test_timeline_charts_trials_once_each_and_the_scores(signed_in_client, patient_reviews):
    response = signed_in_client.get(reverse("patient_timeline", args=[patient_reviews["first"].pk]))

    timeline = ET.fromstring(response.context["timeline"])
    labels = [e.text for e in classed(timeline, "label")]
    assert sorted(labels) == ["bupropion", "sertraline", "venlafaxine"]
    severity = ET.fromstring(response.context["severity_chart"])
    assert [e.text for e in classed(severity, "score")] == ["22", "17"]


def test_timeline_leaves_out_versions_that_were_amended(
    signed_in_client, patient_reviews, clinician
):
    first = patient_reviews["first"]
    services.finalise_review(review=first, expected_version=first.lock_version, by=first.clinician)
    amendment = services.amend_review(review=first, by=clinician, reason="typo")

    response = signed_in_client.get(reverse("patient_timeline", args=[first.pk]))

    listed = [entry["review"].pk for entry in response.context["entries"]]
    assert amendment.pk in listed and first.pk not in listed


def test_timeline_is_audited_without_patient_data(signed_in_client, patient_reviews):
    review = patient_reviews["middle"]
    signed_in_client.get(reverse("patient_timeline", args=[review.pk]))

    event = AuditEvent.objects.filter(review_id=review.pk).last()
    assert (event.action, event.detail) == ("view", "patient timeline")


def test_another_practice_gets_404_for_the_timeline(client, outsider, patient_reviews):
    client.force_login(outsider)

    assert (
        client.get(reverse("patient_timeline", args=[patient_reviews["first"].pk])).status_code
        == 404
    )


def test_the_timeline_page_puts_no_patient_reference_in_a_link(signed_in_client, patient_reviews):
    html = signed_in_client.get(
        reverse("patient_timeline", args=[patient_reviews["first"].pk])
    ).content.decode()

    assert "MRN-0042" in html
    targets = re.findall(r'(?:href|action|src)="([^"]*)"', html)
    assert targets
    assert not [target for target in targets if "MRN" in target]
