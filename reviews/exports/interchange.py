"""The interchange format (docs/format.md): a review as a plain dict.

The format's layout is schema.PARTS, in its key order: `export_review` walks it to build the
dict. `upgrade_v1` reads a version-1 file in version 2's terms; `trials_as_procedures` moves a
final review's esketamine and ketamine trials to its procedures when it is amended or followed up.
Checking a file on its way in is importing.py's job (it feeds every part to the walk-through's
forms); nothing here writes or validates.
"""

import datetime
import decimal
from typing import Any

from reviews import schema
from reviews.facts import dates, drugs
from reviews.models import Review

FORMAT = "trdreview/review"
FORMAT_VERSION = 3  # docs/format.md; version 1 files are upgraded on import (upgrade_v1)

HEADER_KEYS = ("format", "format_version")
TOP_LEVEL_KEYS: tuple[str, ...] = (
    *HEADER_KEYS,
    *(key for part in schema.PARTS for key in ((part.key,) if part.key else part.keys)),
)


def export_review(review: Review) -> dict:
    """The review in the §5 format: every key, in §5 order; rows in the order they were entered.

    One query per row table (none when the caller prefetched them).
    """
    data: dict[str, Any] = {"format": FORMAT, "format_version": FORMAT_VERSION}
    for part in schema.PARTS:
        if isinstance(part, schema.Rows):
            data[part.key] = _export_rows(review, part)
        elif part.key is None:
            data.update(_export_section(review, part))
        else:
            data[part.key] = _export_section(review, part)
    return data


def _export_section(review: Review, section: schema.Section) -> dict:
    values = {
        question.key: _json_value(getattr(review, section.column(question)))
        for question in section.questions
    }
    for rows in section.rows:
        values[rows.key] = _export_rows(review, rows)
    return values


def _export_rows(review: Review, rows: schema.Rows) -> list[dict]:
    # .all() keeps a prefetched cache usable; the tables are ordered by id.
    return [
        {key: _json_value(getattr(row, key)) for key in rows.keys}
        for row in getattr(review, rows.key).all()
    ]


def _json_value(value: object) -> object:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        # A dose reads as written: 150, not 150.00; 37.5, not "37.50".
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return list(value)
    return value


def upgrade_v1(data: dict) -> dict:
    """A version-1 review in version 2's terms, by the rules of migration 0003: an empty end after
    a start meant "ongoing", and an ongoing trial has not stopped. Other new keys take their
    defaults (given for depression). Leaves `data` unchanged; anything malformed is left for the
    checks to report."""
    trials = data.get("medication_trials")
    if not isinstance(trials, list):
        return data
    upgraded = []
    for trial in trials:
        if isinstance(trial, dict) and "ongoing" not in trial:
            ongoing = "yes" if trial.get("start") and not trial.get("end") else "unknown"
            if trial.get("end"):
                ongoing = "no"
            trial = {**trial, "ongoing": ongoing}
            if ongoing == "yes":
                trial.setdefault("stopped_because", "not_stopped")
        upgraded.append(trial)
    return {**data, "medication_trials": upgraded}


# What a trial row keeps as a procedure row besides its dates; anything else it records is listed
# in the procedure's notes. The class says nothing a procedure's kind does not.
KEPT_AS_PROCEDURE = ("drug", "drug_class", "response", "notes")


def trials_as_procedures(data: dict) -> dict:
    """`data` with each medication trial whose drug is esketamine or ketamine
    (`drugs.procedure_for`) moved to the end of its procedures, by the rules of migration 0014.

    For a final review recorded before the medication form refused such rows: amending it or
    following it up starts a draft, which has to pass the forms. Leaves `data` unchanged.
    """
    kept, moved = [], []
    for row in data["medication_trials"]:
        procedure = drugs.procedure_for(row["drug"])
        if procedure is None:
            kept.append(row)
        else:
            moved.append(_as_procedure(row, procedure.kind))
    if not moved:
        return data
    return {**data, "medication_trials": kept, "procedures": [*data["procedures"], *moved]}


def _as_procedure(trial: dict, kind: str) -> dict:
    """A trial row as a procedure: the response and the notes kept, sessions and relapse not
    known; a procedure's dates are exact, so a date known to a month or a year goes to the notes,
    as written, with whatever else the trial recorded that a procedure has no field for."""
    exact = {key: trial[key] if _exact(trial[key]) else None for key in ("start", "end")}
    kept = {*KEPT_AS_PROCEDURE, *(key for key, value in exact.items() if value)}
    left = [
        f"{question.label}: {_value_text(question, trial[question.key])}"
        for question in schema.MEDICATION_TRIALS.questions
        if question.key not in kept
        and trial[question.key] not in (question.default, None, "", *schema.OPEN_VALUES)
    ]
    line = f'Moved from medication trials (entered as "{trial["drug"]}"'
    line += "".join(f"; {item}" for item in left) + ")."
    return {
        "kind": kind,
        "sessions": None,
        **exact,
        "response": trial["response"],
        "relapse": "unknown",
        "notes": "\n".join(text for text in (trial["notes"], line) if text),
    }


def _exact(value: str | None) -> bool:
    return value is not None and dates.PartialDate.parse(value).exact


def _value_text(question: schema.Question, value: object) -> str:
    if question.value_set is not None:
        return str(question.value_set(str(value)).label)
    return str(value)
