"""The summary of one review: the single object behind the summary page, the PDF and the
`review_summary` command (docs/format.md, "The summary as data").

It puts side by side what the review recorded (facts, gaps, answers) and every category the
source documents mention, with each category's related entries. The counting and matching is
done by the pure functions of `reviews.facts.rules`; this module gathers their results with the
review's answers and header. A final review keeps the catalogue-dependent part as a snapshot, so
its summary stays exactly as it was when it was finalised.
"""

import datetime
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from reviews import schema
from reviews.charts.timeline import timeline_svgs
from reviews.choices import SCALE_RANGES, SafetyAnswer
from reviews.facts import catalogue, chronicity, findings, patient_timeline, rules
from reviews.facts.catalogue import Source
from reviews.facts.rules import Facts
from reviews.printing.answer_tables import AnswerSection, Table, answer_sections
from reviews.printing.ledger import Ledger, ledger_for
from reviews.printing.sheet import Option, SheetKind
from reviews.reading import Header, Reading
from reviews.steps import STEPS


@dataclass(frozen=True)
class CategoryEntry:
    id: str
    group: str
    label: str
    description: str
    when_mentioned: str
    sources: tuple[str, ...]
    already_tried: bool | None
    findings: tuple[str, ...]


@dataclass(frozen=True)
class SafetyLine:
    label: str
    answer: str  # "Yes", "No", "Not asked", or a PHQ-9 item 9 score
    is_yes: bool


@dataclass(frozen=True)
class ScoreLine:
    """The latest score of one rating scale, and the change since the previous review's."""

    scale: str
    score: str  # "19 / 27"
    day: str
    change: str  # "previous review: 22 on 2025-05-01 (−3)", or "" with no previous score
    source: str = ""  # "Patient report" for a score added from the patient's answers


@dataclass(frozen=True)
class Previous:
    """The review of the same patient before this one, and what this one records differently."""

    review_id: int
    visit_date: datetime.date
    changes: tuple[str, ...]


@dataclass(frozen=True)
class Summary:
    header: Header
    catalogue_version: str
    min_trial_weeks: int
    facts: Facts
    not_assessed: tuple[str, ...]
    safety: dict[str, str]  # each safety item's code: {"suicidal_thoughts": "no", …}
    categories: tuple[CategoryEntry, ...]
    sources: tuple[Source, ...]
    answers: tuple[AnswerSection, ...]
    data: dict = field(compare=False, repr=False)  # the review in the §5 format
    # Page 1, from the review's rows (never from the snapshot: they are the review's own data).
    ledger: Ledger | None = field(default=None, compare=False, repr=False)
    scores: tuple[ScoreLine, ...] = field(default=(), compare=False, repr=False)
    previous: Previous | None = field(default=None, compare=False, repr=False)
    # The timeline charts, drawn once when the summary is built (the page and the PDF show them).
    timelines: tuple[SafeString, ...] = field(default=(), compare=False, repr=False)
    with_descriptions: bool = False  # print the categories' descriptions as an appendix

    def as_json(self) -> dict:
        """The shape docs/format.md gives ("The summary as data")."""
        return {
            "review_id": self.header.review_id,
            "catalogue_version": self.catalogue_version,
            "min_trial_weeks": self.min_trial_weeks,
            "facts": {
                **asdict(self.facts),
                "antidepressant_classes": list(self.facts.antidepressant_classes),
            },
            "not_assessed": list(self.not_assessed),
            "safety": dict(self.safety),
            "categories": [
                {
                    "id": entry.id,
                    "group": entry.group,
                    "label": entry.label,
                    "sources": list(entry.sources),
                    "already_tried": entry.already_tried,
                    "findings": list(entry.findings),
                }
                for entry in self.categories
            ],
        }

    # --- What the page and the PDF show ---

    @property
    def safety_recorded(self) -> bool:
        return "yes" in self.safety.values()

    @property
    def safety_lines(self) -> list[SafetyLine]:
        """Every safety answer, whatever it is: "no" and "not asked" are facts too."""
        lines = [
            SafetyLine(
                item.name,
                SafetyAnswer(self.safety[item.key]).label,
                self.safety[item.key] == SafetyAnswer.YES,
            )
            for item in SAFETY_ITEMS
        ]
        item9 = self.data["safety"]["phq9_item9"]
        if item9 is not None:
            lines.append(SafetyLine(PHQ9_ITEM9.name, str(item9), item9 > 0))
        return lines

    @property
    def episode_length(self) -> list[str]:
        """Page 1's line on the current episode: the entered duration beside the months computed
        from the onset, and a plain statement when they differ; empty when nothing is recorded."""
        episode, computed = self.data["episode"], self.facts.episode_months_from_onset
        months = chronicity.Months(**computed) if computed else None
        entered = episode["duration_months"]
        parts = []
        if episode["onset"]:
            parts.append(f"onset {episode['onset']}")
        if months is not None:
            parts.append(f"{months} {chronicity.RULE}")
        if entered is not None:
            parts.append(f"duration entered: {entered} months")
        if episode["age_first_episode"] is not None:
            parts.append(f"age at first episode: {episode['age_first_episode']}")
        if chronicity.differs(months, entered):
            parts.append(
                f"the two durations differ by more than {chronicity.DISAGREEMENT_MONTHS} months"
            )
        return parts

    @property
    def is_draft(self) -> bool:
        return self.header.finalised_at is None

    @property
    def category_groups(self) -> list[tuple[str, list[tuple[CategoryEntry, list[Source]]]]]:
        """Page 2: the groups in catalogue order, and within each the categories in alphabetical
        order of label, so that no order inside a group can read as a ranking."""
        return [
            (title, sorted(entries, key=lambda pair: pair[0].label.casefold()))
            for title, entries in self.groups
        ]

    @property
    def treatment_tables(self) -> list[Table]:
        """Psychotherapies and procedures, as the answers list them."""
        return [
            table
            for section in self.answers
            for table in section.tables
            if table.title in TREATMENT_TABLES
        ]

    @property
    def clinician_notes(self) -> str:
        return self.data["clinician_notes"]

    @property
    def disclaimer(self) -> str:
        return catalogue.DISCLAIMER

    @property
    def safety_note(self) -> str:
        return catalogue.SAFETY_NOTE

    @property
    def safety_notes(self) -> str:
        return self.data["safety"]["notes"]

    @property
    def groups(self) -> list[tuple[str, list[tuple[CategoryEntry, list[Source]]]]]:
        """Categories with their cited sources under group headings, in catalogue order."""
        by_key = self.sources_by_key
        return [
            (
                title,
                [
                    (entry, [by_key[key] for key in entry.sources])
                    for entry in self.categories
                    if entry.group == key
                ],
            )
            for key, title in catalogue.GROUPS
        ]

    @property
    def not_assessed_labels(self) -> list[str]:
        return [ASSESSMENT_LABELS.get(path, path) for path in self.not_assessed]

    @property
    def sources_by_key(self) -> dict[str, Source]:
        return {source.key: source for source in self.sources}

    # --- Snapshot of a final review ---

    def catalogue_snapshot(self) -> dict:
        """The part that depends on the catalogue and settings, stored when finalising."""
        return {
            "catalogue_version": self.catalogue_version,
            "min_trial_weeks": self.min_trial_weeks,
            "not_assessed": list(self.not_assessed),
            "categories": [asdict(entry) for entry in self.categories],
            "sources": [asdict(source) for source in self.sources],
        }


def _assessment_labels() -> dict[str, str]:
    """ "physical_health.chronic_pain" → "Physical health: Chronic pain", from the schema."""
    titles = {step.section: step.title for step in STEPS if step.section is not None}
    return {
        schema.path(section, question): f"{titles[section]}: {question.label}"
        for section, question in schema.assessments()
    }


ASSESSMENT_LABELS = _assessment_labels()

TREATMENT_TABLES = ("Psychotherapies", "Procedures")
TIMELINE_WIDTH = 680  # px; the stylesheets scale the chart to the width of the page

SAFETY_ITEMS = tuple(
    question for question in schema.SAFETY.questions if question.kind is schema.Kind.CHOICE
)
PHQ9_ITEM9 = next(question for question in schema.SAFETY.questions if question.key == "phq9_item9")


def build(reading: Reading, *, descriptions: bool = False) -> Summary:
    """The summary of a review; a final review's categories come from the snapshot taken when it
    was finalised. With `descriptions`, the printed summary has the categories' descriptions as
    an appendix."""
    data, facts = reading.data, reading.trial_facts
    common: dict[str, Any] = {
        "header": reading.header,
        "min_trial_weeks": facts.min_weeks,
        # The review's own data, so a final review's too are worked out, never kept: every
        # surface reads one definition (only its categories come from the snapshot).
        "facts": rules.compute_facts(data, facts),
        "ledger": ledger_for(facts),
        "scores": _score_lines(data, reading.previous),
        "previous": _previous(reading.previous, data),
        "safety": {item.key: data["safety"][item.key] for item in SAFETY_ITEMS},
        "answers": answer_sections(reading.review, facts),
        "data": data,
        # The chart escapes every label itself; the SVG is markup, so it goes in unescaped.
        "timelines": tuple(
            mark_safe(svg)  # noqa: S308
            for svg in timeline_svgs(data, width=TIMELINE_WIDTH)
        ),
        "with_descriptions": descriptions,
    }
    if reading.review.summary_snapshot:
        return _from_snapshot(reading.review.summary_snapshot, **common)
    results = findings.evaluate_categories(data, facts)
    return Summary(
        catalogue_version=catalogue.CATALOGUE_VERSION,
        not_assessed=rules.not_assessed(data),
        categories=tuple(
            CategoryEntry(
                id=result.id,
                group=result.group,
                label=result.label,
                description=catalogue.CATEGORIES_BY_ID[result.id].description,
                when_mentioned=catalogue.CATEGORIES_BY_ID[result.id].when_mentioned,
                sources=result.sources,
                already_tried=result.already_tried,
                findings=result.findings,
            )
            for result in results
        ),
        sources=catalogue.SOURCES,
        **common,
    )


def _from_snapshot(snapshot: dict, **common) -> Summary:
    return Summary(
        catalogue_version=snapshot["catalogue_version"],
        not_assessed=tuple(snapshot["not_assessed"]),
        categories=tuple(
            CategoryEntry(
                **{
                    **entry,
                    "sources": tuple(entry["sources"]),
                    "findings": tuple(entry["findings"]),
                }
            )
            for entry in snapshot["categories"]
        ),
        sources=tuple(Source(**source) for source in snapshot["sources"]),
        **common,
    )


# --- Page 1: the patient over time ---


def _previous(older: dict | None, newer: dict) -> Previous | None:
    if older is None:
        return None
    return Previous(
        review_id=older["_id"],
        visit_date=datetime.date.fromisoformat(older["visit_date"]),
        changes=patient_timeline.changes_between(older, newer),
    )


def _score_lines(data: dict, older: dict | None) -> tuple[ScoreLine, ...]:
    before = patient_timeline.latest_scores(older) if older else {}
    lines = []
    for scale, score in sorted(patient_timeline.latest_scores(data).items()):
        maximum = SCALE_RANGES.get(scale, (0, None))[1]
        change = ""
        if scale in before:
            old = before[scale]
            difference = score["score"] - old["score"]
            change = (
                f"previous review: {old['score']} on {old['day']} "
                f"({'+' if difference > 0 else '−' if difference < 0 else '±'}{abs(difference)})"
            )
        lines.append(
            ScoreLine(
                scale=patient_timeline.scale_name(scale),
                score=f"{score['score']}" + (f" / {maximum}" if maximum else ""),
                day=score["day"],
                change=change,
                source=patient_timeline.score_source(score),
            )
        )
    return tuple(lines)


SHEET = SheetKind(
    name="summary",
    label="summary",
    template="pdf/summary.html",
    stylesheet="css/pdf.css",
    build=build,
    options=(
        Option(
            "descriptions",
            help="append the category descriptions the source documents give",
            phrase="with descriptions",
        ),
    ),
)
