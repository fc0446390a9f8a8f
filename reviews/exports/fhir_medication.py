"""Medication trials as MedicationStatements: the medicine as entered with its verified RxNorm
code, the dates at the precision entered, the highest daily dose, what it was given for, why it
stopped, and the answers R4 has no element for (the clinician's judgement of the dose, adherence,
response, …) in its note."""

from reviews import schema
from reviews.choices import GivenFor, StopReason
from reviews.exports import fhir_codes
from reviews.exports.fhir_codes import RXNORM, UCUM
from reviews.exports.fhir_narrative import Narrative, narrative
from reviews.exports.fhir_resources import (
    Context,
    annotations,
    concept,
    facts_line,
    period_of,
)

# A course stopped before it ran its full length, for one of these reasons, is "stopped"; one
# that ended otherwise (recovered, not stopped, reason unknown) is "completed", which in R4 means
# "no longer being taken".
STOPPED_EARLY = frozenset(
    {"no_effect", "partial_effect", "side_effects", "patient_choice", "cost_or_access", "other"}
)
TRIAL = schema.MEDICATION_TRIALS
# Trial answers R4's MedicationStatement has no element for: in its note, labelled as asked.
TRIAL_NOTE_KEYS = (
    "drug_class",
    "role",
    "weeks",
    "dose_adequate",
    "adherence",
    "response",
    "improvement_percent",
    "tolerability",
    "info_source",
)
DOSE_ADEQUATE = "Dose adequate (the clinician's judgement)"


def medication_statements(context: Context) -> list[dict]:
    return [
        _medication_statement(context, index, row)
        for index, row in enumerate(context.data["medication_trials"])
    ]


def _medication_statement(context: Context, index: int, row: dict) -> dict:
    q = TRIAL.question
    statement: dict = {
        "resourceType": "MedicationStatement",
        "id": context.ids.uuid("medication_trials", str(index)),
        # One paragraph, not a table: a review may hold 100 trials, and the Composition's
        # medication section has them as a table already.
        "text": narrative(
            Narrative(
                paragraphs=(
                    f"Medication trial {index + 1} of the review: "
                    f"{facts_line(TRIAL.questions, row)}.",
                )
            )
        ),
        "status": _medication_status(row),
    }
    reason = _stop_reason(row)
    # R4's statusReason is the reason for the current status: an active statement has none, so
    # a reason recorded while the medicine is still taken (a taper) goes to the note.
    still_taken = row["ongoing"] == "yes"
    if reason and not still_taken:
        statement["statusReason"] = [reason]
    statement |= _medication(row["drug"])
    statement["subject"] = context.patient
    period = period_of(row["start"], row["end"])
    if period:
        statement["effectivePeriod"] = period
    statement["dateAsserted"] = context.data["visit_date"]
    if row["info_source"] == "patient_report":
        statement["informationSource"] = context.patient
    statement["derivedFrom"] = [context.response]
    if row["given_for"] != GivenFor.UNKNOWN:
        statement["reasonCode"] = [concept(GivenFor, row["given_for"])]
    facts = facts_line(
        [q(key) for key in TRIAL_NOTE_KEYS], row, labels={"dose_adequate": DOSE_ADEQUATE}
    )
    stopping = (
        f"Why it stopped, recorded while still taken at the visit: {reason['text']}."
        if reason and still_taken
        else ""
    )
    notes = annotations(
        f"Recorded in the review: {facts}." if facts else "", stopping, row["notes"]
    )
    if notes:
        statement["note"] = notes
    if row["max_daily_dose_mg"] is not None:
        statement["dosage"] = [_highest_dose(row["max_daily_dose_mg"])]
    return statement


def _medication_status(row: dict) -> str:
    """active while taken at the visit; after it, stopped when it was stopped early and
    completed ("no longer being taken") otherwise; unknown when the review cannot tell."""
    if row["ongoing"] == "yes":
        return "active"
    if row["ongoing"] == "no":
        return "stopped" if row["stopped_because"] in STOPPED_EARLY else "completed"
    return "unknown"


def _stop_reason(row: dict) -> dict | None:
    code, detail = row["stopped_because"], row["reason_stopped"]
    if code in ("unknown", "not_stopped"):
        return {"text": detail} if detail else None
    label = str(StopReason(code).label)
    same = not detail or detail.casefold() == label.casefold()  # "No effect: no effect"
    return concept(StopReason, code, label if same else f"{label}: {detail}")


def _medication(drug: str) -> dict:
    """The medicine as entered, with its RxNorm ingredient where the table has a verified one;
    a product of two ingredients without a verified code of its own is a contained Medication
    naming both."""
    entry = fhir_codes.rxnorm_for(drug)
    concept: dict = {"text": drug}
    if entry is not None and entry.code is not None:
        concept = {"coding": [{"system": RXNORM, "code": entry.code}], "text": drug}
    if entry is None or not entry.ingredients:
        return {"medicationCodeableConcept": concept}
    medication = {
        "resourceType": "Medication",
        "id": "medicine",
        "code": concept,
        "ingredient": [
            {"itemCodeableConcept": {"coding": [{"system": RXNORM, "code": code}]}}
            for code in entry.ingredients
        ],
    }
    return {"contained": [medication], "medicationReference": {"reference": "#medicine"}}


def _highest_dose(mg) -> dict:
    amount = f"{float(mg):g}"
    return {
        "text": f"Highest daily dose: {amount} mg/day",
        "maxDosePerPeriod": {
            "numerator": {"value": mg, "unit": "mg", "system": UCUM, "code": "mg"},
            "denominator": {"value": 1, "unit": "day", "system": UCUM, "code": "d"},
        },
    }
