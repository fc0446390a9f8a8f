"""The values of the documentation sheet's items: each extractor reads what its item names
(reviews/printing/documentation_items.py) from the review in the format and its trial facts, and
gives display text, or rows of it, "" or [] when the review records nothing there."""

import datetime
from collections.abc import Callable, Iterable

from reviews import schema
from reviews.choices import (
    SCALE_RANGES,
    Benefit,
    DrugClass,
    InfoSource,
    Modality,
    ProcedureKind,
    Response,
    SafetyAnswer,
    Scale,
    StopReason,
    TrialAdherence,
    YesNo,
)
from reviews.facts import patient_timeline, phrases, strategies, trials
from reviews.facts.dates import PartialDate
from reviews.facts.phrases import count_of
from reviews.printing import procedure_detail
from reviews.printing.documentation_items import (
    SAFETY_QUESTIONS,
    STIMULATION_AND_KETAMINE,
    Item,
)
from reviews.printing.ledger import count_lines
from reviews.words import label


def sheet_text(dotted: str, value) -> str:
    """One answer as the screens label it; "" when it is open (unknown, not assessed, empty)."""
    if value is None or value == "" or value in schema.OPEN_VALUES:
        return ""
    value_set = schema.question(dotted).value_set
    return label(value_set, value) if value_set is not None else str(value)


def _answer(value_set, code: str) -> str:
    """A row's answer as labelled; "not recorded" for one left open, never "Unknown" as if
    somebody had been asked (as the scores' source reads)."""
    return "not recorded" if code in schema.OPEN_VALUES else label(value_set, code)


def _episode(data: dict, item: Item, facts: trials.TrialFacts) -> str:
    episode = data["episode"]
    parts = []
    if episode["onset"]:
        parts.append(f"Onset {episode['onset']}")
    if episode["duration_months"] is not None:
        parts.append(count_of(episode["duration_months"], "month"))
    if episode["prior_episodes"] is not None:
        parts.append(count_of(episode["prior_episodes"], "prior episode"))
    if episode["age_first_episode"] is not None:
        parts.append(f"age at first episode {episode['age_first_episode']}")
    return "; ".join(parts)


def _answers(data: dict, item: Item, facts: trials.TrialFacts) -> str:
    """Each answered question of the item: "Alcohol: Heavy; Cannabis: No"."""
    texts = {dotted: sheet_text(dotted, schema.answer(data, dotted)) for dotted in item.paths}
    if not any(texts.values()):
        return ""
    return "; ".join(
        f"{schema.question(dotted).name}: {text or 'not recorded'}"
        for dotted, text in texts.items()
    )


def _safety(data: dict, item: Item, facts: trials.TrialFacts) -> str:
    """Every safety question with its answer, "Not asked" included, and the PHQ-9 item 9 score
    when recorded; "" when nothing was asked."""
    answers = [
        (question, schema.answer(data, dotted))
        for question, dotted in zip(SAFETY_QUESTIONS, item.paths, strict=True)
    ]
    if all(value in (SafetyAnswer.UNKNOWN, None) for _question, value in answers):
        return ""
    return "; ".join(
        f"{question.name}: {label(SafetyAnswer, value) if question.value_set else value}"
        for question, value in answers
        if value is not None
    )


def _monitoring(data: dict, item: Item, facts: trials.TrialFacts) -> str:
    checked = sheet_text(item.paths[0], schema.answer(data, item.paths[0]))
    day = schema.answer(data, item.paths[1])
    if not checked:
        return f"Date of a check: {day}" if day else ""
    return f"{checked}, on {day}" if day else checked


def _days_before(visit: datetime.date, day: PartialDate) -> str:
    """Days from a score's date to the visit: "16"; a range for a date known to the month or
    year ("0–29"); a patient's PHQ-9, dated the day they sent it, may follow the visit."""
    most, least = (visit - day.earliest).days, (visit - day.latest).days
    if least >= 0:
        return str(most) if most == least else f"{least}–{most}"
    if most < 0:
        return f"{-most} after the visit" if most == least else f"{-most}–{-least} after the visit"
    return f"{most} before to {-least} after the visit"


def _latest_scores(data: dict, item: Item, facts: trials.TrialFacts) -> list[dict[str, str]]:
    """The newest score of each scale; a score without a date counts as of the visit."""
    visit = datetime.date.fromisoformat(data["visit_date"]) if data["visit_date"] else None
    latest: dict[str, dict] = {}
    for score in data["episode"]["severity_scores"]:
        day = score["date"] or data["visit_date"] or ""
        if score["scale"] not in latest or day >= latest[score["scale"]]["_day"]:
            latest[score["scale"]] = {**score, "_day": day}
    rows = []
    for scale, score in sorted(latest.items()):
        maximum = SCALE_RANGES.get(scale, (0, None))[1]
        days = "—"
        day = PartialDate.of(score["date"])
        if day is not None and visit is not None:
            days = _days_before(visit, day)
        rows.append(
            {
                "scale": label(Scale, scale),
                "score": f"{score['score']}" + (f" / {maximum}" if maximum else ""),
                "date": score["date"] or "not recorded",
                "days_before_visit": days,
                "information_from": patient_timeline.score_source(score) or "not recorded",
            }
        )
    return rows


def _course_row(course: trials.Course, facts: trials.TrialFacts) -> dict[str, str]:
    last = course.last
    end = "ongoing" if course.ongoing else (course.end.text if course.end else "?")
    dates = "—" if course.start is None and end == "?" else f"{course.start or '?'} – {end}"
    marks = {row["dose_adequate"] for row in course.rows}
    weeks = course.weeks_at_adequate_dose
    typed = [row["weeks"] for row in course.rows if row["weeks"] is not None]
    if "yes" not in marks:
        why = "dose adequacy not recorded" if "unknown" in marks else "no dose marked adequate"
        weeks_text = f"{sum(typed)} entered; {why}" if typed else why
    elif weeks is None:
        weeks_text = "not known"
    else:
        weeks_text = (
            f"{weeks}"
            + (" so far" if course.ongoing else "")
            + (" (from dates)" if course.weeks_from_dates else "")
        )
    response = _answer(Response, course.response)
    if last["improvement_percent"] is not None:
        response += f", {last['improvement_percent']}% improvement"
    stopped = _answer(StopReason, last["stopped_because"])
    detail = last["reason_stopped"].strip()
    if detail and detail.casefold() != stopped.casefold():
        stopped = detail if last["stopped_because"] == "unknown" else f"{stopped}: {detail}"
    sources = []
    for row in course.rows:
        source = _answer(InfoSource, row["info_source"])
        if source not in sources:
            sources.append(source)
    return {
        "medicine": course.drug,
        "class": label(DrugClass, course.drug_class),
        "dates": dates,
        "highest_dose": _highest_dose(course),
        "dose_marked_adequate": " / ".join(_answer(YesNo, mark) for mark in sorted(marks)),
        "weeks_at_adequate_dose": weeks_text,
        "adherence": _answer(TrialAdherence, course.adherence),
        "response": response,
        "why_stopped": stopped,
        "information_from": ", ".join(sources),
        "notes": _notes((_begun_together(course, facts), *(row["notes"] for row in course.rows))),
    }


def _highest_dose(course: trials.Course) -> str:
    """The highest dose entered, with the US label's range beside it (label_doses.RULE)."""
    dose = "—" if course.max_dose is None else f"{float(course.max_dose):g} mg/day"
    entry = course.label_dose
    if not (entry and entry.compact):
        return dose
    return f"{dose} ({entry.compact})"


def _begun_together(course: trials.Course, facts: trials.TrialFacts) -> str:
    """ "Begun together with mirtazapine: one treatment step." for a course in a step."""
    for step in facts.steps:
        if step.combined and any(member is course for member in step.courses):
            others = [member.drug for member in step.courses if member is not course]
            return f"Begun together with {' and '.join(others)}: one treatment step."
    return ""


def _notes(notes: Iterable[str]) -> str:
    """Row notes, each once, in the order entered: "50 mg; raised to 100 mg"."""
    kept: list[str] = []
    for note in (note.strip() for note in notes):
        if note and note not in kept:
            kept.append(note)
    return "; ".join(kept)


def _trial_counts(data: dict, item: Item, facts: trials.TrialFacts) -> str:
    """The counts as page 1 of the summary prints them (ledger.count_lines), a sentence per
    scope: "All recorded trials: 2 counted · 1 ongoing at ≥4 and ≥6 weeks; 1 counted at ≥8
    weeks; 1 stopped for side effects (any weeks)."; "" when no medication trial is recorded."""
    if not facts.courses:
        return ""
    sentences = []
    for line in count_lines(facts):
        if len(line.cells) == 1:  # the onset is not recorded
            sentences.append(f"{line.label}: {line.cells[0].text}.")
            continue
        *at_weeks, stopped = [cell.text for cell in line.cells]
        shown = list(zip(trials.THRESHOLDS, at_weeks, strict=True))
        parts = [
            f"{text} at {phrases.in_words([f'≥{w}' for w, t in shown if t == text])} weeks"
            for text in dict.fromkeys(at_weeks)
        ]
        parts.append(f"{stopped} stopped for side effects (any weeks)")
        sentences.append(f"{line.label}: {'; '.join(parts)}.")
    return " ".join(sentences)


def _side_effect_courses(data: dict, item: Item, facts: trials.TrialFacts) -> str:
    """ "citalopram (2024-07-01 – 2024-07-22, this episode): Side effects: nausea"; the
    course's whole line is among the antidepressant courses above."""
    lines = []
    for course in facts.antidepressant_courses:
        if course.stopped_for_side_effects:
            row = _course_row(course, facts)
            place = EPISODE_PLACES[course.in_current_episode]
            # A stop the patient reported before the visit reads as theirs here too, as in the
            # courses table's "Information from" (records and pharmacy are said there only).
            if any(r["info_source"] == "patient_report" for r in course.rows):
                place += "; patient report"
            lines.append(f"{row['medicine']} ({row['dates']}, {place}): {row['why_stopped']}")
    return "; ".join(lines)


def _current_courses(data: dict, item: Item, facts: trials.TrialFacts) -> list[dict[str, str]]:
    return [
        _course_row(course, facts)
        for course in facts.antidepressant_courses
        if course.in_current_episode is True
    ]


EPISODE_PLACES = {
    True: "this episode",
    False: "before this episode",
    None: "cannot tell: onset or dates not recorded",
}


def _other_courses(data: dict, item: Item, facts: trials.TrialFacts) -> list[dict[str, str]]:
    rows = []
    for course in facts.antidepressant_courses:
        if course.in_current_episode is not True:
            row = _course_row(course, facts)
            rows.append({**row, "episode": EPISODE_PLACES[course.in_current_episode]})
    return rows


def _augmentations(data: dict, item: Item, facts: trials.TrialFacts) -> list[dict[str, str]]:
    return [
        {**_course_row(course, facts), "how": how}
        for course, how in strategies.augmentations(facts)
    ]


def _dates(row: dict) -> str:
    if not (row["start"] or row["end"]):
        return "—"
    return f"{row['start'] or '?'} – {row['end'] or '?'}"


def _with_source(text: str, row: dict) -> str:
    """ "CBT (patient report)" when the row records where it came from."""
    source = row.get("info_source") or "unknown"
    return text if source == "unknown" else f"{text} ({label(InfoSource, source).lower()})"


def _count(value) -> str:
    return "—" if value is None else str(value)


def _psychotherapies(data: dict, item: Item, facts: trials.TrialFacts) -> list[dict[str, str]]:
    return [
        {
            "modality": _with_source(label(Modality, row["modality"]), row),
            "sessions": _count(row["sessions"]),
            "dates": _dates(row),
            "benefit": _answer(Benefit, row["benefit"]),
            "notes": _notes([row["notes"]]),
        }
        for row in data["psychotherapies"]
    ]


def _procedures(kinds: Callable[[str], bool]):
    def extract(data: dict, item: Item, facts: trials.TrialFacts) -> list[dict[str, str]]:
        return [
            {
                "kind": _with_source(label(ProcedureKind, row["kind"]), row),
                "sessions": _count(row["sessions"]),
                "dates": _dates(row),
                "response": _answer(Response, row["response"]),
                "relapse": _answer(YesNo, row["relapse"]),
                "protocol": procedure_detail.treatment_text(row.get) or "—",
                "scores": procedure_detail.scores_text(row.get) or "—",
                "notes": _notes([row["notes"]]),
            }
            for row in data["procedures"]
            if kinds(row["kind"])
        ]

    return extract


def _count_rules(facts: trials.TrialFacts) -> str:
    """The rules behind the figures the sheet prints, in page 1's words: ongoing and uncertain
    only where such a figure is printed, a treatment step only where the review has one."""
    counts = [facts.counts(current_episode=scope) or {} for scope in (True, False)]
    shown = [count for scope in counts for count in scope.values()]
    keys = [
        "failed",
        *(["ongoing"] if any(count.ongoing for count in shown) else []),
        *(["uncertain"] if any(count.uncertain for count in shown) else []),
        "current_episode",
        "side_effects",
        *(["step"] if any(step.combined for step in facts.steps) else []),
    ]
    return " ".join(trials.DEFINITIONS[key] for key in keys)


# The rules printed under a computed item.
NOTES: dict[str, Callable[[trials.TrialFacts], str]] = {"trial_counts": _count_rules}

EXTRACTORS: dict[str, Callable[[dict, Item, trials.TrialFacts], str | list[dict[str, str]]]] = {
    "episode": _episode,
    "answers": _answers,
    "safety": _safety,
    "monitoring": _monitoring,
    "scores": _latest_scores,
    "trial_counts": _trial_counts,
    "side_effect_courses": _side_effect_courses,
    "current_courses": _current_courses,
    "other_courses": _other_courses,
    "augmentations": _augmentations,
    "psychotherapies": _psychotherapies,
    "stimulation_and_ketamine": _procedures(lambda kind: kind in STIMULATION_AND_KETAMINE),
    "other_procedures": _procedures(lambda kind: kind not in STIMULATION_AND_KETAMINE),
}
