"""Narratives of the FHIR export: the human-readable XHTML of each resource and of each section
of the Composition, made by templates/fhir/narrative.xhtml so Django escapes every text."""

from dataclasses import dataclass

from django.template.loader import get_template

from reviews import schema
from reviews.exports.fhir_questionnaire import plural
from reviews.printing.ledger import Cell
from reviews.words import answer_text


@dataclass(frozen=True)
class Answer:
    label: str
    text: str


@dataclass(frozen=True)
class NarrativeTable:
    """A table: `rows` of plain texts, or `cells` whose neighbours may share one cell (the
    ledger's marks). The template reads plain texts twice as fast, which a 100-trial review
    notices."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()
    cells: tuple[tuple[Cell, ...], ...] = ()
    rows_noun: str = ""  # "medication trial": said when there are none


@dataclass(frozen=True)
class Narrative:
    paragraphs: tuple[str, ...] = ()
    answers: tuple[Answer, ...] = ()
    tables: tuple[NarrativeTable, ...] = ()
    items: tuple[str, ...] = ()
    after: tuple[str, ...] = ()  # paragraphs below the rest ("No severity scores recorded.")


def narrative(content: Narrative, *, status: str = "generated") -> dict:
    """A Narrative element: XHTML made by templates/fhir/narrative.xhtml, so Django escapes
    every text."""
    div = get_template("fhir/narrative.xhtml").render({"narrative": content}).strip()
    return {"status": status, "div": div}


def rows_table(rows: schema.Rows, values: list[dict]) -> NarrativeTable:
    """Repeatable rows as entered: a column per question, a row per entry."""
    return NarrativeTable(
        caption=plural(rows.noun).capitalize(),
        columns=tuple(question.label for question in rows.questions),
        rows=tuple(
            tuple(answer_text(question, row[question.key]) for question in rows.questions)
            for row in values
        ),
        rows_noun=rows.noun,
    )
