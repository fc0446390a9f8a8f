"""The Composition of a review's FHIR Bundle: its header, attester and links, and its sections
(one per walk-through step, the counts with their rules after the medication step, the answers,
the signings, and what the document is), each with its narrative."""

import datetime

from reviews.exports import fhir_questionnaire as forms
from reviews.exports import fhir_resources as resources
from reviews.exports.fhir_meta import ReviewMeta, Revision
from reviews.exports.fhir_narrative import (
    Answer,
    Narrative,
    NarrativeTable,
    narrative,
    rows_table,
)
from reviews.exports.fhir_resources import FINALISED, Ids
from reviews.facts import trials
from reviews.printing import ledger
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


def composition(
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
        "identifier": composition_identifier(meta.review),
        "status": _composition_status(meta),
        "type": {"text": TITLE},
        "subject": patient,
        "date": instant(when),
        "author": [author],
        "title": title,
    }
    composition |= _signed(meta, practitioners)
    composition["custodian"] = custodian
    if meta.amends is not None:
        composition["relatesTo"] = [
            {"code": "replaces", "targetIdentifier": composition_identifier(meta.amends)}
        ]
    composition["event"] = [
        {
            "code": [{"text": "Visit"}],
            "period": {"start": data["visit_date"], "end": data["visit_date"]},
        }
    ]
    composition["section"] = sections
    return composition


# --- The Composition's sections ---------------------------------------------------------------


def _signed(meta: ReviewMeta, practitioners: dict[str, dict]) -> dict:
    """The attester of a final review: who finalised it, and when."""
    finalised = [signing for signing in meta.signings if signing.activity == FINALISED]
    if not (meta.final and finalised):
        return {}
    return {
        "attester": [
            {
                "mode": "professional",
                "time": instant(finalised[-1].at),
                "party": practitioners[finalised[-1].by.key],
            }
        ]
    }


def sections(
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


def composition_identifier(revision: Revision) -> dict:
    return {
        "system": "urn:ietf:rfc:3986",
        "value": f"urn:uuid:{Ids(revision.review_id, revision.created_at).uuid('composition-id')}",
    }


def _composition_status(meta: ReviewMeta) -> str:
    if not meta.final:
        return "preliminary"
    return "amended" if meta.amends is not None else "final"


def instant(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds")
