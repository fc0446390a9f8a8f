"""The documentation sheet: what a review records on each item an insurance request for TMS,
esketamine or another treatment commonly asks about, in a fixed order (issue 16).

The items are data (`ITEMS`): an id, a label, the group it is printed under, the fields of the
review format it reads (`paths`) and, where a value is more than one answer, the named extractor
that reads them. `build` is a pure function from a reading of the review to the sheet. It
never weighs an entry against anyone's terms: an item shows what the review records, or "not
recorded in this review". The trial facts come from `reviews.facts.trials`, the one
implementation of the trial rules.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

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
from reviews.facts import phrases, trials
from reviews.facts.phrases import count_of
from reviews.printing.ledger import count_lines
from reviews.printing.sheet import Option, SheetKind
from reviews.reading import Header, Reading

NOT_RECORDED = "not recorded in this review"
SHEETS = ("summary", "documentation")
# What the sheet is printed for: only the title and the head-device item depend on it.
TREATMENTS: dict[str, str] = {"tms": "TMS", "esketamine": "esketamine", "other": "other treatment"}
TITLE = "Treatment history for an insurance request"
STATEMENT = (
    "This sheet lists, item by item and in a fixed order, what this review recorded, for the "
    "reader's own assessment. It weighs no entry against any payer's terms. An item reads "
    f'"{NOT_RECORDED}" when the review holds no entry for it. The entries are the '
    "clinician's own, who attests them by signing the printed sheet."
)

GROUPS: tuple[tuple[str, str], ...] = (
    ("patient", "Patient and current episode"),
    ("medicines", "Medication courses"),
    ("treatments", "Psychotherapy and procedures"),
    ("health", "Other conditions, safety and substance use"),
    ("plan", "Alongside the requested treatment"),
)


@dataclass(frozen=True)
class Column:
    key: str  # the key in the sheet's JSON
    label: str


@dataclass(frozen=True)
class Item:
    id: str
    label: str
    group: str
    paths: tuple[str, ...]  # the fields of the review format (docs/format.md) it reads
    extractor: str = ""  # a name in EXTRACTORS; empty: the one answer at paths[0]
    treatments: frozenset[str] = frozenset(TREATMENTS)  # the sheets it is printed on


COURSE_COLUMNS = (
    Column("medicine", "Medicine"),
    Column("class", "Class"),
    Column("dates", "Dates"),
    Column("highest_dose", "Highest dose"),
    Column("dose_marked_adequate", "Dose marked adequate"),
    Column("weeks_at_adequate_dose", "Weeks at an adequate dose"),
    Column("adherence", "Adherence"),
    Column("response", "Response"),
    Column("why_stopped", "Why stopped"),
    Column("information_from", "Information from"),
)
OTHER_COURSE_COLUMNS = (*COURSE_COLUMNS[:3], Column("episode", "Episode"), *COURSE_COLUMNS[3:])
AUGMENTATION_COLUMNS = (*COURSE_COLUMNS[:3], Column("how", "As recorded"), *COURSE_COLUMNS[3:])
THERAPY_COLUMNS = (
    Column("modality", "Modality"),
    Column("sessions", "Sessions"),
    Column("dates", "Dates"),
    Column("benefit", "Benefit"),
)
PROCEDURE_COLUMNS = (
    Column("kind", "Procedure"),
    Column("sessions", "Sessions"),
    Column("dates", "Dates"),
    Column("response", "Response"),
    Column("relapse", "Relapse afterwards"),
)
SCORE_COLUMNS = (
    Column("scale", "Scale"),
    Column("score", "Score"),
    Column("date", "Date"),
    Column("days_before_visit", "Days before the visit"),
)
COLUMNS: dict[str, tuple[Column, ...]] = {
    "scores": SCORE_COLUMNS,
    "current_courses": COURSE_COLUMNS,
    "other_courses": OTHER_COURSE_COLUMNS,
    "augmentations": AUGMENTATION_COLUMNS,
    "psychotherapies": THERAPY_COLUMNS,
    "stimulation_and_ketamine": PROCEDURE_COLUMNS,
    "other_procedures": PROCEDURE_COLUMNS,
}

STIMULATION_AND_KETAMINE = frozenset(
    {"rtms", "itbs", "ect", "ketamine_iv", "ketamine_oral", "esketamine"}
)
# Every safety question as the schema asks it, in its order: each yes / no / not asked item,
# and the PHQ-9 item 9 score (printed only when recorded). Not a list of our own: a question
# added to the schema is printed with the rest.
SAFETY_QUESTIONS: tuple[schema.Question, ...] = tuple(
    question
    for question in schema.SAFETY.questions
    if question.kind is schema.Kind.CHOICE or question.key == "phq9_item9"
)
SAFETY_PATHS = tuple(schema.path(schema.SAFETY, question) for question in SAFETY_QUESTIONS)
SUBSTANCE_PATHS = (
    "substance_use.alcohol",
    "substance_use.recreational_drugs",
    "substance_use.cannabis",
    "substance_use.being_addressed",
)

ITEMS: tuple[Item, ...] = (
    Item("adult", "Patient 18 or older", "patient", ("adult",)),
    Item(
        "diagnosis_code",
        "Diagnosis code (ICD-10-CM), as entered",
        "patient",
        ("episode.diagnosis_code",),
    ),
    Item(
        "episode",
        "Current episode",
        "patient",
        ("episode.onset", "episode.duration_months", "episode.prior_episodes"),
        "episode",
    ),
    Item(
        "latest_scores",
        "Rating scales: latest score of each",
        "patient",
        ("episode.severity_scores",),
        "scores",
    ),
    Item(
        "psychiatrist_involved",
        "Psychiatrist involved in care",
        "patient",
        ("episode.psychiatrist_involved",),
    ),
    Item(
        "trial_counts",
        "Failed adequate trials: counted, ongoing and uncertain",
        "medicines",
        ("medication_trials", "episode.onset"),
        "trial_counts",
    ),
    Item(
        "current_courses",
        "Antidepressant courses in the current episode",
        "medicines",
        ("medication_trials", "episode.onset"),
        "current_courses",
    ),
    Item(
        "other_courses",
        "Other antidepressant courses",
        "medicines",
        ("medication_trials", "episode.onset"),
        "other_courses",
    ),
    Item(
        "side_effect_courses",
        "Stopped for side effects or not tolerated",
        "medicines",
        ("medication_trials", "episode.onset"),
        "side_effect_courses",
    ),
    Item(
        "augmentations",
        "Augmentation courses",
        "medicines",
        ("medication_trials",),
        "augmentations",
    ),
    Item(
        "psychotherapies",
        "Psychotherapy courses",
        "treatments",
        ("psychotherapies",),
        "psychotherapies",
    ),
    Item(
        "stimulation_and_ketamine",
        "Earlier TMS, ECT and ketamine or esketamine courses",
        "treatments",
        ("procedures",),
        "stimulation_and_ketamine",
    ),
    Item(
        "other_procedures",
        "Other procedures and intensive care",
        "treatments",
        ("procedures",),
        "other_procedures",
    ),
    Item(
        "psychotic_features",
        "Psychotic features in this episode",
        "health",
        ("episode.psychotic_features",),
    ),
    Item("bipolar", "Bipolar disorder", "health", ("differentials.bipolar",)),
    Item("seizures", "Seizure disorder", "health", ("physical_health.seizures",)),
    Item(
        "head_implant",
        "Metal or implanted device in or near the head",
        "health",
        ("physical_health.head_implant",),
        treatments=frozenset({"tms", "other"}),
    ),
    Item("substance_use", "Substance use", "health", SUBSTANCE_PATHS, "answers"),
    Item(
        "suicidal_thoughts_and_intent",
        "Suicidal thoughts and self-harm, as asked",
        "health",
        SAFETY_PATHS,
        "safety",
    ),
    Item(
        "monitoring",
        "Prescription-monitoring check",
        "plan",
        ("other_medicines.monitoring_checked", "other_medicines.monitoring_date"),
        "monitoring",
    ),
    Item(
        "concurrent_treatments",
        "Treatments planned alongside",
        "plan",
        ("concurrent_treatments",),
    ),
)


@dataclass(frozen=True)
class SheetItem:
    id: str
    label: str
    group: str
    recorded: bool
    value: str | list[dict[str, str]]  # text, or rows of COLUMNS[extractor]
    columns: tuple[Column, ...] = ()
    note: str = ""  # printed under the item: the rules behind a computed figure

    @property
    def rows(self) -> list[dict[str, str]] | None:
        return self.value if isinstance(self.value, list) else None

    @property
    def cells(self) -> list[list[str]]:
        """The rows as lists of cells in column order, for the templates."""
        return [[row[column.key] for column in self.columns] for row in self.rows or []]

    @property
    def lines(self) -> list[tuple[list[str], str]]:
        """Each row's cells with its notes ("" when none), for the templates: the notes print
        on a line of their own under the row, named by the row's first cell."""
        return [
            (cells, row.get("notes", ""))
            for cells, row in zip(self.cells, self.rows or [], strict=True)
        ]

    def as_json(self) -> dict:
        shown = {"id": self.id, "label": self.label, "recorded": self.recorded, "value": self.value}
        return {**shown, "note": self.note} if self.note else shown


@dataclass(frozen=True)
class Sheet:
    treatment: str  # a key of TREATMENTS
    header: Header  # patient reference, visit, clinician, status, finalised
    items: tuple[SheetItem, ...]

    @property
    def title(self) -> str:
        return f"{TITLE} — {TREATMENTS[self.treatment]}"

    @property
    def is_draft(self) -> bool:
        return self.header.finalised_at is None

    @property
    def statement(self) -> str:
        return STATEMENT

    @property
    def groups(self) -> list[tuple[str, list[SheetItem]]]:
        return [
            (title, [item for item in self.items if item.group == key])
            for key, title in GROUPS
            if any(item.group == key for item in self.items)
        ]

    def as_json(self) -> dict:
        return {
            "sheet": "documentation",
            "for": self.treatment,
            "title": self.title,
            "review_id": self.header.review_id,
            "items": [item.as_json() for item in self.items],
        }


def build(reading: Reading, *, treatment: str = "other") -> Sheet:
    """The sheet of a review for a request for `treatment` (a key of TREATMENTS)."""
    if treatment not in TREATMENTS:
        raise ValueError(f"treatment must be one of {', '.join(TREATMENTS)}, not {treatment!r}")
    data, facts = reading.data, reading.trial_facts
    items = []
    for item in ITEMS:
        if treatment not in item.treatments:
            continue
        if item.extractor:
            value = EXTRACTORS[item.extractor](data, item, facts)
        else:
            value = _answer_text(item.paths[0], schema.answer(data, item.paths[0]))
        recorded = bool(value)
        items.append(
            SheetItem(
                id=item.id,
                label=item.label,
                group=item.group,
                recorded=recorded,
                value=value if recorded else NOT_RECORDED,
                columns=COLUMNS.get(item.extractor, ()) if recorded else (),
                note=NOTES[item.id](facts) if recorded and item.id in NOTES else "",
            )
        )
    return Sheet(treatment=treatment, header=reading.header, items=tuple(items))


# --- Values: "" or [] when the review records nothing on the item ---


def _question(dotted: str) -> schema.Question:
    *section_key, key = dotted.split(".")
    for section in schema.SECTIONS:
        if (section.key or None) == (section_key[0] if section_key else None):
            for question in section.questions:
                if question.key == key:
                    return question
    raise KeyError(dotted)


def _answer_text(dotted: str, value) -> str:
    """One answer as the screens label it; "" when it is open (unknown, not assessed, empty)."""
    if value is None or value == "" or value in schema.OPEN_VALUES:
        return ""
    question = _question(dotted)
    if question.value_set is not None and value in question.value_set.values:
        return str(question.value_set(value).label)
    return str(value)


def _episode(data: dict, item: Item, facts: trials.TrialFacts) -> str:
    episode = data["episode"]
    parts = []
    if episode["onset"]:
        parts.append(f"Onset {episode['onset']}")
    if episode["duration_months"] is not None:
        parts.append(count_of(episode["duration_months"], "month"))
    if episode["prior_episodes"] is not None:
        parts.append(count_of(episode["prior_episodes"], "prior episode"))
    return "; ".join(parts)


def _answers(data: dict, item: Item, facts: trials.TrialFacts) -> str:
    """Each answered question of the item: "Alcohol: Heavy; Cannabis: No"."""
    texts = {dotted: _answer_text(dotted, schema.answer(data, dotted)) for dotted in item.paths}
    if not any(texts.values()):
        return ""
    return "; ".join(
        f"{_question(dotted).name}: {text or 'not recorded'}" for dotted, text in texts.items()
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
        f"{question.name}: {_label(SafetyAnswer, value) if question.value_set else value}"
        for question, value in answers
        if value is not None
    )


def _monitoring(data: dict, item: Item, facts: trials.TrialFacts) -> str:
    checked = _answer_text(item.paths[0], schema.answer(data, item.paths[0]))
    day = schema.answer(data, item.paths[1])
    if not checked:
        return f"Date of a check: {day}" if day else ""
    return f"{checked}, on {day}" if day else checked


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
        if score["date"] and visit is not None:
            days = str((visit - datetime.date.fromisoformat(score["date"])).days)
        rows.append(
            {
                "scale": _label(Scale, scale),
                "score": f"{score['score']}" + (f" / {maximum}" if maximum else ""),
                "date": score["date"] or "not recorded",
                "days_before_visit": days,
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
    response = _label(Response, course.response)
    if last["improvement_percent"] is not None:
        response += f", {last['improvement_percent']}% improvement"
    stopped = _label(StopReason, last["stopped_because"])
    detail = last["reason_stopped"].strip()
    if detail and detail.casefold() != stopped.casefold():
        stopped = detail if last["stopped_because"] == "unknown" else f"{stopped}: {detail}"
    sources = []
    for row in course.rows:
        source = _label(InfoSource, row["info_source"])
        if source not in sources:
            sources.append(source)
    return {
        "medicine": course.drug,
        "class": _label(DrugClass, course.drug_class),
        "dates": dates,
        "highest_dose": "—" if course.max_dose is None else f"{float(course.max_dose):g} mg/day",
        "dose_marked_adequate": " / ".join(_label(YesNo, mark) for mark in sorted(marks)),
        "weeks_at_adequate_dose": weeks_text,
        "adherence": _label(TrialAdherence, course.adherence),
        "response": response,
        "why_stopped": stopped,
        "information_from": ", ".join(sources),
        "notes": _notes((_begun_together(course, facts), *(row["notes"] for row in course.rows))),
    }


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
    return [{**_course_row(course, facts), "how": how} for course, how in facts.augmentations()]


def _dates(row: dict) -> str:
    if not (row["start"] or row["end"]):
        return "—"
    return f"{row['start'] or '?'} – {row['end'] or '?'}"


def _count(value) -> str:
    return "—" if value is None else str(value)


def _psychotherapies(data: dict, item: Item, facts: trials.TrialFacts) -> list[dict[str, str]]:
    return [
        {
            "modality": _label(Modality, row["modality"]),
            "sessions": _count(row["sessions"]),
            "dates": _dates(row),
            "benefit": _label(Benefit, row["benefit"]),
            "notes": _notes([row["notes"]]),
        }
        for row in data["psychotherapies"]
    ]


def _procedures(kinds: Callable[[str], bool]):
    def extract(data: dict, item: Item, facts: trials.TrialFacts) -> list[dict[str, str]]:
        return [
            {
                "kind": _label(ProcedureKind, row["kind"]),
                "sessions": _count(row["sessions"]),
                "dates": _dates(row),
                "response": _label(Response, row["response"]),
                "relapse": _label(YesNo, row["relapse"]),
                "notes": _notes([row["notes"]]),
            }
            for row in data["procedures"]
            if kinds(row["kind"])
        ]

    return extract


def _label(choices, code: str) -> str:
    return str(choices(code).label) if code in choices.values else code.replace("_", " ")


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


SHEET = SheetKind(
    name="documentation",
    label="documentation sheet",
    template="pdf/documentation.html",
    stylesheet="css/documentation.css",
    build=build,
    options=(
        Option(
            "treatment",
            help="what the documentation sheet is for (its title and head-device item)",
            choices=TREATMENTS,
            default="other",
            phrase="for {}",
            flag="--for",
        ),
    ),
)
