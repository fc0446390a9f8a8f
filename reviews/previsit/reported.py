"""What "Add to the review" makes of a row the patient reported before the visit: a row of the
step's own form (so it meets every rule a typed row meets), marked "patient report".

The patient's words go to the row's notes, never into an outcome: "helped a lot" is not a
response or a benefit code, which is the clinician's judgement. What the patient cannot know
(dose, adequacy, response, sessions as a count) stays empty for the clinician.
"""

from collections.abc import Callable
from dataclasses import dataclass

from reviews.facts import drugs
from reviews.previsit import treatments
from reviews.row_forms import MedicationTrialForm, ProcedureForm, PsychotherapyForm, RowForm

HELPED_WORDS = {"not_at_all": "not at all", "a_little": "a little", "a_lot": "a lot"}
YES_NO_WORDS = {"yes": "yes", "no": "no", "unknown": "don't know"}


def _notes(*words: str) -> str:
    return "Patient report before the visit" + "".join(f"; {w}" for w in words if w) + "."


def _helped(report: dict) -> str:
    helped = report.get("helped")
    return f"helped: {HELPED_WORDS[helped]}" if helped in HELPED_WORDS else ""


def _how_long(report: dict) -> str:
    return f"for how long: {report['how_long']}" if report.get("how_long") else ""


def trial_from_report(medicine: dict) -> dict:
    """A medication trial row from a medicine the patient reported: the name, the start as
    given, whether still taken, side effects as the reason it stopped; the class comes from the
    name as on the medication step, and the role is left not recorded."""
    stopped = "side_effects" if medicine.get("side_effects_stopped") == "yes" else "unknown"
    return {
        "drug": medicine["name"],
        "drug_class": drugs.class_for(medicine["name"]) or "",
        "role": "unknown",  # alone, combined or added: not something the patient was asked
        "start": medicine.get("started") or "",
        "ongoing": medicine.get("still_taking") or "unknown",
        "stopped_because": "not_stopped" if medicine.get("still_taking") == "yes" else stopped,
        "info_source": "patient_report",
        "notes": _notes(_how_long(medicine), _helped(medicine), medicine.get("other") or ""),
    }


def _treatment_row(report: dict, names: treatments.Names, code_key: str) -> dict:
    """A psychotherapy or procedure row: the code the typed name is exactly, else "other" with
    the name kept in the notes; the start as given; the rest of the patient's words in the
    notes; the outcome left to the clinician."""
    code = names.code_for(report["name"])
    still = report.get("still_having")
    return {
        code_key: code,
        "start": report.get("started") or "",
        "info_source": "patient_report",
        "notes": _notes(
            f"named it “{report['name']}”" if code == treatments.OTHER else "",
            f"how long or how many sessions: {report['how_long']}"
            if report.get("how_long")
            else "",
            f"still having it: {YES_NO_WORDS[still]}" if still in YES_NO_WORDS else "",
            _helped(report),
            report.get("other") or "",
        ),
    }


def therapy_from_report(therapy: dict) -> dict:
    return _treatment_row(therapy, treatments.THERAPIES, "modality")


def procedure_from_report(procedure: dict) -> dict:
    return _treatment_row(procedure, treatments.PROCEDURES, "kind")


@dataclass(frozen=True)
class Part:
    """A repeatable part of the patient's answers as the clinician decides it: `key` in the
    answers, `noun` naming one row in the decisions ("therapy0") and the audit ("therapy 1"),
    the step whose page shows it, the step's row form, and the row it makes."""

    key: str
    noun: str
    step: str
    form: type[RowForm]
    row: Callable[[dict], dict]
    added: str  # what the page says of a row added: "added to the review's trials"


PARTS: dict[str, Part] = {
    part.key: part
    for part in (
        Part(
            "medicines",
            "medicine",
            "medication",
            MedicationTrialForm,
            trial_from_report,
            "added to the review's trials",
        ),
        Part(
            "therapies",
            "therapy",
            "psychotherapies",
            PsychotherapyForm,
            therapy_from_report,
            "added to the review's psychotherapies",
        ),
        Part(
            "procedures",
            "procedure",
            "procedures",
            ProcedureForm,
            procedure_from_report,
            "added to the review's procedures",
        ),
    )
}
