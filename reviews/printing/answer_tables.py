"""A review's answers as the summary page and the PDF list them: each step's questions with the
answer's text, and its repeatable rows as tables. Labels and choice texts come from the schema,
the one declaration of the questions (no form is needed to read a stored answer)."""

import datetime
import decimal
from dataclasses import dataclass

from reviews import schema
from reviews.facts import drugs
from reviews.facts.trials import TrialFacts
from reviews.models import Review
from reviews.steps import STEPS


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


def answer_text(question: schema.Question | None, value) -> str:
    """A stored value as the screens show it: a choice's label, a date, a number, or text."""
    if value is None or value == "" or value == []:
        return "—"
    choices = dict(question.value_set.choices) if question and question.value_set else {}
    if isinstance(value, list):
        return ", ".join(str(choices.get(item, item)) for item in value)
    if choices:
        return str(choices.get(value, value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return f"{value.normalize():f}"  # 150.00 → "150", 37.50 → "37.5"
    return str(value)


def _rows_table(title: str, rows: schema.Rows, stored) -> Table:
    return Table(
        title=title,
        columns=tuple(question.label for question in rows.questions),
        rows=tuple(
            tuple(answer_text(question, getattr(row, question.key)) for question in rows.questions)
            for row in stored
        ),
    )


def _trials_table(review: Review, trials: TrialFacts) -> Table:
    """Medication trials, compact enough for a page: dates joined, weeks as the summary counts
    them (entered, or from the dates, or to the visit while ongoing)."""
    question = schema.MEDICATION_TRIALS.question
    weeks_by_row = {row.index: row for course in trials.courses for row in course.rows}
    rows = []
    for index, trial in enumerate(review.medication_trials.all()):
        counted = weeks_by_row[index]
        if trial.ongoing == "yes":
            dates = f"{trial.start or '—'} – ongoing"
        else:
            dates = " – ".join(answer_text(None, day) for day in (trial.start, trial.end))
        if counted.weeks is None:
            weeks = "—"
        elif trial.dose_adequate != "yes":
            weeks = "0 (dose not marked adequate)"
        else:
            weeks = f"{counted.weeks}{' (from dates)' if counted.weeks_from_dates else ''}"
        rows.append(
            (
                drugs.display_name(trial.drug),
                f"{answer_text(question('drug_class'), trial.drug_class)}, "
                f"{answer_text(question('role'), trial.role).lower()}",
                dates,
                weeks,
                answer_text(None, trial.max_daily_dose_mg),
                *(
                    answer_text(question(name), getattr(trial, name))
                    for name in ("dose_adequate", "adherence", "response", "tolerability")
                ),
                trial.reason_stopped or "—",
                answer_text(question("info_source"), trial.info_source),
                trial.notes or "—",
            )
        )
    return Table(
        title="Medication trials",
        columns=(
            "Drug",
            "Class, role",
            "Dates",
            "Weeks at an adequate dose",
            "Highest dose (mg/day)",
            "Dose adequate",
            "Adherence",
            "Response",
            "Tolerability",
            "Reason stopped",
            "Information from",
            "Notes",
        ),
        rows=tuple(rows),
    )
