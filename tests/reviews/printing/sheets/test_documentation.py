"""The documentation sheet for insurance requests (issue 16): its items as data, the sheet built
from a review, the printed sheet read back with pdftotext, the command and the pages."""

import datetime
import hashlib
import io
import json
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from reviews import schema, services
from reviews.exports.interchange import export_review
from reviews.facts import rules
from reviews.models import AuditEvent, SeverityScore, StoredPdf
from reviews.printing import documentation_values
from reviews.printing.sheets import documentation
from tests.reviews.builders import sheet_of as built_sheet
from tests.reviews.builders import sheet_pdf
from tests.reviews.samples import (
    as_version_1,
    blank_review,
    procedure,
    rich_review,
    therapy,
    trial,
)
from tests.wording import copied_runs, directive_phrases, seed_runs

GENERATED_AT = datetime.datetime(2026, 11, 20, 15, 30, tzinfo=datetime.UTC)
TICKS = re.compile("[\u2713\u2714\u2611\u2612\u2705\u274c\u2717\u2718]")
# A tally of items present would read as a score against a payer's list.
TALLY = re.compile(r"\b\d+\s*(?:of|/)\s*\d+\s+items?\b|\bitems? (?:present|recorded): \d", re.I)


def everything_recorded() -> dict:
    """The rich review with every item of the sheet answered."""
    data = rich_review()
    data["concurrent_treatments"] = "Sertraline continues; weekly CBT sessions."
    data["medication_trials"].append(
        trial(
            "fluoxetine",
            "ssri",
            start="2019-01-01",
            end="2019-06-30",
            max_daily_dose_mg=40,
            dose_adequate="yes",
            adherence="as_prescribed",
            response="remission",
            ongoing="no",
            stopped_because="recovered",
            info_source="records",
        )
    )
    data["procedures"].append(procedure("inpatient", start="2020-02-01", end="2020-02-20"))
    data["psychotherapies"].append(therapy("ipt", sessions=16, benefit="partial"))
    return data


def sheet_of(review, treatment: str = "tms") -> documentation.Sheet:
    return built_sheet(review, treatment)


def pdf_text(content: bytes) -> str:
    result = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def flat(text: str) -> str:
    """Text without whitespace: a cell may wrap anywhere, and soft_wrap adds zero-width spaces."""
    return re.sub(r"[\s\u200b\u00ad-]+", "", text)


def page_count(content: bytes) -> int:
    return len(PdfReader(io.BytesIO(content)).pages)


def finalised(review):
    return services.finalise_review(
        review=review, expected_version=review.lock_version, by=review.clinician
    )


# --- The item list is data ---


def test_every_item_reads_fields_that_exist_in_the_review_format(blank):
    exported = export_review(blank)
    for item in documentation.ITEMS:
        assert item.paths, item.id
        for dotted in item.paths:
            schema.answer(exported, dotted)  # KeyError if the format has no such field
        assert not item.extractor or item.extractor in documentation.EXTRACTORS, item.id
        assert item.group in dict(documentation.GROUPS), item.id
        assert item.treatments <= set(documentation.TREATMENTS), item.id
    ids = [item.id for item in documentation.ITEMS]
    assert len(ids) == len(set(ids))


def test_the_items_texts_have_no_directive_or_eligibility_wording_and_copy_no_source():
    texts = [
        documentation.STATEMENT,
        documentation.TITLE,
        documentation.NOT_RECORDED,
        *documentation.TREATMENTS.values(),
        *(title for _key, title in documentation.GROUPS),
        *(item.label for item in documentation.ITEMS),
        *(column.label for columns in documentation.COLUMNS.values() for column in columns),
        *documentation_values.EPISODE_PLACES.values(),
    ]
    for path in (
        Path(settings.BASE_DIR, "templates", "pdf", "documentation.html"),
        Path(settings.BASE_DIR, "templates", "reviews", "includes", "documentation_sheet.html"),
    ):
        texts.append(path.read_text(encoding="utf-8"))
    assert {text: directive_phrases(text) for text in texts if directive_phrases(text)} == {}
    assert copied_runs(texts, seed_runs()) == {}


def test_the_variants_differ_only_in_title_and_the_head_device_item(rich):
    sheets = {request: sheet_of(rich, request) for request in documentation.TREATMENTS}
    ids = {request: [item.id for item in sheet.items] for request, sheet in sheets.items()}

    assert "head_implant" in ids["tms"]
    assert "head_implant" not in ids["esketamine"]
    assert ids["other"] == ids["tms"] == [item.id for item in documentation.ITEMS]
    assert [i for i in ids["tms"] if i != "head_implant"] == ids["esketamine"]
    assert sheets["tms"].title.endswith("— TMS")
    assert sheets["esketamine"].title.endswith("— esketamine")
    shared = {item.id: item for item in sheets["esketamine"].items}
    assert all(item == shared[item.id] for item in sheets["tms"].items if item.id in shared)


# --- What the sheet says about a review ---


def test_courses_in_the_current_episode_carry_their_facts_and_sources(rich):
    items = {item.id: item for item in sheet_of(rich).items}
    courses = items["current_courses"].rows
    sertraline = courses[0]

    assert [row["medicine"] for row in courses] == [
        "sertraline",
        "citalopram",
        "Venlafaxine",
        "bupropion",
    ]
    assert sertraline == {
        "medicine": "sertraline",
        "class": "SSRI",
        "dates": "2024-04-01 – 2024-06-15",
        "highest_dose": "150 mg/day (label 50–200)",
        "dose_marked_adequate": "Yes",
        "weeks_at_adequate_dose": "10 (from dates)",
        "adherence": "As prescribed",
        "response": "None",
        "why_stopped": "No effect",
        "information_from": "Records",
        "notes": "",
    }
    assert courses[1]["weeks_at_adequate_dose"] == "no dose marked adequate"
    assert courses[3]["dates"] == "2026-10-02 – ongoing"
    assert [row["medicine"] for row in items["augmentations"].rows] == ["aripiprazole"]
    assert items["augmentations"].rows[0]["how"] == "recorded as augmentation"
    assert not items["other_courses"].recorded
    assert [row["kind"] for row in items["stimulation_and_ketamine"].rows] == [
        "rTMS",
        "Ketamine (IV)",
    ]
    assert items["latest_scores"].rows[1] == {
        "scale": "PHQ-9",
        "score": "19 / 27",
        "date": "2026-11-20",
        "days_before_visit": "0",
        "information_from": "not recorded",
    }


def test_a_course_before_the_onset_is_listed_apart_with_where_it_lies(clinician):
    review = services.import_review(data=everything_recorded(), by=clinician)
    items = {item.id: item for item in sheet_of(review).items}

    assert [row["medicine"] for row in items["other_courses"].rows] == ["fluoxetine"]
    assert items["other_courses"].rows[0]["episode"] == "before this episode"
    assert "fluoxetine" not in json.dumps(items["current_courses"].value)
    assert all(item.recorded for item in items.values()), [
        item.id for item in items.values() if not item.recorded
    ]


def test_a_score_days_before_the_visit_and_a_partly_answered_item(clinician):
    data = blank_review()
    data["episode"]["severity_scores"] = [
        {"scale": "phq9", "score": 21, "date": "2026-10-01"},
        {"scale": "phq9", "score": 17, "date": "2026-11-06"},
    ]
    data["substance_use"]["alcohol"] = "none"
    review = services.import_review(data=data, by=clinician)
    items = {item.id: item for item in sheet_of(review).items}

    assert items["latest_scores"].rows == [
        {
            "scale": "PHQ-9",
            "score": "17 / 27",
            "date": "2026-11-06",
            "days_before_visit": "14",
            "information_from": "not recorded",
        }
    ]
    assert items["substance_use"].value == (
        "Alcohol: None; Recreational drugs: not recorded; Cannabis: not recorded; "
        "Substance use being addressed: not recorded"
    )


def test_a_blank_review_records_nothing_and_says_so_for_every_item(blank):
    for item in sheet_of(blank).items:
        assert item.as_json() == {
            "id": item.id,
            "label": item.label,
            "recorded": False,
            "value": "not recorded in this review",
        }


def test_the_new_items_are_listed_as_not_assessed_while_open():
    open_paths = rules.not_assessed(blank_review())
    for dotted in (
        "adult",
        "episode.psychotic_features",
        "physical_health.seizures",
        "physical_health.head_implant",
        "other_medicines.monitoring_checked",
        "safety.intent",
    ):
        assert dotted in open_paths


# --- Issue 21: the sheet's defects ---


def test_the_safety_item_prints_every_safety_question_with_its_answer_in_schema_order(rich):
    item = {item.id: item for item in sheet_of(rich).items}["suicidal_thoughts_and_intent"]
    asked = [q for q in schema.SAFETY.questions if q.kind is schema.Kind.CHOICE]

    assert [q.key for q in asked][:3] == ["wish_dead", "suicidal_thoughts", "method"]
    assert item.value == "; ".join(
        [
            "Wish to be dead (past month): Yes",
            *(f"{q.name}: No" for q in asked[1:]),
            "PHQ-9 item 9: 1",
        ]
    )


def test_the_safety_item_reads_the_schema_not_a_list_of_its_own():
    [item] = [item for item in documentation.ITEMS if item.id == "suicidal_thoughts_and_intent"]
    assert item.paths == tuple(
        schema.path(schema.SAFETY, q)
        for q in schema.SAFETY.questions
        if q.kind is schema.Kind.CHOICE or q.key == "phq9_item9"
    )


def test_a_safety_question_not_asked_says_so_and_item_9_only_when_recorded(clinician):
    data = blank_review()
    data["safety"]["wish_dead"] = "no"
    item = {i.id: i for i in sheet_of(services.import_review(data=data, by=clinician)).items}[
        "suicidal_thoughts_and_intent"
    ]
    assert item.value.startswith("Wish to be dead (past month): No; ")  # type: ignore[union-attr]
    assert "Thought of a method: Not asked" in item.value
    assert "PHQ-9 item 9" not in item.value


@pytest.mark.pdf
def test_row_notes_are_on_the_sheet_and_printed(clinician, signed_in_client):
    """A version-1 trazodone "for insomnia" (no "given for": read as for depression) stands on
    the sheet as an antidepressant course; its note is what tells the reader otherwise."""
    data = rich_review()
    data["medication_trials"].append(
        trial("trazodone", "serotonin_modulator", start="2025-06-01", notes="for insomnia")
    )
    data["psychotherapies"][0]["notes"] = "stopped when the therapist moved"
    data["procedures"][0]["notes"] = "left-sided, 10 Hz"
    review = services.import_review(data=as_version_1(data), by=clinician)
    sheet = sheet_of(review)
    items = {item.id: item for item in sheet.items}

    [trazodone] = [row for row in items["current_courses"].rows if row["medicine"] == "trazodone"]
    assert trazodone["notes"] == "for insomnia"
    assert items["psychotherapies"].rows[0]["notes"] == "stopped when the therapist moved"
    assert items["stimulation_and_ketamine"].rows[0]["notes"] == "left-sided, 10 Hz"
    assert items["current_courses"].rows[0]["notes"] == ""
    text = flat(pdf_text(printed(review)))
    for note in ("Notes (trazodone): for insomnia", "stopped when the therapist moved"):
        assert flat(note) in text
    assert flat("left-sided, 10 Hz") in text
    page = signed_in_client.get(reverse("review_detail", args=[review.pk])).content.decode()
    sheet_part = page[page.index('id="documentation-sheet"') :]
    assert "for insomnia" in sheet_part and "left-sided, 10 Hz" in sheet_part


def test_a_courses_notes_from_several_rows_are_kept_apart(clinician):
    data = blank_review()
    data["medication_trials"] = [
        trial("sertraline", "ssri", start="2024-01-01", end="2024-03-01", notes="50 mg"),
        trial("Zoloft", "ssri", start="2024-03-01", end="2024-06-01", notes="raised to 100 mg"),
    ]
    review = services.import_review(data=data, by=clinician)
    rows = {item.id: item for item in sheet_of(review).items}["other_courses"].rows
    assert rows is not None and rows[0]["notes"] == "50 mg; raised to 100 mg"


@pytest.mark.parametrize(
    ("months", "prior", "words"),
    [(1, 1, "1 month; 1 prior episode"), (2, 0, "2 months; 0 prior episodes")],
)
def test_the_episode_counts_are_plural_only_when_not_one(clinician, months, prior, words):
    data = blank_review()
    data["episode"].update(duration_months=months, prior_episodes=prior)
    review = services.import_review(data=data, by=clinician)
    assert {i.id: i for i in sheet_of(review).items}["episode"].value == words


@pytest.mark.pdf
def test_the_printed_sheet_shows_the_version(clinician, rich):
    text = " ".join(pdf_text(printed(rich)).split())
    assert "Draft (DRAFT, may still change), version 1" in text
    assert f"review {rich.pk}, version 1" in text  # the footer
    amended = services.amend_review(review=finalised(rich), by=clinician, reason="typo")
    text = " ".join(pdf_text(printed(finalised(amended))).split())
    assert "Final, version 2" in text
    assert re.findall(r", version ?(\d*)", text) == ["2", "2"]  # the status and the footer


# --- The printed sheet ---


def printed(review, request="tms") -> bytes:
    return sheet_pdf(sheet_of(review, request), generated_at=GENERATED_AT)


def test_an_answer_left_open_reads_not_recorded_never_unknown(clinician):
    """A row's default is nobody's answer: "Unknown" beside an insurer's request reads as if
    the clinician had asked and not known."""
    data = blank_review()
    data["visit_date"] = "2026-11-20"
    data["medication_trials"] = [trial("escitalopram", "ssri", start="2026-01", end="2026-05")]
    data["procedures"] = [procedure("rtms", sessions=30, info_source="patient_report")]
    data["psychotherapies"] = [therapy("cbt", sessions=12)]
    review = services.import_review(data=data, by=clinician)
    items = {item.id: item for item in sheet_of(review).items}
    (course,) = items["other_courses"].rows  # no onset: not placed in the current episode
    (rtms,) = items["stimulation_and_ketamine"].rows
    (cbt,) = items["psychotherapies"].rows
    shown = [
        course["dose_marked_adequate"],
        course["adherence"],
        course["response"],
        course["why_stopped"],
        course["information_from"],
        rtms["response"],
        rtms["relapse"],
        cbt["benefit"],
    ]
    assert shown == ["not recorded"] * 8
    assert rtms["kind"] == "rTMS (patient report)"


@pytest.mark.parametrize(
    ("data", "pages"), [(rich_review, 1), (blank_review, 1), (everything_recorded, 2)]
)
@pytest.mark.pdf
def test_the_printed_sheet_shows_each_item_with_its_value_or_not_recorded(clinician, data, pages):
    review = services.import_review(data=data(), by=clinician)
    sheet = sheet_of(review)
    content = printed(review)
    text = pdf_text(content)
    flat_text = flat(text)

    assert page_count(content) <= pages  # a typical review (rich) on one page
    assert flat(sheet.title) in flat_text
    assert flat(documentation.STATEMENT) in flat_text
    for item in sheet.items:
        assert flat(item.label) in flat_text, item.id
        if item.rows:
            # A cell that wraps interleaves with its neighbours' lines: look for its words.
            for cell in (cell for row in item.cells for cell in row):
                for word in re.split(r"[\s/–]+", cell):
                    assert flat(word) in flat_text, (item.id, cell)
        elif item.recorded:
            assert flat(item.value) in flat_text, item.id  # type: ignore[arg-type]
    unrecorded = sum(not item.recorded for item in sheet.items)
    in_statement = documentation.STATEMENT.count(documentation.NOT_RECORDED)
    assert flat_text.count(flat(documentation.NOT_RECORDED)) == unrecorded + in_statement
    assert directive_phrases(text) == []
    assert not TICKS.search(text)
    assert not TALLY.search(text)
    assert "Ada Byrne" in text  # the clinician who attests, by full name


@pytest.mark.pdf
def test_the_printed_sheet_is_pdf_a_and_tagged(rich):
    reader = PdfReader(io.BytesIO(printed(rich)))

    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "MRN-0042" in reader.metadata.title
    assert b"pdfaid:part" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    # The product's name only as the software that made it, never as what the sheet is.
    assert "TRD" not in reader.metadata.title + reader.metadata.subject
    assert reader.metadata.creator == "TRD Review"


@pytest.mark.pdf
def test_the_esketamine_sheet_leaves_out_the_head_device_item(rich):
    text = pdf_text(printed(rich, "esketamine"))

    assert "esketamine" in text.splitlines()[0]
    assert flat("in or near the head") not in flat(text)
    assert flat("in or near the head") in flat(pdf_text(printed(rich, "tms")))


# --- Downloads: kept for final reviews, DRAFT on drafts, audited ---


def sheet_url(review, treatment="tms", **extra):
    url = reverse("review_pdf", args=[review.pk])
    query = "&".join(f"{k}={v}" for k, v in {"treatment": treatment, **extra}.items())
    return f"{url}?sheet=documentation&{query}"


@pytest.mark.pdf
def test_a_final_reviews_sheet_is_kept_and_audited_apart_from_the_summary(
    signed_in_client, rich, settings
):
    review = finalised(rich)

    first = signed_in_client.get(sheet_url(review)).content
    settings.TRDREVIEW_MIN_TRIAL_WEEKS = 8
    second = signed_in_client.get(sheet_url(review)).content
    esketamine = signed_in_client.get(sheet_url(review, "esketamine")).content
    summary = signed_in_client.get(reverse("review_pdf", args=[review.pk])).content

    assert first == second
    assert len({first, esketamine, summary}) == 3
    text = pdf_text(first)
    assert "DRAFT" not in text
    assert f"Finalised on {review.finalised_at:%Y-%m-%d}" in text
    kept = StoredPdf.objects.filter(review=review).values_list("sheet", "options")
    assert sorted(kept) == [
        ("documentation", "treatment=esketamine"),
        ("documentation", "treatment=tms"),
        ("summary", ""),
    ]
    details = list(
        AuditEvent.objects.filter(review_id=review.pk, action="pdf").values_list(
            "detail", flat=True
        )
    )
    digest = hashlib.sha256(first).hexdigest()
    assert details.count(f"documentation sheet for TMS, paper a4, sha256 {digest}") == 2
    assert any(detail.startswith("summary, paper a4") for detail in details)


@pytest.mark.pdf
def test_a_drafts_sheet_is_marked_draft_and_kept_for_that_state_only(signed_in_client, rich):
    response = signed_in_client.get(sheet_url(rich))

    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    text = pdf_text(response.content)
    assert "DRAFT" in text.splitlines()[0]
    kept = StoredPdf.objects.get(review=rich)
    assert (kept.sheet, kept.lock_version) == ("documentation", rich.lock_version)


@pytest.mark.pdf
def test_an_unknown_treatment_prints_the_summary_not_an_error(signed_in_client, rich):
    response = signed_in_client.get(sheet_url(rich, "x"))

    assert response.status_code == 200
    assert "Review summary" in pdf_text(response.content)


# --- The page and the access checks ---


def test_the_summary_page_lists_the_items_and_the_print_options(signed_in_client, rich):
    page = signed_in_client.get(reverse("review_detail", args=[rich.pk])).content.decode()

    assert 'id="documentation-sheet"' in page
    assert 'href="#documentation-sheet"' in page
    for item in documentation.ITEMS:
        assert f'id="sheet-{item.id}"' in page
    assert "not recorded in this review" in page
    for code in documentation.TREATMENTS:
        assert f'name="treatment" id="sheet-for-{code}" value="{code}"' in page
    assert 'name="sheet" value="documentation"' in page
    # The form sends the sheet, the treatment and the paper: no patient data in the URL.
    form = re.search(r'<form method="get"[^>]*>(.*?)</form>', page, re.S)
    assert form is not None
    assert set(re.findall(r'name="(\w+)"', form.group(1))) == {"sheet", "treatment", "paper"}


def test_the_sheet_needs_a_sign_in_and_the_practice(client, outsider, rich):
    url = sheet_url(rich)

    response = client.get(url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]

    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("review_detail", args=[rich.pk])).status_code == 404


# --- Commands ---


def test_review_summary_prints_the_sheet_as_json(rich, capsys):
    call_command("review_summary", str(rich.pk), "--sheet", "documentation", "--for", "tms")
    printed_json = json.loads(capsys.readouterr().out)

    assert printed_json["sheet"] == "documentation"
    assert printed_json["for"] == "tms"
    assert printed_json["review_id"] == rich.pk
    assert [item["id"] for item in printed_json["items"]] == [
        item.id for item in documentation.ITEMS
    ]
    for item in printed_json["items"]:
        # The counts carry the rules that produce them.
        computed = item["id"] == "trial_counts" and item["recorded"]
        assert set(item) == {"id", "label", "recorded", "value"} | ({"note"} if computed else set())
        assert isinstance(item["recorded"], bool)
        if not item["recorded"]:
            assert item["value"] == "not recorded in this review"
        else:
            assert isinstance(item["value"], str | list)


def test_review_summary_prints_the_summary_by_default(rich, capsys):
    call_command("review_summary", str(rich.pk))
    assert "categories" in json.loads(capsys.readouterr().out)


@pytest.mark.pdf
def test_review_pdf_writes_the_sheet_for_the_treatment_asked(rich, tmp_path):
    out = tmp_path / "sheet.pdf"
    call_command(
        "review_pdf", str(rich.pk), "--out", str(out), "--sheet", "documentation", "--for", "tms"
    )

    text = pdf_text(out.read_bytes())
    assert "Treatment history for an insurance request — TMS" in text
    assert flat("Metal or implanted device in or near the head") in flat(text)


def test_a_score_given_after_the_visit_date_is_not_printed_as_negative_days_before_it(clinician):
    """The patient's PHQ-9 added from a pre-visit questionnaire is dated the day it was sent,
    which can fall after the review's visit date: "-16" days before the visit reads as a typo."""
    review = services.import_review(data=blank_review(), by=clinician)  # visit 2026-11-20
    SeverityScore.objects.create(
        review=review, scale="phq9", score=13, date="2026-12-06", info_source="patient_report"
    )
    items = {item.id: item for item in sheet_of(review).items}

    assert items["latest_scores"].rows[0]["days_before_visit"] == "16 after the visit"


def test_a_course_stopped_for_side_effects_says_where_that_came_from(clinician):
    """The item stands apart from the courses table that has the "Information from" column: a
    stop for side effects the patient reported before the visit is marked there too."""
    data = blank_review()
    data["medication_trials"] = [
        trial(
            "Zoloft",
            "ssri",
            start="2021-03",
            ongoing="no",
            stopped_because="side_effects",
            info_source="patient_report",
        )
    ]
    review = services.import_review(data=data, by=clinician)
    items = {item.id: item for item in sheet_of(review).items}

    assert items["side_effect_courses"].value == (
        "Zoloft (sertraline) (2021-03 – ?, cannot tell: onset or dates not recorded; "
        "patient report): Side effects"
    )


def test_a_score_dated_to_the_month_or_year_gives_its_days_as_a_range(signed_in_client, clinician):
    """A score's date may be a year or a month, as the form and the format allow; the sheet
    (and the review's page, which lists the sheet's items) failed on it with a 500."""
    data = blank_review()
    data["visit_date"] = "2026-11-20"
    data["episode"]["severity_scores"] = [
        {"scale": "phq9", "score": 14, "date": "2026-10", "info_source": "unknown"},
        {"scale": "madrs", "score": 30, "date": "2025", "info_source": "unknown"},
        {"scale": "bdi2", "score": 20, "date": "2026-11", "info_source": "unknown"},
    ]
    review = services.import_review(data=data, by=clinician)
    items = {item.id: item for item in sheet_of(review).items}
    days = {row["scale"]: row["days_before_visit"] for row in items["latest_scores"].rows}
    assert days == {
        "BDI-II": "19 before to 10 after the visit",
        "MADRS": "324–688",
        "PHQ-9": "20–50",
    }
    page = signed_in_client.get(reverse("review_detail", args=[review.pk]))
    assert page.status_code == 200
