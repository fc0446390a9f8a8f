"""A review as a FHIR R4 (4.0.1) Bundle: a `document` once final, a `collection` while a draft.

`document_bundle` is a pure function of the review in the interchange format (docs/format.md),
its trial facts (reviews.facts.trials) and the few facts of the stored review the format leaves
out (`ReviewMeta`: ids, status, times, who, the amendment); `review_meta` reads those from the
database and `export_fhir` puts the three together. docs/fhir.md maps every part of the review
to its resource and element and says what is left out.

What it never does: code a diagnosis the clinician did not enter, or turn a computed fact into a
coded clinical assertion. The counts of failed adequate trials, with their rules, are narrative
text of the Composition only; nothing in the Bundle says or codes "treatment-resistant".
"""

import datetime
import functools
import json
import uuid
from dataclasses import dataclass

from reviews import schema
from reviews.exports import fhir_questionnaire as forms
from reviews.exports import fhir_resources as resources
from reviews.exports.fhir_medication import medication_statements
from reviews.exports.fhir_narrative import (
    Answer,
    Narrative,
    NarrativeTable,
    narrative,
    rows_table,
)
from reviews.exports.fhir_resources import AMENDED, FINALISED, Ids, Person, Signing, reference
from reviews.facts import trials
from reviews.models import AuditEvent
from reviews.printing import ledger
from reviews.reading import Reading
from reviews.steps import STEPS
from reviews.words import answer_text

TITLE = "Depression treatment review"
DRAFT_NOTICE = (
    "This is a draft: the review is still being filled in, and what it records may change."
)
# The summary's disclaimer (catalogue.DISCLAIMER) speaks of the source documents' categories,
# which this document does not carry; this one says what the document is.
ABOUT = (
    "This document holds what the clinician recorded in the review and plain facts computed from "
    "it (dates, weeks, counts), each with the rule that produced it. It does not choose, rank or "
    "propose any treatment, and it does not say whether a patient's depression is "
    "treatment-resistant. Clinical decisions rest with the treating clinician. The categories "
    "of next steps that the product's source documents mention are in the printed summary, not "
    "in this document."
)
COUNTS_NOTICE = (
    "These figures are counts of the review's entries, each with the rule that produced it. They "
    "do not say whether any instrument's, guideline's or payer's threshold is reached, and they "
    "are not a diagnosis."
)


@dataclass(frozen=True)
class Revision:
    """One stored version of a review: its id and when it was made (which makes its FHIR ids
    unique beyond this installation)."""

    review_id: int
    created_at: datetime.datetime
    revision: int = 1


@dataclass(frozen=True)
class ReviewMeta:
    """What the export needs of a stored review beyond its answers."""

    review: Revision
    final: bool
    changed_at: datetime.datetime  # the last save
    finalised_at: datetime.datetime | None
    clinician: Person
    practice: str
    amends: Revision | None = None  # the final revision this one amends
    signings: tuple[Signing, ...] = ()


def document_bundle(*, data: dict, meta: ReviewMeta, trial_facts: trials.TrialFacts) -> dict:
    """The review as a Bundle: type `document` with its Composition first when final, else a
    `collection` whose Composition is `preliminary` and titled as a draft.

    Deterministic: the same review, saved the same way, gives the same Bundle (its time is the
    finalising or the last save, never the moment of export), so a final review's document is
    the same document each time it is exported."""
    ids = Ids(meta.review.review_id, meta.review.created_at)
    when = _document_time(meta)
    organization = resources.organization(ids, meta.practice)
    patient = resources.patient(ids, data["patient_ref"], reference(organization))
    people = {meta.clinician.key: meta.clinician}
    people |= {signing.by.key: signing.by for signing in meta.signings}
    practitioners = {
        key: resources.practitioner(ids, person.key, person.name) for key, person in people.items()
    }
    author = reference(practitioners[meta.clinician.key])
    questionnaire = _questionnaire()
    response = resources.questionnaire_response(
        ids,
        data,
        described=f"review {meta.review.review_id} (revision {meta.review.revision})",
        final=meta.final,
        authored=_instant(when),
        subject=reference(patient),
        author=author,
    )
    context = resources.Context(
        ids=ids,
        data=data,
        patient=reference(patient),
        author=author,
        response=reference(response),
        final=meta.final,
    )
    by_step = {  # the clinical resources, by the step whose answers they come from
        "safety": resources.item9_observations(context),
        "episode": [*resources.score_observations(context), *resources.conditions(context)],
        "medication": medication_statements(context),
        "psychotherapies": resources.procedures(context, "psychotherapies"),
        "procedures": resources.procedures(context, "procedures"),
    }
    composition_id = ids.uuid("composition")
    provenances = [
        resources.provenance(
            ids,
            signing,
            target={"reference": f"urn:uuid:{composition_id}"},
            who=reference(practitioners[signing.by.key]),
            organization=reference(organization),
            amends=_composition_identifier(meta.amends) if meta.amends else None,
        )
        for signing in meta.signings
    ]
    sections = _sections(
        data,
        meta,
        trial_facts,
        entries={slug: [reference(r) for r in found] for slug, found in by_step.items()},
        answers=[reference(response), reference(questionnaire)],
        signed=[reference(provenance) for provenance in provenances],
    )
    composition = _composition(
        composition_id,
        data,
        meta,
        when=when,
        patient=reference(patient),
        author=author,
        custodian=reference(organization),
        practitioners={key: reference(found) for key, found in practitioners.items()},
        sections=sections,
    )
    clinical = [found for step in STEPS for found in by_step.get(step.slug, [])]
    everything = [
        composition,
        patient,
        *practitioners.values(),
        organization,
        response,
        questionnaire,
        *clinical,
        *provenances,
    ]
    return {
        "resourceType": "Bundle",
        "id": ids.uuid("bundle", when.isoformat()),
        "identifier": {
            "system": "urn:ietf:rfc:3986",
            "value": f"urn:uuid:{ids.uuid('bundle-identifier', when.isoformat())}",
        },
        "type": "document" if meta.final else "collection",
        "timestamp": _instant(when),
        "entry": [
            {"fullUrl": reference(found)["reference"], "resource": found} for found in everything
        ],
    }


def _composition(
    composition_id: str,
    data: dict,
    meta: ReviewMeta,
    *,
    when: datetime.datetime,
    patient: dict,
    author: dict,
    custodian: dict,
    practitioners: dict[str, dict],
    sections: list[dict],
) -> dict:
    title = TITLE if meta.final else f"{TITLE} — DRAFT"
    summary = (
        f"{title}: review {meta.review.review_id}, revision {meta.review.revision}, visit of "
        f"{data['visit_date']}, patient reference {data['patient_ref']}, {meta.practice}, "
        f"{meta.clinician.name}."
    )
    composition: dict = {
        "resourceType": "Composition",
        "id": composition_id,
        "text": narrative(Narrative(paragraphs=(summary,))),
        "identifier": _composition_identifier(meta.review),
        "status": _composition_status(meta),
        "type": {"text": TITLE},
        "subject": patient,
        "date": _instant(when),
        "author": [author],
        "title": title,
    }
    finalised = [signing for signing in meta.signings if signing.activity == FINALISED]
    if meta.final and finalised:
        composition["attester"] = [
            {
                "mode": "professional",
                "time": _instant(finalised[-1].at),
                "party": practitioners[finalised[-1].by.key],
            }
        ]
    composition["custodian"] = custodian
    if meta.amends is not None:
        composition["relatesTo"] = [
            {"code": "replaces", "targetIdentifier": _composition_identifier(meta.amends)}
        ]
    composition["event"] = [
        {
            "code": [{"text": "Visit"}],
            "period": {"start": data["visit_date"], "end": data["visit_date"]},
        }
    ]
    composition["section"] = sections
    return composition


def patient_bundle(bundles: list[dict], *, assembled_at: datetime.datetime) -> dict:
    """Several reviews' Bundles (`document_bundle`) as one `collection`, each kept whole."""
    seed = "|".join(bundle["id"] for bundle in bundles)
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid5(Ids.NAMESPACE, seed)),
        "type": "collection",
        "timestamp": _instant(assembled_at),
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


def review_meta(reading: Reading) -> ReviewMeta:
    """The facts of a stored review `document_bundle` needs: from the review, its reading's
    header (the clinician named as every sheet names them) and the audit events of its
    finalising and of the amendment that started it. Without such an event (a review made final
    by other means) the review's own clinician and times stand in."""
    review = reading.review
    clinician = Person(str(review.clinician_id), reading.header.clinician)

    def person(user) -> Person:
        if user is None or user.pk == review.clinician_id:
            return clinician
        return Person(str(user.pk), user.get_full_name().strip() or user.username)

    signings = []
    if review.amends_id is not None:
        amended = _event(
            AuditEvent.Action.AMEND, review.amends_id, detail=f"revision {review.revision}"
        )
        signings.append(
            Signing(
                AMENDED,
                amended.at if amended else review.created_at,
                person(amended.user if amended else None),
                review.amend_reason,
            )
        )
    if review.is_final:
        finalised = _event(AuditEvent.Action.FINALISE, review.pk)
        signings.append(
            Signing(
                FINALISED,
                finalised.at if finalised else review.finalised_at or review.updated_at,
                person(finalised.user if finalised else None),
            )
        )
    amends = None
    if review.amends is not None:
        amends = Revision(review.amends.pk, review.amends.created_at, review.amends.revision)
    return ReviewMeta(
        review=Revision(review.pk, review.created_at, review.revision),
        final=review.is_final,
        changed_at=review.updated_at,
        finalised_at=review.finalised_at,
        clinician=clinician,
        practice=reading.header.practice,
        amends=amends,
        signings=tuple(signings),
    )


def _event(action: str, review_id: int, detail: str | None = None) -> AuditEvent | None:
    events = AuditEvent.objects.filter(action=action, review_id=review_id, outcome="ok")
    if detail is not None:
        events = events.filter(detail=detail)
    return events.select_related("user").order_by("-id").first()


# --- The Composition's sections ---------------------------------------------------------------


def _sections(
    data: dict,
    meta: ReviewMeta,
    trial_facts: trials.TrialFacts,
    *,
    entries: dict[str, list[dict]],
    answers: list[dict],
    signed: list[dict],
) -> list[dict]:
    sections = []
    for step in STEPS:
        sections.append(
            _section(step.title, _step_narrative(step, data), entries.get(step.slug, []))
        )
        if step.slug == "medication":
            sections.append(_section(COUNTS_TITLE, _counts_narrative(data, trial_facts), []))
    sections.append(
        _section(
            "Answers as recorded",
            Narrative(
                paragraphs=(
                    "Every answer of the review, machine-readable: a QuestionnaireResponse of "
                    "the product's Questionnaire, whose item ids are the answers' paths in its "
                    "interchange format.",
                )
            ),
            answers,
        )
    )
    if signed:
        lines = tuple(signing.sentence for signing in meta.signings)
        sections.append(_section("Finalised and amended", Narrative(items=lines), signed))
    about = (ABOUT,) if meta.final else (DRAFT_NOTICE, ABOUT)
    sections.append(_section("About this document", Narrative(paragraphs=about), []))
    return sections


COUNTS_TITLE = "Counts of failed adequate trials, with their rules"


def _section(title: str, content: Narrative, entries: list[dict]) -> dict:
    section: dict = {"title": title, "text": narrative(content, status="generated")}
    if entries:
        section["entry"] = entries
    return section


def _step_narrative(step, data: dict) -> Narrative:
    answers: tuple[resources.Answer, ...] = ()
    tables: tuple[NarrativeTable, ...] = ()
    if step.section is not None:
        values = data if step.section.key is None else data[step.section.key]
        answers = tuple(
            Answer(q.label, answer_text(q, values[q.key])) for q in step.section.questions
        )
        tables = tuple(rows_table(rows, values[rows.key]) for rows in step.section.rows)
    if step.rows is not None and step.rows.key in data:  # not the episode's nested scores
        tables += (rows_table(step.rows, data[step.rows.key]),)
    empty = tuple(
        f"No {forms.plural(table.rows_noun)} recorded." for table in tables if not table.rows
    )
    return Narrative(
        answers=answers, tables=tuple(table for table in tables if table.rows), after=empty
    )


def _counts_narrative(data: dict, facts: trials.TrialFacts) -> Narrative:
    """The counts at 4, 6 and 8 weeks, counted · ongoing · uncertain, each step's state with the
    clause that decided it, and the rules: as page 1 of the summary prints them."""
    shown = ledger.ledger_for(facts)
    thresholds = tuple(f"≥{weeks} weeks" for weeks in shown.thresholds)
    counts = NarrativeTable(
        caption="Failed adequate trials: counted · ongoing · uncertain",
        columns=("", *thresholds, "Stopped for side effects, any weeks"),
        cells=tuple((ledger.Cell(line.label), *line.cells) for line in shown.counts),
    )
    steps = NarrativeTable(
        caption="Each treatment step at each threshold, with the entry that decided it",
        columns=("Treatment step", "Class, role", "Dates", "Episode", "Weeks", *thresholds),
        cells=tuple(
            (
                ledger.Cell(row.drug),
                ledger.Cell(row.drug_class),
                ledger.Cell(row.dates.replace("\u00a0", " ")),
                ledger.Cell(row.episode),
                ledger.Cell(row.weeks),
                *row.mark_cells,
            )
            for row in shown.rows
        ),
    )
    paragraphs = (COUNTS_NOTICE, *((shown.note,) if shown.note else ()))
    if not shown.rows:
        paragraphs += ("No medication trials recorded.",)
    return Narrative(
        paragraphs=paragraphs,
        tables=(counts, steps) if shown.rows else (counts,),
        items=shown.definitions,
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


def _composition_identifier(revision: Revision) -> dict:
    return {
        "system": "urn:ietf:rfc:3986",
        "value": f"urn:uuid:{Ids(revision.review_id, revision.created_at).uuid('composition-id')}",
    }


def _composition_status(meta: ReviewMeta) -> str:
    if not meta.final:
        return "preliminary"
    return "amended" if meta.amends is not None else "final"


def _document_time(meta: ReviewMeta) -> datetime.datetime:
    return meta.finalised_at if meta.final and meta.finalised_at else meta.changed_at


def _instant(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds")


__all__ = [  # the contract callers build on (the lead's Reading, the views, the command)
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
