"""Plain descriptive words for recorded entries: the sentence pieces that findings.py builds
each category's findings from ("rTMS: 32 sessions, 2021-01-10 to 2021-02-25, remission.").
They repeat what the review recorded; none judges it. Pure: no request, no database.
"""

from collections.abc import Sequence

from reviews import schema
from reviews.facts.rules import OPEN_VALUES
from reviews.facts.trials import Course
from reviews.words import in_sentence

# "response" is both the field and one of its values, so its values get whole phrases.
RESPONSE_PHRASES: dict[str, str] = {
    "none": "no response",
    "partial": "partial response",
    "response": "response",
    "remission": "remission",
    "lost_response": "response lost",
}


def capitalised(text: str) -> str:
    # "rTMS" and "iTBS" keep their lower-case first letter.
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].upper() + text[1:]


def count_of(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def in_words(items: Sequence[str]) -> str:
    """ "a, b and c": a list as a sentence says it."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def listing(prefix: str, items: list[str]) -> list[str]:
    return [f"{prefix}: {', '.join(items)}."] if items else []


def note_line(prefix: str, text: str) -> list[str]:
    text = text.strip()
    if not text:
        return []
    return [f"{prefix}: {text}" + ("" if text[-1] in ".!?" else ".")]


def recorded_as(subject: str, code: str, words: dict[str, str] | None = None) -> str:
    if code == "unknown":
        return f"{subject} not recorded."
    if code == "not_assessed":
        return f"{subject} not assessed."
    return f"{subject} recorded as {(words or {}).get(code, in_sentence(code))}."


def states(data: dict, paths: Sequence[str], shown: frozenset[str] | None = None) -> list[str]:
    """One sentence per answer at `paths` (dotted, docs/format.md) whose value is in `shown`
    (every value when None) or still open, naming each question as the schema does."""
    return [
        recorded_as(schema.question(path).name, schema.answer(data, path))
        for path in paths
        if shown is None or schema.answer(data, path) in shown | OPEN_VALUES
    ]


def answer_notes(data: dict, path: str) -> list[str]:
    """The notes at `path`, named as the schema names them: "Substance use notes: …"."""
    return note_line(schema.question(path).name, schema.answer(data, path))


def dose_text(course: Course) -> str:
    dose = course.max_dose
    if dose is None:
        return course.drug
    # float() so 150, 150.0 and Decimal("150.00") all read "150", and 37.5 reads "37.5".
    return f"{course.drug} {float(dose):g} mg/day"


def row_dose(row) -> str:
    name = row["drug"].strip() or "unnamed medicine"
    dose = row["max_daily_dose_mg"]
    return name if dose is None else f"{name} {float(dose):g} mg/day"


def date_span(row: dict) -> str:
    start, end = row["start"], row["end"]
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return ""


def outcomes(row: dict) -> list[str]:
    # Trials and procedures record a response, therapies a benefit, procedures a relapse.
    parts = []
    if row.get("response", "unknown") != "unknown":
        parts.append(RESPONSE_PHRASES[row["response"]])
    if row.get("benefit", "unknown") != "unknown":
        parts.append(f"benefit {row['benefit']}")
    if row.get("relapse", "unknown") != "unknown":
        parts.append(f"relapse {row['relapse']}")
    return parts


def course_line(name: str, row: dict) -> str:
    """A therapy or procedure row: "rTMS: 32 sessions, 2021-01-10 to 2021-02-25, remission."."""
    parts = []
    if row["sessions"] is not None:
        parts.append(count_of(row["sessions"], "session"))
    if span := date_span(row):
        parts.append(span)
    parts += outcomes(row)
    return f"{capitalised(name)}: {', '.join(parts) or 'no details recorded'}."


def weeks_text(course: Course) -> str:
    weeks = course.weeks_at_adequate_dose
    if weeks is None:
        return "weeks at an adequate dose not known"
    text = f"{weeks} week{'' if weeks.high == 1 else 's'} at an adequate dose"
    return text + (" (from dates, may include titration)" if course.weeks_from_dates else "")


# Beside a course the patient still takes: its weeks and response are so far, not an outcome.
STILL_TAKEN = "still taken at the visit"


def course_brief(course: Course) -> str:
    """A course: "aripiprazole (antipsychotic, 6 weeks at an adequate dose, partial response)";
    one still taken says so before its weeks."""
    parts = [
        in_sentence(course.drug_class),
        *([STILL_TAKEN] if course.ongoing else []),
        weeks_text(course),
        *outcomes(course.last.data),
    ]
    return f"{course.drug} ({', '.join(parts)})"
