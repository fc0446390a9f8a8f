"""A review as a FHIR R4 (4.0.1) Bundle: a `document` once final, a `collection` while a draft.

`document_bundle` is a pure function of the review in the interchange format (docs/format.md),
its trial facts (reviews.facts.trials) and the few facts of the stored review the format leaves
out (`ReviewMeta`: ids, status, times, who, the amendment); `fhir_meta.review_meta` reads those
from the database and `export_fhir` puts the three together. The Composition and its sections
are fhir_composition's, the resources fhir_resources' and fhir_medication's, the Questionnaire
fhir_questionnaire's. docs/fhir.md maps every part of the review to its resource and element
and says what is left out.

What it never does: code a diagnosis the clinician did not enter, or turn a computed fact into a
coded clinical assertion. The counts of failed adequate trials, with their rules, are narrative
text of the Composition only; nothing in the Bundle says or codes "treatment-resistant".
"""

import datetime
import functools
import json
import uuid

from reviews import schema
from reviews.exports import fhir_questionnaire as forms
from reviews.exports import fhir_resources as resources
from reviews.exports.fhir_composition import (
    TITLE,
    composition,
    composition_identifier,
    instant,
)
from reviews.exports.fhir_composition import sections as composition_sections
from reviews.exports.fhir_medication import medication_statements
from reviews.exports.fhir_meta import ReviewMeta, Revision, review_meta
from reviews.exports.fhir_narrative import Narrative, narrative
from reviews.exports.fhir_resources import AMENDED, FINALISED, Ids, Person, Signing, reference
from reviews.facts import trials
from reviews.reading import Reading
from reviews.steps import STEPS


def document_bundle(*, data: dict, meta: ReviewMeta, trial_facts: trials.TrialFacts) -> dict:
    """The review as a Bundle: a `document` with its Composition first when final, else a
    `collection` whose Composition is `preliminary`. Deterministic: its time is the finalising
    or the last save, never the export's, so a final review exports as the same document."""
    ids = Ids(meta.review.review_id, meta.review.created_at)
    when = _document_time(meta)
    organization = resources.organization(ids, meta.practice)
    patient = resources.patient(ids, data["patient_ref"], reference(organization))
    practitioners = _practitioners(ids, meta)
    author = reference(practitioners[meta.clinician.key])
    questionnaire = _questionnaire()
    response = _response(ids, data, meta, when, subject=reference(patient), author=author)
    by_step = _clinical(
        resources.Context(
            ids=ids,
            data=data,
            patient=reference(patient),
            author=author,
            response=reference(response),
            final=meta.final,
        )
    )
    provenances = _provenances(ids, meta, practitioners, organization)
    header = composition(
        ids.uuid("composition"),
        data,
        meta,
        when=when,
        patient=reference(patient),
        author=author,
        custodian=reference(organization),
        practitioners={key: reference(found) for key, found in practitioners.items()},
        sections=composition_sections(
            data,
            meta,
            trial_facts,
            entries={slug: [reference(r) for r in found] for slug, found in by_step.items()},
            answers=[reference(response), reference(questionnaire)],
            signed=[reference(provenance) for provenance in provenances],
        ),
    )
    clinical = [found for step in STEPS for found in by_step.get(step.slug, [])]
    return _bundle(
        ids,
        meta,
        when,
        [header, patient, *practitioners.values(), organization, response, questionnaire]
        + [*clinical, *provenances],
    )


def _response(
    ids: Ids, data: dict, meta: ReviewMeta, when: datetime.datetime, *, subject: dict, author: dict
) -> dict:
    """Every answer, machine-readable: the QuestionnaireResponse of the product's Questionnaire."""
    return resources.questionnaire_response(
        ids,
        data,
        described=f"review {meta.review.review_id} (revision {meta.review.revision})",
        final=meta.final,
        authored=instant(when),
        subject=subject,
        author=author,
    )


def _practitioners(ids: Ids, meta: ReviewMeta) -> dict[str, dict]:
    """A Practitioner for the clinician and for each person who finalised or amended."""
    people = {meta.clinician.key: meta.clinician}
    people |= {signing.by.key: signing.by for signing in meta.signings}
    return {
        key: resources.practitioner(ids, person.key, person.name) for key, person in people.items()
    }


def _clinical(context: resources.Context) -> dict[str, list[dict]]:
    """The clinical resources, by the step whose answers they come from."""
    return {
        "safety": resources.item9_observations(context),
        "episode": [*resources.score_observations(context), *resources.conditions(context)],
        "medication": medication_statements(context),
        "psychotherapies": resources.procedures(context, "psychotherapies"),
        "procedures": resources.procedures(context, "procedures"),
    }


def _provenances(ids: Ids, meta: ReviewMeta, practitioners: dict, organization: dict) -> list[dict]:
    return [
        resources.provenance(
            ids,
            signing,
            target={"reference": f"urn:uuid:{ids.uuid('composition')}"},
            who=reference(practitioners[signing.by.key]),
            organization=reference(organization),
            amends=composition_identifier(meta.amends) if meta.amends else None,
        )
        for signing in meta.signings
    ]


def _bundle(ids: Ids, meta: ReviewMeta, when: datetime.datetime, everything: list[dict]) -> dict:
    return {
        "resourceType": "Bundle",
        "id": ids.uuid("bundle", when.isoformat()),
        "identifier": {
            "system": "urn:ietf:rfc:3986",
            "value": f"urn:uuid:{ids.uuid('bundle-identifier', when.isoformat())}",
        },
        "type": "document" if meta.final else "collection",
        "timestamp": instant(when),
        "entry": [
            {"fullUrl": reference(found)["reference"], "resource": found} for found in everything
        ],
    }


def patient_bundle(bundles: list[dict], *, assembled_at: datetime.datetime) -> dict:
    """Several reviews' Bundles (`document_bundle`) as one `collection`, each kept whole."""
    seed = "|".join(bundle["id"] for bundle in bundles)
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(Ids.NAMESPACE, seed)),
        "type": "collection",
        "timestamp": instant(assembled_at),
        "entry": [
            {"fullUrl": bundle["identifier"]["value"], "resource": bundle} for bundle in bundles
        ],
    }


def export_fhir(reading: Reading) -> dict:
    """A review as `document_bundle` gives it, from its one reading (reviews/reading.py) and the
    audit events of its finalising and amending (two queries)."""
    return document_bundle(
        data=reading.data, meta=review_meta(reading), trial_facts=reading.trial_facts
    )


# --- Identity and time --------------------------------------------------------------------------


def _questionnaire() -> dict:
    """The Questionnaire, the same in every Bundle (a fresh copy: callers may change it)."""
    return json.loads(_questionnaire_json())


@functools.cache
def _questionnaire_json() -> str:
    questionnaire = forms.questionnaire()
    # The same resource in every Bundle: its id comes from its canonical URL and version.
    canonical = f"{forms.QUESTIONNAIRE_URL}|{forms.QUESTIONNAIRE_VERSION}"
    questionnaire["id"] = str(uuid.uuid5(Ids.NAMESPACE, canonical))
    questionnaire["text"] = narrative(
        Narrative(
            paragraphs=(
                f"The questions of a {TITLE.lower()} ({sum(1 for _ in schema.review_columns())} "
                "one-to-one questions and "
                f"{len(schema.ROWS)} repeatable sections), version {forms.QUESTIONNAIRE_VERSION}.",
            )
        )
    )
    return json.dumps(questionnaire)


def _document_time(meta: ReviewMeta) -> datetime.datetime:
    return meta.finalised_at if meta.final and meta.finalised_at else meta.changed_at


__all__ = [  # what the views, the command and the tests build on
    "AMENDED",
    "FINALISED",
    "Person",
    "ReviewMeta",
    "Revision",
    "Signing",
    "document_bundle",
    "export_fhir",
    "patient_bundle",
    "review_meta",
]
