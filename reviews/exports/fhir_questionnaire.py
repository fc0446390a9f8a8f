"""The review's questions as a FHIR R4 Questionnaire, and one review's answers as its
QuestionnaireResponse; both made from reviews/schema.py, the one declaration of the questions.

Each item's linkId is the answer's path in the interchange format (docs/format.md):
"episode.onset", and inside a repeatable section the row's key after the section's path
("medication_trials.drug"). A choice is answered with a Coding of the product's own code system
for its value set, whose codes are the format's codes. An answer the format holds as empty ("",
null, []) is not answered; every other answer is, "unknown" and "not assessed" too. So the
response holds every answer of the review, and the interchange dict can be rebuilt from it and
the Questionnaire (docs/fhir.md; tests/reviews/exports/test_fhir.py does it for every sample).

Plain dicts; no Django imports beyond the schema's value sets.
"""

import functools
import re

from django.db.models import TextChoices

from reviews import schema, words
from reviews.exports.fhir_codes import PRODUCT_BASE
from reviews.exports.interchange import FORMAT, FORMAT_VERSION

QUESTIONNAIRE_URL = f"{PRODUCT_BASE}/Questionnaire/review"
QUESTIONNAIRE_VERSION = str(FORMAT_VERSION)
# The Questionnaire names the format it mirrors: "the same questionnaire in another format".
FORMAT_IDENTIFIER_SYSTEM = f"{PRODUCT_BASE}/format"

ITEM_TYPES = {
    schema.Kind.CHOICE: "choice",
    schema.Kind.CHOICES: "choice",
    schema.Kind.TEXT: "string",
    schema.Kind.NOTES: "text",
    schema.Kind.DATE: "date",
    schema.Kind.PARTIAL_DATE: "date",  # FHIR's date is a year, a month or a day, as ours
    schema.Kind.COUNT: "integer",
    schema.Kind.DOSE: "decimal",
}
# The answer element of each item type, and the element its limits are given in.
ANSWER_ELEMENTS = {
    "choice": "valueCoding",
    "string": "valueString",
    "text": "valueString",
    "date": "valueDate",
    "integer": "valueInteger",
    "decimal": "valueDecimal",
}
HELP_CONTROL = {
    "url": "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl",
    "valueCodeableConcept": {
        "coding": [
            {
                "system": "http://hl7.org/fhir/questionnaire-item-control",
                "code": "help",
                "display": "Help-Button",
            }
        ]
    },
}


def code_system(value_set: type[TextChoices]) -> str:
    """The product's code system for a value set of reviews/choices.py: its codes are the
    format's codes ("…/CodeSystem/yes-no")."""
    name = re.sub(r"(?<!^)(?=[A-Z])", "-", value_set.__name__).lower()
    return f"{PRODUCT_BASE}/CodeSystem/{name}"


def coding(value_set: type[TextChoices], code: str) -> dict:
    """The Coding of a code of the format (a fresh dict: callers may change it)."""
    return dict(_coding(value_set, code))


@functools.cache
def _coding(value_set: type[TextChoices], code: str) -> dict:
    return {"system": code_system(value_set), "code": code, "display": words.label(value_set, code)}


def questionnaire() -> dict:
    """The Questionnaire of the review's questions."""
    return {
        "resourceType": "Questionnaire",
        "url": QUESTIONNAIRE_URL,
        "identifier": [{"system": FORMAT_IDENTIFIER_SYSTEM, "value": FORMAT}],
        "version": QUESTIONNAIRE_VERSION,
        "name": "DepressionTreatmentReview",
        "title": "Depression treatment review",
        "status": "active",
        "subjectType": ["Patient"],
        "publisher": "TRD Review",
        "description": (
            "The questions of a TRD Review depression treatment review, interchange format "
            f"version {FORMAT_VERSION}. Each item's linkId is the answer's path in that format."
        ),
        "item": [_part_item(part) for part in schema.PARTS],
    }


def _part_item(part: schema.Section | schema.Rows, within: str = "") -> dict:
    if isinstance(part, schema.Rows):
        path = _path(within, part.key)
        return {
            "linkId": path,
            "text": plural(part.noun).capitalize(),
            "type": "group",
            "repeats": True,
            "item": [_question_item(q, f"{path}.{q.key}") for q in part.questions],
        }
    return {
        "linkId": part.key or part.title.lower(),
        "text": part.title,
        "type": "group",
        "item": [
            *(_question_item(q, schema.path(part, q)) for q in part.questions),
            *(_part_item(rows, within=part.key or "") for rows in part.rows),
        ],
    }


def _question_item(question: schema.Question, link_id: str) -> dict:
    item: dict = {"linkId": link_id, "text": question.label, "type": ITEM_TYPES[question.kind]}
    if question.required:
        item["required"] = True
    if question.kind is schema.Kind.CHOICES:
        item["repeats"] = True
    if question.max_length and question.kind in (schema.Kind.TEXT, schema.Kind.NOTES):
        item["maxLength"] = question.max_length
    if question.kind in (schema.Kind.COUNT, schema.Kind.DOSE):
        value = "valueInteger" if question.kind is schema.Kind.COUNT else "valueDecimal"
        item["extension"] = [{"url": "http://hl7.org/fhir/StructureDefinition/minValue", value: 0}]
        if question.maximum is not None:
            maximum = {"url": "http://hl7.org/fhir/StructureDefinition/maxValue"}
            item["extension"].append(maximum | {value: question.maximum})
    if question.value_set is not None:
        item["answerOption"] = [
            {"valueCoding": coding(question.value_set, code)} for code in question.value_set.values
        ]
    if question.help:
        help_item = {"linkId": f"{link_id}.help", "text": question.help, "type": "display"}
        item["item"] = [help_item | {"extension": [HELP_CONTROL]}]
    return item


def response_items(data: dict) -> list[dict]:
    """A review's answers (the interchange dict) as QuestionnaireResponse items, in the
    Questionnaire's order; a group none of whose questions is answered is left out."""
    items = []
    for part in schema.PARTS:
        if isinstance(part, schema.Rows):
            items.extend(_rows_items(part, data[part.key], part.key))
            continue
        answers = data if part.key is None else data[part.key]
        children = [
            item
            for question in part.questions
            if (item := _answered(question, answers[question.key], schema.path(part, question)))
        ]
        for rows in part.rows:
            children.extend(_rows_items(rows, answers[rows.key], _path(part.key or "", rows.key)))
        if children:
            items.append(
                {"linkId": part.key or part.title.lower(), "text": part.title} | {"item": children}
            )
    return items


def _rows_items(rows: schema.Rows, values: list[dict], path: str) -> list[dict]:
    text = plural(rows.noun).capitalize()
    return [
        {
            "linkId": path,
            "text": text,
            "item": [
                item
                for question in rows.questions
                if (item := _answered(question, row[question.key], f"{path}.{question.key}"))
            ],
        }
        for row in values
    ]


def _answered(question: schema.Question, value, link_id: str) -> dict | None:
    if value is None or value == "" or value == []:
        return None
    element = ANSWER_ELEMENTS[ITEM_TYPES[question.kind]]
    if question.value_set is not None:
        codes = value if isinstance(value, list) else [value]
        answers = [{element: coding(question.value_set, code)} for code in codes]
    else:
        answers = [{element: value}]
    return {"linkId": link_id, "text": question.label, "answer": answers}


def _path(within: str, key: str) -> str:
    return f"{within}.{key}" if within else key


def plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
