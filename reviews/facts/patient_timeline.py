"""A patient's timeline (their reviews over time): what changed between two reviews, and the
rows of the charts.

Pure functions over reviews in the interchange format (docs/format.md) (plain dicts, dates as ISO
strings), so the timeline page and the tests share them without a database. Like
`reviews.facts.rules`, nothing here judges: every sentence says what the newer review records
differently from the older one.

A treatment course is "the same" in two reviews when it has the same name (or kind) and the same
start date: a follow-up carries the rows forward unchanged, and a clinician who corrects a start
date sees the old row as no longer listed and the corrected one as added, which is what happened.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from reviews import schema
from reviews.charts.severity import SeverityPoint
from reviews.charts.timeline import Bar
from reviews.choices import SCALE_RANGES, InfoSource, SafetyAnswer, Scale
from reviews.facts.dates import PartialDate
from reviews.facts.phrases import date_span
from reviews.facts.rules import OPEN_VALUES
from reviews.words import in_sentence, label

# The answers compared between two reviews, in format order: every assessment, and the safety
# section's PHQ-9 item 9 score (a count, so no assessment, but a safety answer that can change).
COMPARED_ANSWERS: tuple[str, ...] = tuple(
    schema.path(section, question)
    for section in schema.SECTIONS
    for question in section.questions
    if question.is_assessment or (section is schema.SAFETY and question.kind is schema.Kind.COUNT)
)
# How a change sentence names each answer ("Psychiatrist involved: no → yes").
ANSWER_SUBJECTS: dict[str, str] = {
    schema.path(section, question): question.name
    for section in schema.SECTIONS
    for question in section.questions
    if schema.path(section, question) in COMPARED_ANSWERS
}


def changes_between(older: dict, newer: dict) -> tuple[str, ...]:
    """What `newer` records differently from `older`, as plain sentences in a fixed order:
    medication trials added, ended and no longer listed; the latest score of each rating scale
    where it differs; assessments and safety answers changed; psychotherapies and procedures
    added and no longer listed. Empty when none of these differ (where a row came from is
    beside the row in its table, not repeated here)."""
    return (
        *_trial_changes(older["medication_trials"], newer["medication_trials"]),
        *_score_changes(older, newer),
        *_assessment_changes(older, newer),
        *_courses_added("Psychotherapy", "modality", older, newer, "psychotherapies"),
        *_courses_added("Procedure", "kind", older, newer, "procedures"),
    )


def trial_key(row: dict) -> tuple[str, str | None]:
    """Which course of a medicine a trial row describes: the drug (ignoring case) and its start."""
    return (row["drug"].strip().casefold(), row["start"] or None)


def timeline_bars(reviews: Sequence[dict]) -> list[Bar]:
    """The medication trials of a patient's reviews (in visit order) as timeline bars, one per
    course: a trial carried forward through several reviews is drawn once, as the latest review
    listing it records it.

    A trial ongoing at a review that a later review no longer lists is drawn up to that review's
    visit and says so, rather than running on to the latest visit as if still known to continue.
    """
    if not reviews:
        return []
    latest_visit = _as_date(reviews[-1]["visit_date"])
    last_seen: dict[tuple[str, str | None], tuple[dict, date | None]] = {}
    for review in reviews:
        for row in review["medication_trials"]:
            last_seen[trial_key(row)] = (row, _as_date(review["visit_date"]))
    bars = []
    for row, seen_at in last_seen.values():
        name = _drug_name(row)
        start, end = _first_day(row["start"]), _last_day(row["end"])
        ongoing = row.get("ongoing", "yes" if not end else "no") == "yes"
        if start is None:
            bars.append(Bar(name, "medication", None, end))
        elif ongoing and seen_at != latest_visit and seen_at is not None:
            bars.append(
                Bar(f"{name} (last listed {seen_at.isoformat()})", "medication", start, seen_at)
            )
        else:
            bars.append(Bar(name, "medication", start, end, ongoing=ongoing and end is None))
    return bars


def latest_scores(data: dict) -> dict[str, dict]:
    """The newest score of each scale of a review, by scale code, with its "day" (a score without
    a date counts on the visit date)."""
    latest: dict[str, dict] = {}
    for score in data["episode"]["severity_scores"]:
        day = score["date"] or data["visit_date"]
        if score["scale"] not in latest or day >= latest[score["scale"]]["day"]:
            latest[score["scale"]] = {**score, "day": day}
    return latest


def score_source(score: dict) -> str:
    """Where a score came from, when recorded ("Patient report"); "" when not recorded."""
    code = score.get("info_source") or "unknown"
    return "" if code == "unknown" else label(InfoSource, code)


def scale_name(code: str) -> str:
    """How a rating scale is named on the page: "PHQ-9" for "phq9"."""
    return Scale(code).label if code in Scale.values else code


def severity_points(reviews: Iterable[dict]) -> list[SeverityPoint]:
    """Every severity score of the reviews, oldest first; a score without a date counts on its
    review's visit date. The same scale on the same day in two reviews is one point (the later
    review's)."""
    points: dict[tuple[str, date], SeverityPoint] = {}
    for review in reviews:
        visit = _as_date(review["visit_date"])
        for score in review["episode"]["severity_scores"]:
            # A score dated to a month or a year is placed on its first day.
            day = _first_day(score["date"]) or visit
            if day is None:
                continue
            scale = score["scale"]
            points[(scale, day)] = SeverityPoint(
                scale=scale_name(scale),
                day=day,
                score=score["score"],
                maximum=SCALE_RANGES.get(scale, (0, score["score"]))[1],
            )
    return sorted(points.values(), key=lambda point: (point.day, point.scale))


# --- Pieces ---


def _trial_changes(older: list[dict], newer: list[dict]) -> list[str]:
    added, ended, dropped = [], [], []
    older_by_key = _by_key(older, trial_key)
    newer_by_key = _by_key(newer, trial_key)
    for key, rows in newer_by_key.items():
        before = older_by_key.get(key, [])
        for index, row in enumerate(rows):
            if index >= len(before):
                added.append(f"Trial added: {_trial_name(row)}{_span(row)}.")
            elif not before[index]["end"] and row["end"]:
                # Recorded as ended before, only its date is new: not a change in treatment.
                what = "end date recorded" if before[index]["ongoing"] == "no" else "ended"
                ended.append(f"Trial {what}: {_drug_name(row)} on {row['end']}.")
    for key, rows in older_by_key.items():
        kept = len(newer_by_key.get(key, []))
        dropped += [
            f"Trial no longer listed: {_trial_name(row)}{_span(row)}." for row in rows[kept:]
        ]
    return added + ended + dropped


def _score_changes(older: dict, newer: dict) -> list[str]:
    """ "PHQ-9: 18 on 2026-01-10 → 12 on 2026-02-21." for each scale whose latest score (or its
    date) differs; described, never called better or worse."""
    before, after = latest_scores(older), latest_scores(newer)
    sentences = []
    for scale in sorted(before.keys() | after.keys()):
        old, new = before.get(scale), after.get(scale)
        if old and new and (old["score"], old["day"]) == (new["score"], new["day"]):
            continue
        was = _score_text(old) if old else "not recorded"
        now = _score_text(new) if new else "not recorded in this review"
        sentences.append(f"{scale_name(scale)}: {was} → {now}.")
    return sentences


def _score_text(score: dict) -> str:
    return f"{score['score']} on {score['day']}" if score["day"] else str(score["score"])


def _assessment_changes(older: dict, newer: dict) -> list[str]:
    changed, left_open = [], []
    for path in COMPARED_ANSWERS:
        before, after = schema.answer(older, path), schema.answer(newer, path)
        if before == after:
            continue
        subject = ANSWER_SUBJECTS[path]
        if _is_open(after) and not _is_open(before):
            # A follow-up starts these afresh: "not recorded this time" is no finding about the
            # patient, so they are named together rather than one "yes → unknown" line each.
            left_open.append(
                subject if subject[1:2].isupper() else subject[:1].lower() + subject[1:]
            )
        else:
            was, now = _answer_text(path, before), _answer_text(path, after)
            changed.append(f"{subject}: {was} → {now}.")
    if left_open:
        changed.append(f"Recorded before, not recorded in this review: {', '.join(left_open)}.")
    return changed


def _courses_added(noun: str, name_key: str, older: dict, newer: dict, section: str) -> list[str]:
    """Rows of `section` added, then those no longer listed, as for trials: a row whose start
    was corrected is both, so neither reads as one more course tried."""

    def key(row: dict) -> tuple[str, str | None]:
        return (row[name_key], row["start"] or None)

    def described(row: dict) -> str:
        details = []
        if row["sessions"] is not None:
            details.append(f"{row['sessions']} session" + ("" if row["sessions"] == 1 else "s"))
        if span := date_span(row):
            details.append(span)
        return ", ".join([in_sentence(row[name_key]), *details])

    def unmatched(rows: list[dict], others: list[dict]) -> list[dict]:
        left = Counter(key(row) for row in others)
        found = []
        for row in rows:
            if left[key(row)] > 0:
                left[key(row)] -= 1
            else:
                found.append(row)
        return found

    return [
        *(f"{noun} added: {described(row)}." for row in unmatched(newer[section], older[section])),
        *(
            f"{noun} no longer listed: {described(row)}."
            for row in unmatched(older[section], newer[section])
        ),
    ]


def _is_open(answer) -> bool:
    """Nothing recorded: an assessment left open, or a score left empty."""
    return answer is None or answer in OPEN_VALUES


def _answer_text(path: str, answer) -> str:
    """An answer in a change sentence; a safety item left open reads "not asked", as on the
    screens and the sheet."""
    if answer is None:
        return "not recorded"
    if isinstance(answer, int):
        return str(answer)
    if schema.question(path).value_set is SafetyAnswer:
        return label(SafetyAnswer, answer).lower()
    return in_sentence(answer)


def _by_key(rows: list[dict], key) -> dict:
    grouped: dict = {}
    for row in rows:
        grouped.setdefault(key(row), []).append(row)
    return grouped


def _drug_name(row: dict) -> str:
    return row["drug"].strip() or "unnamed medicine"


def _trial_name(row: dict) -> str:
    return f"{_drug_name(row)} ({in_sentence(row['drug_class'])})"


def _span(row: dict) -> str:
    span = date_span(row)
    return f", {span}" if span else ""


def _first_day(value: str | None) -> date | None:
    """The earliest day a date known to a year, month or day can be (None when not known)."""
    partial = PartialDate.of(value)
    return partial.earliest if partial else None


def _last_day(value: str | None) -> date | None:
    partial = PartialDate.of(value)
    return partial.latest if partial else None


def _as_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None  # §5 dates are ISO strings or null
