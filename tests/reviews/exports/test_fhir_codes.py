"""The standard codes of the FHIR export (reviews/exports/fhir_codes.py) as data: every medicine of
the drug table has an entry, every code a source, and spot checks held out of the table's own
sources match."""

import re

import pytest

from reviews.choices import ProcedureKind, Scale
from reviews.exports import fhir_codes
from reviews.facts import drugs


def table_medicines() -> set[str]:
    """Every medicine the drug table can name: its generics, the generics its brand-only
    classes stand for (Emsam: selegiline) and the names whose class is left to the clinician."""
    return (
        {drug.name for drug in drugs.KNOWN_DRUGS}
        | {drug.name for drug in drugs.BRAND_CLASSES.values()}
        | set(drugs.AMBIGUOUS)
    )


def test_every_medicine_of_the_drug_table_has_an_rxnorm_entry_and_nothing_else_does():
    missing = table_medicines() - set(fhir_codes.RXNORM_BY_GENERIC)
    assert not missing, (
        f"add an entry to reviews/exports/fhir_codes.py for {sorted(missing)}: its RxNorm "
        "ingredient code with the source it was read from, or _none(name, why) when no code "
        "has been verified"
    )
    assert set(fhir_codes.RXNORM_BY_GENERIC) <= table_medicines()
    assert len(fhir_codes.RXNORM_ENTRIES) == len(fhir_codes.RXNORM_BY_GENERIC)  # no name twice


@pytest.mark.parametrize("entry", fhir_codes.RXNORM_ENTRIES, ids=lambda entry: entry.generic)
def test_each_code_has_a_source_and_each_missing_code_says_why(entry):
    codes = [entry.code] if entry.code else list(entry.ingredients)
    assert all(re.fullmatch(r"[1-9][0-9]{1,7}", code) for code in codes), codes
    if codes:
        assert entry.sources
        assert all(source.url.startswith("https://") for source in entry.sources)
    else:
        assert "not verified" in entry.note
    assert not (entry.code and entry.ingredients)


def test_no_ingredient_code_is_given_to_two_medicines():
    codes = [entry.code for entry in fhir_codes.RXNORM_ENTRIES if entry.code]
    assert len(codes) == len(set(codes))


# Spot checks read, when the table was written, outside the CPIC and PharmGKB tables the codes
# were taken from (a check against copying slips, not a second authority on RxNorm or LOINC):
# quetiapine in an RxNav answer recorded by a public test of an RxNav client, fluoxetine and
# fluoxetine / olanzapine in NLM's term-type table (appendix 5 of the RxNorm documentation), the
# LOINC codes and item 9's answers in HL7 US Core 6.1.0's PHQ-9 examples and Questionnaire.
HELD_OUT_RXNORM = {"quetiapine": "51272", "fluoxetine": "4493", "olanzapine-fluoxetine": "611247"}
HELD_OUT_LOINC = {"phq9_total": "44261-6", "phq9_item9": "44260-8"}
HELD_OUT_ANSWERS = {0: "LA6568-5", 1: "LA6569-3", 2: "LA6570-1", 3: "LA6571-9"}


@pytest.mark.parametrize(("generic", "code"), HELD_OUT_RXNORM.items())
def test_held_out_rxnorm_spot_checks_match(generic, code):
    assert fhir_codes.RXNORM_BY_GENERIC[generic].code == code


def test_held_out_loinc_spot_checks_match():
    total = fhir_codes.SCALE_TOTALS["phq9"]
    assert total is not None and total.code == HELD_OUT_LOINC["phq9_total"]
    assert fhir_codes.PHQ9_ITEM9.code == HELD_OUT_LOINC["phq9_item9"]
    assert {score: code for score, (code, _) in fhir_codes.PHQ9_ANSWERS.items()} == (
        HELD_OUT_ANSWERS
    )


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Zoloft", "36437"), ("sertraline", "36437"), ("Effexor XR", "39786"), ("Emsam", "9639")],
)
def test_a_name_as_typed_finds_its_ingredient(typed, code):
    entry = fhir_codes.rxnorm_for(typed)
    assert entry is not None and entry.code == code


def test_a_name_the_table_does_not_know_has_no_code():
    assert fhir_codes.rxnorm_for("Unknownol") is None


def loinc_check_digit(number: str) -> str:
    """LOINC's mod 10 check digit (LOINC Users' Guide, appendix: calculating the check digit)."""
    digits = number[::-1]
    doubled = str(int(digits[0::2][::-1]) * 2)
    total = sum(int(d) for d in digits[1::2][::-1] + doubled)
    return str((10 - total % 10) % 10)


def test_loinc_check_digits_of_the_panel_and_a_known_code():
    assert loinc_check_digit("44249") == "1"  # PHQ-9 panel, from loinc.org
    assert loinc_check_digit("69722") == "7"  # PHQ-9 difficulty item, from US Core


def test_every_loinc_code_has_a_valid_check_digit_and_a_source():
    codes = [code for code in fhir_codes.SCALE_TOTALS.values() if code]
    codes.append(fhir_codes.PHQ9_ITEM9)
    for code in codes:
        number, check = code.code.split("-")
        assert loinc_check_digit(number) == check, code.code
        assert code.sources and code.display
    assert fhir_codes.SCALE_TOTALS["phq9"].code == "44261-6"  # the total, not the panel 44249-1
    assert fhir_codes.PHQ9_ITEM9.code == "44260-8"


def test_every_scale_is_in_the_loinc_table_and_only_phq9_has_a_code():
    assert set(fhir_codes.SCALE_TOTALS) == set(Scale.values)
    assert [scale for scale, code in fhir_codes.SCALE_TOTALS.items() if code] == ["phq9"]


def test_item9_answers_cover_its_scores():
    assert set(fhir_codes.PHQ9_ANSWERS) == {0, 1, 2, 3}
    assert all(re.fullmatch(r"LA\d{4,5}-\d", code) for code, _ in fhir_codes.PHQ9_ANSWERS.values())


def test_snomed_codes_only_for_known_procedure_kinds():
    assert set(fhir_codes.SNOMED_PROCEDURES) <= set(ProcedureKind.values)
    assert "1010697006" not in fhir_codes.SNOMED_PROCEDURES.values()  # right unilateral only
