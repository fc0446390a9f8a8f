"""The FHIR R4 export (reviews/exports/fhir.py): every sample and every demo review is a Bundle the
validator accepts with no error and no warning, its QuestionnaireResponse gives back the review
exactly, and nothing in it is a clinical decision the clinician did not make."""

import copy
import datetime
import io
import json
import re
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.urls import reverse

from reviews import services
from reviews.exports import fhir, fhir_codes, fhir_composition
from reviews.exports.interchange import export_review
from reviews.facts import drugs, trials
from reviews.models import AuditEvent, Review
from reviews.reading import read
from tests.factories import make_clinician
from tests.reviews.exports.fhir_validator import fhirpath, narrative_problems
from tests.reviews.samples import (
    CODES,
    as_version_1,
    blank_review,
    earlier_visit,
    hundred_trials,
    procedure,
    rich_review,
    therapy,
    trial,
)
from tests.wording import directive_phrases

NOTE = 'Zoë\'s <b>notes</b> & "quotes": 4–5 h sleep, 日本語, 😀\nsecond line'


def every_code_review() -> dict:
    """A review with a row for every medicine of the drug table (by its generic, and some by a
    brand), every scale, modality and procedure kind, reduced-precision dates, a decimal dose
    and text that needs escaping."""
    data = rich_review()
    names = [(drug.name, drug.drug_class) for drug in drugs.KNOWN_DRUGS]
    names += [("Emsam", "maoi"), ("Auvelity", "other_antidepressant"), ("Zoloft", "ssri")]
    names += [("milnacipran", "snri"), ("Unknownol", "other")]
    data["medication_trials"] = [
        trial(
            name,
            drug_class,
            start="2019",
            end=None if n % 3 == 1 else "2019-03",
            ongoing=("no", "yes", "unknown")[n % 3],
            stopped_because=("side_effects", "not_stopped", "unknown")[n % 3],
            given_for=("depression", "sleep", "unknown")[n % 3],
            max_daily_dose_mg=37.5 if n % 2 else None,
            notes=NOTE if n == 0 else "",
        )
        for n, (name, drug_class) in enumerate(names)
    ]
    data["episode"]["severity_scores"] = [
        {"scale": scale, "score": 10, "date": "2026-11-20" if n else None}
        for n, scale in enumerate(CODES["scale"])
    ]
    data["psychotherapies"] = [therapy(code, sessions=4) for code in CODES["modality"]]
    data["procedures"] = [
        procedure(kind, start="2025-01-06", end="2025-02-03", notes=NOTE)
        for kind in CODES["kind"]
        if kind not in ("esketamine", "ketamine_iv", "ketamine_oral")  # kept below with a relapse
    ] + [procedure("esketamine", start="2025-03-03", relapse="yes")]
    data["clinician_notes"] = NOTE
    data["safety"]["phq9_item9"] = 3
    return data


SAMPLES = {
    "blank": blank_review,
    "rich": rich_review,
    "earlier_visit": earlier_visit,
    "hundred_trials": hundred_trials,
    "version_1": lambda: as_version_1(rich_review()),
    "every_code": every_code_review,
}
STATES = ("draft", "final", "amended")


def stored(data: dict, clinician, state: str = "draft") -> Review:
    """The sample imported, and finalised, or finalised, amended and finalised again."""
    review = services.import_review(data=data, by=clinician)
    if state == "draft":
        return review
    review = services.finalise_review(
        review=review, expected_version=review.lock_version, by=clinician
    )
    if state == "amended":
        amendment = services.amend_review(review=review, reason="date corrected", by=clinician)
        review = services.finalise_review(
            review=amendment, expected_version=amendment.lock_version, by=clinician
        )
    return review


def exported(review: Review) -> dict:
    """The review's Bundle, as the download and the command make it: from one reading."""
    return fhir.export_fhir(read(review))


def resources(bundle: dict, kind: str | None = None) -> list[dict]:
    found = [entry["resource"] for entry in bundle["entry"]]
    return [r for r in found if kind is None or r["resourceType"] == kind]


def one(bundle: dict, kind: str) -> dict:
    (found,) = resources(bundle, kind)
    return found


# --- Rebuilding the review from its answers -------------------------------------------------------


def interchange_from_fhir(bundle: dict) -> dict:
    """The interchange dict rebuilt from the Bundle's QuestionnaireResponse alone: the
    Questionnaire beside it is read only for the format's name and version and for what an
    unanswered item means (empty text, no number or date, no choice). No product code."""
    questionnaire = one(bundle, "Questionnaire")
    response = one(bundle, "QuestionnaireResponse")
    (name,) = [i["value"] for i in questionnaire["identifier"] if i["system"].endswith("/format")]
    data: dict = {"format": name, "format_version": int(questionnaire["version"])}
    _fill(data, questionnaire["item"], response["item"], prefix="")
    return data


def _fill(target: dict, questions: list[dict], answered: list[dict], prefix: str) -> None:
    given = defaultdict(list)
    for item in answered:
        given[item["linkId"]].append(item)
    for question in questions:
        key = question["linkId"].removeprefix(prefix)
        if question["type"] == "display":
            continue
        if question["type"] == "group" and question.get("repeats"):
            rows = []
            for instance in given[question["linkId"]]:
                row: dict = {}
                _fill(row, question["item"], instance["item"], prefix=question["linkId"] + ".")
                rows.append(row)
            _set(target, key, rows)
        elif question["type"] == "group":
            inner = [i for group in given[question["linkId"]] for i in group["item"]]
            _fill(target, question["item"], inner, prefix)
        else:
            answers = [a for item in given[question["linkId"]] for a in item["answer"]]
            _set(target, key, _value(question, answers))


def _value(question: dict, answers: list[dict]):
    if question["type"] == "choice":
        options = {option["valueCoding"]["code"] for option in question["answerOption"]}
        codes = [answer["valueCoding"]["code"] for answer in answers]
        assert set(codes) <= options, (question["linkId"], codes)
        return codes if question.get("repeats") else (codes[0] if codes else None)
    element = {
        "string": "valueString",
        "text": "valueString",
        "date": "valueDate",
        "integer": "valueInteger",
        "decimal": "valueDecimal",
    }[question["type"]]
    empty = "" if question["type"] in ("string", "text") else None
    (value,) = [answer[element] for answer in answers] or [empty]
    return value


def _set(target: dict, dotted: str, value) -> None:
    *within, last = dotted.split(".")
    for key in within:
        target = target.setdefault(key, {})
    target[last] = value


# --- Every sample, every state ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("sample", SAMPLES)
def test_every_sample_exports_a_bundle_with_no_error_and_no_warning(
    fhir_validator, clinician, sample, state
):
    review = stored(SAMPLES[sample](), clinician, state)

    bundle = exported(review)

    report = fhir_validator.validate(bundle)
    assert not report.issues, "\n".join(map(str, report.issues))
    assert report.skipped == []  # every invariant of the core definitions ran
    assert bundle["type"] == ("collection" if state == "draft" else "document")


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("sample", SAMPLES)
def test_the_questionnaire_response_gives_back_the_review_exactly(clinician, sample, state):
    review = stored(SAMPLES[sample](), clinician, state)

    rebuilt = interchange_from_fhir(exported(review))

    # Order too: the same JSON text, key for key.
    assert json.dumps(rebuilt, ensure_ascii=False) == json.dumps(
        export_review(review), ensure_ascii=False
    )


@pytest.mark.slow
def test_every_demo_review_exports_a_bundle_with_no_error_and_no_warning(db, fhir_validator):
    call_command("seed_demo", stdout=io.StringIO())
    reviews = Review.objects.prefetch_related(
        "severity_scores", "medication_trials", "psychotherapies", "procedures"
    ).select_related("clinician", "practice", "amends")

    problems = {}
    for review in reviews:
        bundle = exported(review)
        report = fhir_validator.validate(bundle)
        if report.issues or report.skipped:
            problems[review.pk] = [*map(str, report.issues), *report.skipped]
        assert interchange_from_fhir(bundle) == export_review(review), review.pk

    assert reviews.count() == 300
    assert reviews.filter(status="final").exists() and reviews.filter(status="draft").exists()
    assert not problems


# --- The document's own rules, in FHIRPath --------------------------------------------------------

DOCUMENT_RULES = {
    "Composition first": "Bundle.entry.first().resource.is(Composition)",
    "unique fullUrls": "Bundle.entry.fullUrl.isDistinct()",
    "every reference resolves inside the Bundle": (
        "Bundle.entry.resource.descendants().reference.where(startsWith('#').not())"
        ".subsetOf(%resource.entry.fullUrl)"
    ),
    "every entry is a resource with a fullUrl": (
        "Bundle.entry.all(fullUrl.exists() and resource.exists())"
    ),
}


@pytest.fixture
def final_bundle(clinician) -> dict:
    return exported(stored(rich_review(), clinician, "final"))


def test_the_document_keeps_the_rules_of_a_document(final_bundle):
    for rule, expression in DOCUMENT_RULES.items():
        assert fhirpath(final_bundle, expression) == [True], rule


@pytest.mark.parametrize(
    ("rule", "break_it"),
    [
        ("Composition first", lambda b: b["entry"].reverse()),
        ("unique fullUrls", lambda b: b["entry"][2].update(fullUrl=b["entry"][1]["fullUrl"])),
        (
            "every reference resolves inside the Bundle",
            lambda b: b["entry"].pop(1),  # the Organization, referred to by the Patient
        ),
    ],
)
def test_each_document_rule_catches_its_fault(final_bundle, fhir_validator, rule, break_it):
    broken = copy.deepcopy(final_bundle)
    break_it(broken)

    assert fhirpath(broken, DOCUMENT_RULES[rule]) == [False]
    assert fhir_validator.validate(broken).errors


def test_the_validator_catches_what_it_is_there_to_catch(final_bundle, fhir_validator):
    broken = copy.deepcopy(final_bundle)
    statement = resources(broken, "MedicationStatement")[0]
    statement["status"] = "finished"  # not a MedicationStatement status
    statement["dosage"][0]["colour"] = "blue"  # no such element
    resources(broken, "Patient")[0]["text"]["div"] = "<div><script>x()</script></div>"
    resources(broken, "Observation")[0]["code"]["coding"][0]["code"] = "99999-9"
    item = one(broken, "Questionnaire")["item"][1]["item"][1]  # episode.duration_months
    del item["extension"][0]["valueInteger"]  # an extension with neither value nor extensions

    report = fhir_validator.validate(broken)

    found = {issue.source for issue in report.errors}
    assert {"structure", "binding", "invariant", "model"} <= found
    assert {"txt-1", "ext-1"} <= {issue.key for issue in report.errors}
    assert [w.source for w in report.warnings] == ["terminology"]


# --- Final, draft, amended ------------------------------------------------------------------------


def test_a_final_review_is_a_document_its_clinician_attested(final_bundle):
    composition = final_bundle["entry"][0]["resource"]
    assert composition["status"] == "final"
    assert composition["title"] == "Depression treatment review"
    practitioner = one(final_bundle, "Practitioner")
    assert practitioner["name"] == [{"text": "Ada Byrne"}]
    assert composition["attester"][0]["party"]["reference"].endswith(practitioner["id"])
    assert final_bundle["identifier"]["system"] == "urn:ietf:rfc:3986"
    assert final_bundle["timestamp"] == composition["date"]
    provenance = one(final_bundle, "Provenance")
    assert provenance["agent"][0]["type"]["coding"][0]["code"] == "attester"
    assert provenance["target"] == [{"reference": f"urn:uuid:{composition['id']}"}]
    assert one(final_bundle, "QuestionnaireResponse")["status"] == "completed"


def test_a_draft_is_a_collection_that_says_it_is_a_draft(clinician):
    bundle = exported(stored(rich_review(), clinician))

    composition = bundle["entry"][0]["resource"]
    assert bundle["type"] == "collection"
    assert composition["status"] == "preliminary"
    assert composition["title"].endswith("DRAFT")
    assert "attester" not in composition
    assert not resources(bundle, "Provenance")
    assert one(bundle, "QuestionnaireResponse")["status"] == "in-progress"
    about = composition["section"][-1]
    assert about["title"] == "About this document"
    assert fhir_composition.DRAFT_NOTICE.replace("'", "&#x27;") in about["text"]["div"]
    assert {o["status"] for o in resources(bundle, "Observation")} == {"preliminary"}


def test_an_amendment_names_who_amended_why_and_what_it_replaces(clinician):
    first = stored(rich_review(), clinician, "final")
    colleague = make_clinician(practice=clinician.practice, username="dr.lee", first_name="Sam")
    amendment = services.amend_review(review=first, reason="MADRS date corrected", by=colleague)
    final = services.finalise_review(
        review=amendment, expected_version=amendment.lock_version, by=clinician
    )

    bundle = exported(final)

    composition = bundle["entry"][0]["resource"]
    replaced = exported(first)["entry"][0]["resource"]["identifier"]
    assert composition["status"] == "amended"
    assert composition["relatesTo"] == [{"code": "replaces", "targetIdentifier": replaced}]
    amended, finalised = resources(bundle, "Provenance")
    assert amended["reason"] == [{"text": "MADRS date corrected"}]
    assert amended["activity"]["coding"][0]["code"] == "UPDATE"
    assert amended["entity"] == [{"role": "revision", "what": {"identifier": replaced}}]
    names = {p["id"]: p["name"][0]["text"] for p in resources(bundle, "Practitioner")}
    assert names[amended["agent"][0]["who"]["reference"].removeprefix("urn:uuid:")] == "Sam"
    assert names[finalised["agent"][0]["who"]["reference"].removeprefix("urn:uuid:")] == (
        "Ada Byrne"
    )
    assert "Amended by Sam" in composition["section"][-2]["text"]["div"]


def test_the_same_final_review_is_the_same_document_each_time(clinician):
    review = stored(rich_review(), clinician, "final")

    assert exported(review) == exported(Review.objects.get(pk=review.pk))


def test_two_reviews_share_no_resource_but_the_questionnaire(clinician):
    first = exported(stored(rich_review(), clinician))
    second = exported(stored(rich_review(), clinician))

    urls = [{e["fullUrl"] for e in bundle["entry"]} for bundle in (first, second)]
    assert urls[0] & urls[1] == {f"urn:uuid:{one(first, 'Questionnaire')['id']}"}


# --- What each part of the review becomes ---------------------------------------------------------


@pytest.fixture
def coded(clinician) -> dict:
    return exported(stored(every_code_review(), clinician, "final"))


def statements_by_drug(bundle: dict) -> dict[str, dict]:
    found = {}
    for statement in resources(bundle, "MedicationStatement"):
        concept = statement.get("medicationCodeableConcept") or statement["contained"][0]["code"]
        found[concept["text"]] = statement
    return found


def rxnorm(statement: dict) -> list[str]:
    concept = statement.get("medicationCodeableConcept") or statement["contained"][0]["code"]
    return [c["code"] for c in concept.get("coding", []) if c["system"] == fhir_codes.RXNORM]


def test_each_medicine_carries_its_verified_rxnorm_code_and_the_name_as_entered(coded):
    statements = statements_by_drug(coded)
    assert rxnorm(statements["sertraline"]) == ["36437"]
    assert rxnorm(statements["Zoloft"]) == ["36437"]  # the brand's ingredient
    assert rxnorm(statements["Emsam"]) == ["9639"]
    assert rxnorm(statements["olanzapine-fluoxetine"]) == ["611247"]
    for unverified in ("levomilnacipran", "lurasidone", "zuranolone", "Unknownol"):
        assert rxnorm(statements[unverified]) == [], unverified
        assert statements[unverified]["medicationCodeableConcept"] == {"text": unverified}
    for drug in drugs.KNOWN_DRUGS:
        entry = fhir_codes.RXNORM_BY_GENERIC[drug.name]
        assert rxnorm(statements[drug.name]) == ([entry.code] if entry.code else []), drug.name


def test_a_product_of_two_ingredients_without_its_own_code_names_both(coded):
    statement = statements_by_drug(coded)["Auvelity"]

    assert statement["medicationReference"] == {"reference": "#medicine"}
    (medication,) = statement["contained"]
    assert medication["code"] == {"text": "Auvelity"}
    codes = [i["itemCodeableConcept"]["coding"][0]["code"] for i in medication["ingredient"]]
    assert codes == ["3289", "42347"]  # dextromethorphan, bupropion


@pytest.mark.parametrize(
    ("ongoing", "stopped", "status"),
    [
        ("yes", "not_stopped", "active"),
        ("no", "side_effects", "stopped"),
        ("no", "no_effect", "stopped"),
        ("no", "recovered", "completed"),
        ("no", "unknown", "completed"),
        ("unknown", "unknown", "unknown"),
    ],
)
def test_a_trials_status_comes_from_ongoing_and_why_it_stopped(clinician, ongoing, stopped, status):
    data = blank_review()
    data["medication_trials"] = [
        trial("sertraline", "ssri", start="2024-01", ongoing=ongoing, stopped_because=stopped)
    ]
    bundle = exported(stored(data, clinician))

    assert one(bundle, "MedicationStatement")["status"] == status


def test_a_medicine_still_taken_has_no_status_reason_and_its_recorded_stop_is_a_note(
    clinician, fhir_validator
):
    """Still taken at the visit, stopping for nausea: "active" with statusReason "Side effects"
    would give side effects as the reason it is active."""
    data = blank_review()
    data["medication_trials"] = [
        trial(
            "sertraline",
            "ssri",
            start="2024-01",
            ongoing="yes",
            stopped_because="side_effects",
            reason_stopped="tapering for nausea",
        )
    ]
    bundle = exported(stored(data, clinician))
    statement = one(bundle, "MedicationStatement")
    assert statement["status"] == "active"
    assert "statusReason" not in statement
    notes = [note["text"] for note in statement["note"]]
    assert (
        "Why it stopped, recorded while still taken at the visit: Side effects: tapering for "
        "nausea." in notes
    )
    assert not fhir_validator.validate(bundle).issues


def test_a_trial_keeps_its_dates_dose_purpose_reason_and_judgements(clinician):
    data = blank_review()
    data["medication_trials"] = [
        trial(
            "Venlafaxine XR",
            "snri",
            given_for="pain",
            start="2019",
            end="2019-03",
            ongoing="no",
            weeks=6,
            max_daily_dose_mg=37.5,
            dose_adequate="no",
            adherence="partial",
            stopped_because="side_effects",
            reason_stopped="nausea",
            info_source="patient_report",
            notes="taken at night",
        )
    ]
    bundle = exported(stored(data, clinician))

    statement = one(bundle, "MedicationStatement")
    assert statement["medicationCodeableConcept"]["text"] == "Venlafaxine XR"
    assert statement["effectivePeriod"] == {"start": "2019", "end": "2019-03"}
    dose = statement["dosage"][0]
    assert dose["text"] == "Highest daily dose: 37.5 mg/day"
    assert dose["maxDosePerPeriod"]["numerator"]["value"] == 37.5
    assert statement["reasonCode"][0]["text"] == "Pain"
    assert statement["statusReason"][0]["text"] == "Side effects: nausea"
    patient = one(bundle, "Patient")
    assert statement["informationSource"] == {"reference": f"urn:uuid:{patient['id']}"}
    recorded, typed = (note["text"] for note in statement["note"])
    assert "Dose adequate (the clinician's judgement): No" in recorded
    assert "Adherence: Partial" in recorded
    assert "Weeks at an adequate dose: 6" in recorded
    assert typed == "taken at night"


def test_scores_are_observations_with_loinc_for_phq9_and_text_for_the_other_scales(coded):
    by_text = {o["code"]["text"]: o for o in resources(coded, "Observation")}

    total = by_text["PHQ-9 total score"]
    assert total["code"]["coding"][0]["code"] == "44261-6"
    assert total["valueInteger"] == 10
    assert "effectiveDateTime" not in total  # the score's date was not recorded
    assert total["category"][0]["coding"][0]["code"] == "survey"
    for scale in ("MADRS", "HAM-D17", "BDI-II", "QIDS-SR16"):
        observation = by_text[f"{scale} total score"]
        assert [c["system"] for c in observation["code"]["coding"]] == [
            f"{fhir_codes.PRODUCT_BASE}/CodeSystem/scale"
        ]
        assert observation["effectiveDateTime"] == "2026-11-20"
    item9 = by_text["PHQ-9 item 9"]
    assert item9["code"]["coding"][0]["code"] == "44260-8"
    assert item9["valueCodeableConcept"]["coding"][0]["code"] == "LA6571-9"  # nearly every day


def test_procedures_and_psychotherapies_are_procedures_in_words(coded):
    procedures = resources(coded, "Procedure")
    assert len(procedures) == len(CODES["kind"]) - 2 + len(CODES["modality"])
    codings = [c for p in procedures for c in p["code"]["coding"]]
    assert {c["system"].rsplit("/", 1)[-1] for c in codings} == {"procedure-kind", "modality"}
    esketamine = next(p for p in procedures if p["code"]["text"] == "Esketamine (nasal)")
    assert esketamine["status"] == "unknown"  # no end recorded
    assert "Relapse afterwards: Yes" in esketamine["note"][0]["text"]


def test_the_diagnosis_code_is_a_condition_as_entered_and_only_then(clinician, final_bundle):
    (condition,) = resources(final_bundle, "Condition")
    assert condition["code"]["coding"] == [{"system": fhir_codes.ICD10CM, "code": "F33.2"}]
    assert "clinicalStatus" not in condition and "verificationStatus" not in condition

    assert not resources(exported(stored(blank_review(), clinician)), "Condition")


def test_the_patient_carries_only_the_practices_reference(final_bundle):
    patient = one(final_bundle, "Patient")

    assert set(patient) == {"resourceType", "id", "text", "identifier", "managingOrganization"}
    assert [i["value"] for i in patient["identifier"]] == ["MRN-0042"]
    assert one(final_bundle, "Organization")["name"] == "Riverside Clinic"


def test_the_counts_and_their_rules_are_text_of_the_composition_only(final_bundle):
    sections = {s["title"]: s for s in final_bundle["entry"][0]["resource"]["section"]}
    counts = sections[fhir_composition.COUNTS_TITLE]

    assert "entry" not in counts
    text = counts["text"]["div"]
    assert "2 counted" in text
    for rule in trials.COUNT_RULES:
        assert rule.replace("'", "&#x27;") in text
    titles = list(sections)
    assert titles[:4] == ["Visit", "Safety", "Episode & severity", "Medication trials"]
    assert titles[4] == fhir_composition.COUNTS_TITLE


def test_nothing_in_the_bundle_is_a_clinical_decision(coded):
    """No coded treatment-resistance, no resource made from the counts, no directive wording."""
    text = json.dumps(coded, ensure_ascii=False).casefold()
    codings = fhirpath(coded, "Bundle.entry.resource.descendants().ofType(Coding)")
    assert not [c for c in codings if "resist" in json.dumps(c).casefold()]
    assert {r["resourceType"] for r in resources(coded)} <= {
        "Composition", "Organization", "Patient", "Practitioner", "Questionnaire",
        "QuestionnaireResponse", "Observation", "Condition", "MedicationStatement", "Procedure",
        "Provenance",
    }  # fmt: skip
    assert len(resources(coded, "Observation")) == len(CODES["scale"]) + 1  # scores and item 9
    assert len(resources(coded, "Condition")) == 1
    assert "treatment-resistant depression" not in text
    divs = fhirpath(coded, "Bundle.entry.resource.descendants().`div`")
    for div in divs:
        shown = re.sub(r"<[^>]+>", " ", div)
        assert not directive_phrases(shown), shown


def test_every_narrative_is_xhtml_fhir_allows_with_the_typed_text_escaped(coded):
    divs = fhirpath(coded, "Bundle.entry.resource.descendants().`div`")

    assert all(not narrative_problems(div) for div in divs)
    assert any("Zoë&#x27;s &lt;b&gt;notes&lt;/b&gt; &amp; &quot;quotes&quot;" in d for d in divs)


# --- A patient's reviews ----------------------------------------------------------------------


def test_a_patients_reviews_are_one_collection_of_their_bundles(clinician, fhir_validator):
    reviews = [stored(earlier_visit(), clinician, "final"), stored(rich_review(), clinician)]
    bundles = [exported(review) for review in reviews]
    when = datetime.datetime(2026, 11, 21, 9, 0, tzinfo=datetime.UTC)

    collection = fhir.patient_bundle(bundles, assembled_at=when)

    assert collection["type"] == "collection"
    assert [e["resource"] for e in collection["entry"]] == bundles
    identifiers = [bundle["identifier"]["value"] for bundle in bundles]
    assert [entry["fullUrl"] for entry in collection["entry"]] == identifiers
    report = fhir_validator.validate(collection)
    assert not report.issues, "\n".join(map(str, report.issues))


# --- The download and the command -------------------------------------------------------------


def test_the_fhir_download_is_the_reviews_bundle(signed_in_client, clinician):
    review = stored(rich_review(), clinician, "final")

    response = signed_in_client.get(reverse("review_export_fhir", args=[review.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert response["Content-Disposition"] == (
        f'attachment; filename="trd-review-{review.pk}-2026-11-20.fhir.json"'
    )
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content) == exported(review)


def test_the_fhir_download_is_audited_as_an_export(signed_in_client, clinician):
    review = stored(blank_review(), clinician)

    signed_in_client.get(reverse("review_export_fhir", args=[review.pk]))

    event = AuditEvent.objects.get(action="export")
    assert (event.review_id, event.detail, event.user) == (review.pk, "FHIR", clinician)


def test_another_practice_gets_404_for_the_fhir_download(client, outsider, clinician):
    review = stored(rich_review(), clinician, "final")
    client.force_login(outsider)

    assert client.get(reverse("review_export_fhir", args=[review.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="export").exists()


def test_the_fhir_download_is_get_only(signed_in_client, clinician):
    review = stored(blank_review(), clinician)

    url = reverse("review_export_fhir", args=[review.pk])
    assert signed_in_client.post(url).status_code == 405


def test_the_review_page_offers_the_fhir_download_beside_the_pdf(signed_in_client, clinician):
    review = stored(blank_review(), clinician)

    page = signed_in_client.get(reverse("review_detail", args=[review.pk])).content.decode()

    link = f'href="{reverse("review_export_fhir", args=[review.pk])}" download>FHIR (JSON)</a>'
    assert link in page
    assert page.index("With category descriptions") < page.index(link)


def export_command(*args) -> dict:
    out = io.StringIO()
    call_command("export_review", *args, "--fhir", stdout=out)
    return json.loads(out.getvalue())


def test_the_command_prints_a_reviews_bundle(clinician):
    review = stored(rich_review(), clinician, "final")

    assert export_command(str(review.pk)) == exported(review)


def test_the_command_prints_a_patients_reviews_as_one_collection(clinician, fhir_validator):
    earlier = stored(earlier_visit(), clinician, "final")
    later = stored(rich_review(), clinician)

    collection = export_command("--patient", "MRN-0042")

    assert collection["type"] == "collection"
    inner = [entry["resource"] for entry in collection["entry"]]
    assert inner == [exported(earlier), exported(later)]  # oldest visit first
    assert not fhir_validator.validate(collection).issues


def test_a_therapy_of_the_patients_report_names_the_patient_as_asserter(clinician):
    data = blank_review()
    data["psychotherapies"] = [therapy("cbt", info_source="patient_report"), therapy("act")]
    bundle = exported(stored(data, clinician))
    reported, typed = resources(bundle, "Procedure")
    assert reported["asserter"] == reported["subject"]  # the Patient, as a trial's source
    assert "Information from: Patient report" in reported["note"][0]["text"]
    assert "asserter" not in typed


def test_a_score_of_the_patients_report_names_the_patient_as_performer(clinician, fhir_validator):
    data = blank_review()
    data["episode"]["severity_scores"] = [
        {"scale": "phq9", "score": 12, "date": data["visit_date"], "info_source": "patient_report"},
        {"scale": "phq9", "score": 14, "date": "2026-01-10", "info_source": "records"},
    ]
    bundle = exported(stored(data, clinician))
    reported, typed = resources(bundle, "Observation")[:2]
    assert reported["performer"] == [reported["subject"]]  # the Patient
    assert "reported by the patient" in reported["text"]["div"]
    assert "performer" not in typed
    assert not fhir_validator.validate(bundle).issues
