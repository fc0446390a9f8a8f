"""The resources of a review's FHIR Bundle but its Composition and MedicationStatements
(fhir.py, fhir_medication.py), one builder each, from the interchange dict.

Plain dicts of FHIR R4 (4.0.1). reviews/exports/fhir.py assembles them into the Bundle and its
Composition; docs/fhir.md says which answer goes where. A value the review does not record
("unknown", "not assessed", empty) is left out of the clinical resources; the
QuestionnaireResponse keeps every answer.
"""

import datetime
import uuid
from dataclasses import dataclass

from reviews import schema
from reviews.exports import fhir_codes
from reviews.exports.fhir_codes import LOINC, PRODUCT_BASE
from reviews.exports.fhir_narrative import Answer, Narrative, narrative
from reviews.exports.fhir_questionnaire import (
    QUESTIONNAIRE_URL,
    QUESTIONNAIRE_VERSION,
    coding,
    response_items,
)
from reviews.words import answer_text

SURVEY = {
    "coding": [
        {
            "system": "http://terminology.hl7.org/CodeSystem/observation-category",
            "code": "survey",
            "display": "Survey",
        }
    ]
}
PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type"


@dataclass(frozen=True)
class Person:
    """A clinician as the export names them: the full name as written (or the username)."""

    key: str  # stable within the installation: the account's id
    name: str


FINALISED, AMENDED = "finalised", "amended"


@dataclass(frozen=True)
class Signing:
    """Finalising a review, or starting its amendment, as the audit trail records it."""

    activity: str  # FINALISED or AMENDED
    at: datetime.datetime
    by: Person
    reason: str = ""

    @property
    def sentence(self) -> str:
        when = _instant(self.at)
        if self.activity == AMENDED:
            why = f" Reason given: {self.reason}" if self.reason else ""
            return f"Amended by {self.by.name} at {when}: a new revision of a final review.{why}"
        return f"Finalised by {self.by.name} at {when}: made read-only."


class Ids:
    """Resource ids as UUIDs derived from the review (its id and creation time) and a name:
    the same review always gets the same ids, and two installations' reviews never share one."""

    NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, PRODUCT_BASE)

    def __init__(self, review_id: int, created_at: datetime.datetime):
        self.seed = f"review/{review_id}/{created_at.astimezone(datetime.UTC).isoformat()}"

    def uuid(self, *names: str) -> str:
        return str(uuid.uuid5(self.NAMESPACE, "/".join((self.seed, *names))))


def reference(resource: dict) -> dict:
    """A reference to a resource of the same Bundle, by its fullUrl."""
    return {"reference": f"urn:uuid:{resource['id']}"}


@dataclass(frozen=True)
class Context:
    """What every clinical resource of one review refers to."""

    ids: Ids
    data: dict
    patient: dict  # references
    author: dict
    response: dict
    final: bool


def recorded(question: schema.Question, value) -> bool:
    return value not in (None, "", [], *schema.OPEN_VALUES)


def facts_line(questions, row: dict, labels: dict[str, str] | None = None) -> str:
    """ "Class: SSRI; Role: Monotherapy; …": the recorded answers among `questions`."""
    labels = labels or {}
    return "; ".join(
        f"{labels.get(q.key, q.label.rstrip('?'))}: {answer_text(q, row[q.key])}"
        for q in questions
        if recorded(q, row[q.key])
    )


def annotations(*texts: str) -> list[dict]:
    return [{"text": text} for text in texts if text]


def period_of(start: str | None, end: str | None) -> dict:
    return {key: value for key, value in (("start", start), ("end", end)) if value}


def concept(value_set, code: str, text: str | None = None) -> dict:
    return {"coding": [coding(value_set, code)], "text": text or str(value_set(code).label)}


# --- The parties ------------------------------------------------------------------------------


def organization(ids: Ids, name: str) -> dict:
    return {
        "resourceType": "Organization",
        "id": ids.uuid("organization"),
        "text": narrative(Narrative(paragraphs=(f"Practice: {name}",))),
        "name": name,
    }


def patient(ids: Ids, patient_ref: str, practice: dict) -> dict:
    """The patient as the review knows them: the practice's own reference and nothing else."""
    return {
        "resourceType": "Patient",
        "id": ids.uuid("patient"),
        "text": narrative(Narrative(paragraphs=(f"Patient reference: {patient_ref}",))),
        "identifier": [
            {
                "type": {"text": "The practice's own patient reference"},
                "value": patient_ref,
                "assigner": practice,
            }
        ],
        "managingOrganization": practice,
    }


def practitioner(ids: Ids, key: str, name: str) -> dict:
    """A clinician by the full name as written, kept whole (never split into given and family)."""
    return {
        "resourceType": "Practitioner",
        "id": ids.uuid("practitioner", key),
        "text": narrative(Narrative(paragraphs=(f"Clinician: {name}",))),
        "name": [{"text": name}],
    }


# --- The answers -------------------------------------------------------------------------------


def questionnaire_response(
    ids: Ids,
    data: dict,
    *,
    described: str,
    final: bool,
    authored: str,
    subject: dict,
    author: dict,
) -> dict:
    """Every answer of the review (reviews/exports/fhir_questionnaire.py)."""
    shown = f"Every answer of {described}, as recorded: the document's sections show them as text."
    return {
        "resourceType": "QuestionnaireResponse",
        "id": ids.uuid("questionnaire-response"),
        "text": narrative(Narrative(paragraphs=(shown,))),
        "questionnaire": f"{QUESTIONNAIRE_URL}|{QUESTIONNAIRE_VERSION}",
        "status": "completed" if final else "in-progress",
        "subject": subject,
        "authored": authored,
        "author": author,
        "item": response_items(data),
    }


# --- Scores and the diagnosis code --------------------------------------------------------------


def score_observations(context: Context) -> list[dict]:
    """One Observation per rating-scale score: LOINC where a verified code exists (PHQ-9's
    total), else the product's code and the scale's name."""
    scale_question = schema.SEVERITY_SCORES.question("scale")
    assert scale_question.value_set is not None
    observations = []
    for index, score in enumerate(context.data["episode"]["severity_scores"]):
        name = str(scale_question.value_set(score["scale"]).label)
        loinc = fhir_codes.SCALE_TOTALS.get(score["scale"])
        code = (
            {"coding": [_loinc(loinc)], "text": f"{name} total score"}
            if loinc
            else concept(scale_question.value_set, score["scale"], f"{name} total score")
        )
        reported = score.get("info_source") == "patient_report"
        observation = _observation(
            context,
            context.ids.uuid("severity_scores", str(index)),
            code,
            {"valueInteger": score["score"]},
            date=score["date"],
            text=f"{name} total score: {score['score']}"
            + (f", on {score['date']}" if score["date"] else "")
            + (", reported by the patient before the visit" if reported else ""),
        )
        if reported:
            # Who gave the answers, as a trial's informationSource and a therapy's asserter.
            observation["performer"] = [context.patient]
        observations.append(observation)
    return observations


def item9_observations(context: Context) -> list[dict]:
    """PHQ-9 item 9, when the review records it: its LOINC answer, with the score."""
    score = context.data["safety"]["phq9_item9"]
    if score is None:
        return []
    item9 = fhir_codes.PHQ9_ITEM9
    answer, display = fhir_codes.PHQ9_ANSWERS[score]
    value = {
        "valueCodeableConcept": {
            "coding": [{"system": LOINC, "code": answer, "display": display}],
            "text": f"{display} ({score})",
        }
    }
    code = {"coding": [_loinc(item9)], "text": "PHQ-9 item 9"}
    text = f"PHQ-9 item 9: {display} ({score}), as answered"
    return [_observation(context, context.ids.uuid("phq9_item9"), code, value, None, text)]


def _observation(context, resource_id, code, value, date, text) -> dict:
    observation = {
        "resourceType": "Observation",
        "id": resource_id,
        "text": narrative(Narrative(paragraphs=(text,))),
        "status": "final" if context.final else "preliminary",
        "category": [SURVEY],
        "code": code,
        "subject": context.patient,
    }
    if date:
        observation["effectiveDateTime"] = date
    return observation | value | {"derivedFrom": [context.response]}


def _loinc(code: fhir_codes.LoincCode) -> dict:
    return {"system": LOINC, "code": code.code, "display": code.display}


def conditions(context: Context) -> list[dict]:
    """The diagnosis code the clinician entered, as entered; none when none was."""
    code = context.data["episode"]["diagnosis_code"]
    if not code:
        return []
    return [
        {
            "resourceType": "Condition",
            "id": context.ids.uuid("diagnosis_code"),
            "text": narrative(
                Narrative(paragraphs=(f"Diagnosis code entered by the clinician: {code}",))
            ),
            "code": {
                "coding": [{"system": fhir_codes.ICD10CM, "code": code}],
                "text": f"{code} (ICD-10-CM, as entered)",
            },
            "subject": context.patient,
            "recordedDate": context.data["visit_date"],
            "recorder": context.author,
            "asserter": context.author,
            "note": [
                {
                    "text": "The code as the clinician entered it in the review; the product "
                    "checks its form only and infers no diagnosis."
                }
            ],
        }
    ]


# --- Psychotherapies and procedures -------------------------------------------------------------


def procedures(context: Context, key: str) -> list[dict]:
    """A Procedure per psychotherapy or procedure row: its kind as text and the product's code
    (SNOMED CT only where a verified code means what the review records: none yet)."""
    rows = schema.PSYCHOTHERAPIES if key == "psychotherapies" else schema.PROCEDURES
    kind = rows.questions[0]  # modality / kind
    outcome = rows.question("benefit" if key == "psychotherapies" else "response")
    assert kind.value_set is not None and outcome.value_set is not None
    found = []
    for index, row in enumerate(context.data[key]):
        label = str(kind.value_set(row[kind.key]).label)
        code = concept(kind.value_set, row[kind.key], label)
        snomed = fhir_codes.SNOMED_PROCEDURES.get(row[kind.key])
        if snomed:
            code["coding"].insert(0, {"system": "http://snomed.info/sct", "code": snomed})
        procedure: dict = {
            "resourceType": "Procedure",
            "id": context.ids.uuid(key, str(index)),
            "text": narrative(
                Narrative(
                    paragraphs=(f"{rows.noun.capitalize()} {index + 1} of the review: {label}",),
                    answers=tuple(
                        Answer(q.label, answer_text(q, row[q.key]))
                        for q in rows.questions[1:]
                        if recorded(q, row[q.key])
                    ),
                )
            ),
            "status": "completed" if row["end"] else "unknown",
        }
        if key == "psychotherapies":
            procedure["category"] = {"text": "Psychotherapy"}
        procedure |= {"code": code, "subject": context.patient}
        if row.get("info_source") == "patient_report":
            procedure["asserter"] = context.patient  # as a trial's informationSource
        period = period_of(row["start"], row["end"])
        if period:
            procedure["performedPeriod"] = period
        if recorded(outcome, row[outcome.key]):
            procedure["outcome"] = concept(outcome.value_set, row[outcome.key])
        others = [q for q in rows.questions[1:] if q.key not in ("start", "end", outcome.key)]
        facts = facts_line([q for q in others if q.key != "notes"], row)
        notes = annotations(f"Recorded in the review: {facts}." if facts else "", row["notes"])
        if notes:
            procedure["note"] = notes
        found.append(procedure)
    return found


# --- Finalising and amending ------------------------------------------------------------------


def provenance(
    ids: Ids,
    signing: Signing,
    *,
    target: dict,
    who: dict,
    organization: dict,
    amends: dict | None,
) -> dict:
    """Who finalised the review, or started this amended revision, when, and why."""
    amended = signing.activity == AMENDED
    resource: dict = {
        "resourceType": "Provenance",
        "id": ids.uuid("provenance", signing.activity),
        "text": narrative(Narrative(paragraphs=(signing.sentence,))),
        "target": [target],
        "occurredDateTime": _instant(signing.at),
        "recorded": _instant(signing.at),
    }
    if amended and signing.reason:
        resource["reason"] = [{"text": signing.reason}]
    if amended:
        resource["activity"] = {
            "coding": [
                {
                    "system": "http://terminology.hl7.org/CodeSystem/v3-DataOperation",
                    "code": "UPDATE",
                    "display": "revise",
                }
            ],
            "text": "Amended: a new revision of a final review",
        }
    else:
        resource["activity"] = {"text": "Finalised: the review was made read-only"}
    code, display = ("author", "Author") if amended else ("attester", "Attester")
    resource["agent"] = [
        {
            "type": {"coding": [{"system": PARTICIPANT_TYPE, "code": code, "display": display}]},
            "who": who,
            "onBehalfOf": organization,
        }
    ]
    if amended and amends is not None:
        resource["entity"] = [{"role": "revision", "what": {"identifier": amends}}]
    return resource


def _instant(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds")
