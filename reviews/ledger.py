"""The trial ledger printed on page 1 of the summary: one line per course of a medicine, and the
counts of failed adequate trials at 4, 6 and 8 weeks with their definitions beside them.

The templates (templates/reviews/includes/trial_ledger.html) read only the display strings of
`Ledger`; the facts come from `reviews.trials`, the one implementation of the rules. Nothing here
judges: each mark says which clause of the printed definition a course does or does not meet.
"""

from dataclasses import dataclass

from reviews import trials
from reviews.choices import DrugClass, GivenFor, Response, StopReason, TrialAdherence, YesNo

THRESHOLDS = trials.THRESHOLDS
FROM_DATES = "*"  # beside weeks worked out from the dates; the note below the ledger says so
SHOWN_STATE = {
    trials.COUNTED: "counted",
    trials.NOT_COUNTED: "not counted",
    trials.UNCERTAIN: "uncertain",
}


@dataclass(frozen=True)
class Mark:
    """Counted / not counted / uncertain at one threshold, with the clause that decided it."""

    weeks: int
    state: str
    reason: str

    @property
    def text(self) -> str:
        return self.state if not self.reason else f"{self.state}: {self.reason}"


@dataclass(frozen=True)
class MarkCell:
    state: str
    text: str
    span: int


@dataclass(frozen=True)
class LedgerRow:
    drug: str
    drug_class: str  # "SSRI, monotherapy"
    dates: str
    weeks: str
    dose: str
    dose_adequate: str
    adherence: str
    response: str
    why_stopped: str
    marks: tuple[Mark, ...]  # one per THRESHOLDS, in order
    notes: str

    @property
    def mark_cells(self) -> list[MarkCell]:
        """The marks as table cells; the same mark at every threshold is one wide cell."""
        if len({(mark.state, mark.reason) for mark in self.marks}) == 1:
            return [MarkCell(self.marks[0].state, self.marks[0].text, len(self.marks))]
        return [MarkCell(mark.state, mark.text, 1) for mark in self.marks]


@dataclass(frozen=True)
class CountLine:
    label: str  # "Failed adequate trials, all recorded trials"
    values: tuple[str, ...]  # one per THRESHOLDS: "2 (1 uncertain)"
    definition: str


@dataclass(frozen=True)
class Ledger:
    rows: tuple[LedgerRow, ...]
    thresholds: tuple[int, ...]
    counts: tuple[CountLine, ...]
    note: str

    @property
    def column_count(self) -> int:
        return 9 + len(self.thresholds)


def ledger_for(
    data: dict, *, min_weeks: int, trial_facts: trials.TrialFacts | None = None
) -> Ledger:
    """The ledger of a review in the interchange format: its courses and their counts.

    `trial_facts` is trials.trial_facts of the same review, when the caller has it already."""
    facts = trial_facts or trials.trial_facts(data, min_weeks=min_weeks)
    rows = tuple(_row(course) for course in facts.courses)
    counts = [
        _count_line(
            "Failed adequate trials, current episode",
            facts.failed(current_episode=True),
            facts.uncertain(current_episode=True),
            "As the line below, counting only courses in the current episode: taken on or after "
            "the recorded onset (ongoing at the onset counts).",
        ),
        _count_line(
            "Failed adequate trials, all recorded trials",
            facts.failed(current_episode=False),
            facts.uncertain(current_episode=False),
            trials.DEFINITIONS["failed"],
        ),
    ]
    note = " ".join(
        (
            f"{FROM_DATES} Weeks worked out from the dates, which may include titration.",
            trials.DEFINITIONS["course"],
            trials.DEFINITIONS["antidepressant_trial"],
            trials.DEFINITIONS["uncertain"],
            "Uncertain courses are counted apart, in brackets.",
        )
    )
    if facts.onset is None:
        note = (
            "The onset of the current episode is not recorded, so only all trials are counted. "
            + note
        )
    return Ledger(rows=rows, thresholds=THRESHOLDS, counts=tuple(counts), note=note)


def _count_line(
    label: str, failed: dict[int, int] | None, uncertain: dict[int, int] | None, definition: str
) -> CountLine:
    if failed is None or uncertain is None:
        values = tuple("onset not recorded" for _ in THRESHOLDS)
    else:
        values = tuple(
            f"{failed[weeks]} ({uncertain[weeks]} uncertain)"
            if uncertain[weeks]
            else str(failed[weeks])
            for weeks in THRESHOLDS
        )
    return CountLine(label, values, definition)


def _row(course: trials.Course) -> LedgerRow:
    first, last = course.first, course.last
    start = course.start.text if course.start else "?"
    end = "ongoing" if course.ongoing else (last["end"] or "?")
    weeks = course.weeks_at_adequate_dose
    doses = {row["dose_adequate"] for row in course.rows}
    role = ", ".join(sorted(course.roles - {"monotherapy"}))
    marks = tuple(
        Mark(weeks_, SHOWN_STATE[course.status[weeks_]], _reason(course, weeks_))
        for weeks_ in THRESHOLDS
    )
    if not course.is_antidepressant_trial:
        why = "augmentation" if "augmentation" in course.roles else "not an antidepressant trial"
        marks = tuple(Mark(weeks_, "not counted", why) for weeks_ in THRESHOLDS)
    stopped = _label(StopReason, last["stopped_because"])
    detail = last["reason_stopped"].strip()
    episode = {True: "", False: " (before this episode)", None: ""}[course.in_current_episode]
    return LedgerRow(
        drug=course.drug if len(course.rows) == 1 else f"{course.drug} ({len(course.rows)} rows)",
        drug_class=_label(DrugClass, course.drug_class)
        + (f", {role}" if role else "")
        + (
            ""
            if course.given_for == "depression"
            else f", for {_label(GivenFor, course.given_for).lower()}"
        ),
        dates=(
            "—"
            if not (first["start"] or last["end"] or course.ongoing)
            else f"{start}\u00a0– {end}"
        )
        + episode,
        weeks="—" if weeks is None else f"{weeks}{FROM_DATES if course.weeks_from_dates else ''}",
        dose="—" if course.max_dose is None else f"{float(course.max_dose):g} mg",
        dose_adequate=" / ".join(_label(YesNo, mark) for mark in sorted(doses)),
        adherence=_label(TrialAdherence, course.adherence),
        response=_label(Response, course.response)
        + (
            f", {last['improvement_percent']}% better"
            if last["improvement_percent"] is not None
            else ""
        ),
        why_stopped=_why_stopped(stopped, detail),
        marks=marks,
        notes=" ".join(row["notes"].strip() for row in course.rows if row["notes"].strip()),
    )


def _why_stopped(code_label: str, detail: str) -> str:
    """The reason's code and the typed detail, once when they say the same."""
    if not detail or detail.casefold() == code_label.casefold():
        return code_label
    return detail if code_label == "Unknown" else f"{code_label}: {detail}"


def _reason(course: trials.Course, weeks: int) -> str:
    return "" if course.status[weeks] == trials.COUNTED else course.reasons[weeks]


def _label(choices, code: str) -> str:
    return str(choices(code).label) if code in choices.values else code.replace("_", " ")
