import pytest

from reviews.exports import fhir_codes
from tests.reviews.exports.fhir_validator import Core, Validator, core_package


def verified_codes() -> dict[str, set[str]]:
    """The external codes the export may use: those of reviews/exports/fhir_codes, each
    verified in a cited source. Any other LOINC, SNOMED CT or RxNorm code is a warning."""
    rxnorm = {e.code for e in fhir_codes.RXNORM_ENTRIES if e.code}
    rxnorm |= {code for e in fhir_codes.RXNORM_ENTRIES for code in e.ingredients}
    loinc = {code.code for code in fhir_codes.SCALE_TOTALS.values() if code}
    loinc |= {fhir_codes.PHQ9_ITEM9.code, *(code for code, _ in fhir_codes.PHQ9_ANSWERS.values())}
    return {
        fhir_codes.RXNORM: rxnorm,
        fhir_codes.LOINC: loinc,
        "http://snomed.info/sct": set(fhir_codes.SNOMED_PROCEDURES.values()),
    }


@pytest.fixture(scope="session")
def fhir_validator() -> Validator:
    """One validator per test run: reading the core package and compiling its FHIRPath take a
    second or two; a resource already checked (the Questionnaire) is not checked again."""
    return Validator(Core(core_package()), known_codes=verified_codes())
