"""A review's answers as the summary page and the PDF list them: each step's questions with the
answer's text, and its repeatable rows as tables. Labels and choice texts come from the schema,
the one declaration of the questions (no form is needed to read a stored answer)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reviews import schema
from reviews.choices import InfoSource
from reviews.facts import drugs
from reviews.facts.trials import TrialFacts
from reviews.models import Review
from reviews.printing import procedure_detail
from reviews.steps import STEPS
from reviews.words import answer_text, label


@dataclass(frozen=True)
class Answer:
    label: str
    text: str


@dataclass(frozen=True)
class Table:
    """Repeatable rows of a section: column labels and one tuple of texts per row."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class AnswerSection:
    title: str
    answers: tuple[Answer, ...]
    tables: tuple[Table, ...]


def answer_sections(review: Review, trials: TrialFacts) -> tuple[AnswerSection, ...]:
    """Every step's answers in walk-through order; `trials` (trials.trial_facts of the review)
    gives the medication table its counted weeks."""
    sections = []
    for step in STEPS:
        answers: tuple[Answer, ...] = ()
        if step.section is not None:
            answers = tuple(
                Answer(question.label, answer_text(question, getattr(review, column)))
                for column, question in zip(
                    step.section.columns, step.section.questions, strict=True
                )
            )
        tables: tuple[Table, ...] = ()
        if step.rows is schema.MEDICATION_TRIALS:
            tables = (_trials_table(review, trials),)
        elif step.rows is not None:
            title = step.row_name.capitalize()
            title = title[:-1] + "ies" if title.endswith("y") else title + "s"
            tables = (_rows_table(title, step.rows, getattr(review, step.rows.key).all()),)
        sections.append(AnswerSection(step.title, answers, tables))
    return tuple(sections)


def _rows_table(title: str, rows: schema.Rows, stored) -> Table:
    if rows is schema.PROCEDURES:
        return _procedures_table(title, stored)
    questions = [question for question in rows.questions if question.key != "info_source"]
    return Table(
        title=title,
        columns=tuple(question.label for question in questions),
        rows=tuple(
            tuple(
                _with_source(row, answer_text(question, getattr(row, question.key)), first)
                for first, question in enumerate(questions)
            )
            for row in stored
        ),
    )


def _with_source(row, text: str, place: int) -> str:
    """A row's first cell with where its information came from, when recorded: "CBT
    (information from: Patient report)", as a score prints it; no column of its own, so the
    tables keep their width."""
    source = getattr(row, "info_source", "unknown")
    if place or source == "unknown":
        return text
    return f"{text} (information from: {label(InfoSource, source)})"


def _procedures_table(title: str, stored) -> Table:
    """The procedures with their detail (protocol, target, placement, scores) in one column, so
    that the table keeps to its half of the page; the notes column only when a row has notes."""
    question = schema.PROCEDURES.question
    keys = ["kind", "sessions", "start", "end", "response", "relapse", "detail", "notes"]
    if not any(row.notes.strip() for row in stored):
        keys.remove("notes")
    return Table(
        title=title,
        columns=tuple("Detail" if key == "detail" else question(key).label for key in keys),
        rows=tuple(
            tuple(
                _with_source(row, _procedure_cell(row, key), place)
                for place, key in enumerate(keys)
            )
            for row in stored
        ),
    )


def _procedure_cell(row, key: str) -> str:
    if key == "dates":
        return (
            "\u2014"
            if not (row.start or row.end)
            else f"{row.start or '?'} \u2013 {row.end or '?'}"
        )
    if key == "detail":
        return procedure_detail.detail_text(lambda name: getattr(row, name))
    return answer_text(schema.PROCEDURES.question(key), getattr(row, key))


def _drug(trial, counted) -> str:
    return drugs.display_name(trial.drug)


def _dates(trial, counted) -> str:
    if trial.ongoing == "yes":
        return f"{trial.start or '—'} – ongoing"
    return " – ".join(answer_text(None, day) for day in (trial.start, trial.end))


def _weeks(trial, counted) -> str:
    """Weeks at an adequate dose as the rules count them: entered, from the dates, or to the
    visit while ongoing."""
    if counted.weeks is None:
        return "—"
    if trial.dose_adequate != "yes":
        return "0 (dose not marked adequate)"
    return f"{counted.weeks}{' (from dates)' if counted.weeks_from_dates else ''}"


@dataclass(frozen=True)
class TrialColumn:
    """A column of the medication trials table: its heading, the row questions it shows, and
    how its cell is written (by default each answer as the screens show it, joined)."""

    title: str
    reads: tuple[str, ...]
    cell: Callable[[Any, Any], str] | None = None

    def text(self, trial, counted) -> str:
        if self.cell is not None:
            return self.cell(trial, counted)
        texts = [answer_text(_TRIAL(key), getattr(trial, key)) for key in self.reads]
        return ", ".join(text for text in texts if text != "—") or "—"


_TRIAL = schema.MEDICATION_TRIALS.question
# The medication questions the schema says this table shows (schema.Shown.TRIAL_TABLE) are
# exactly the ones these columns read: a test holds the two together.
TRIAL_COLUMNS: tuple[TrialColumn, ...] = (
    TrialColumn(_TRIAL("drug").label, ("drug",), _drug),
    TrialColumn("Class, role, given for", ("drug_class", "role", "given_for")),
    TrialColumn("Dates", ("start", "end", "ongoing"), _dates),
    TrialColumn(_TRIAL("weeks").label, ("weeks", "dose_adequate"), _weeks),
    *(
        TrialColumn(_TRIAL(key).label, (key,))
        for key in (
            "max_daily_dose_mg",
            "dose_adequate",
            "adherence",
            "response",
            "improvement_percent",
            "tolerability",
        )
    ),
    TrialColumn(_TRIAL("stopped_because").label, ("stopped_because", "reason_stopped")),
    TrialColumn(_TRIAL("info_source").label, ("info_source",)),
    TrialColumn(_TRIAL("notes").label, ("notes",)),
)


def _trials_table(review: Review, trials: TrialFacts) -> Table:
    """Medication trials, one row per trial row, one column per TRIAL_COLUMNS."""
    counted = {row.index: row for course in trials.courses for row in course.rows}
    return Table(
        title="Medication trials",
        columns=tuple(column.title for column in TRIAL_COLUMNS),
        rows=tuple(
            tuple(column.text(trial, counted[index]) for column in TRIAL_COLUMNS)
            for index, trial in enumerate(review.medication_trials.all())
        ),
    )
