"""The trial ledger printed on page 1 of the summary: one line per treatment step (a course, or
antidepressants begun together), and the counts of failed adequate trials at 4, 6 and 8 weeks
with their definitions below them.

The templates (templates/reviews/includes/trial_ledger.html) read only the display strings of
`Ledger`; the facts come from `reviews.facts.trials`, the one implementation of the rules.
Nothing here judges: each mark says which clause of the printed definition a step does or does
not meet.
"""

from dataclasses import dataclass

from reviews.choices import (
    DrugClass,
    GivenFor,
    InfoSource,
    Response,
    Role,
    StopReason,
    TrialAdherence,
    YesNo,
)
from reviews.facts import label_doses, trials
from reviews.facts.treatment_steps import Step
from reviews.words import label

THRESHOLDS = trials.THRESHOLDS
FROM_DATES = "*"  # beside weeks worked out from the dates; the note below the ledger says so
SHOWN_STATE = {
    trials.COUNTED: "counted",
    trials.NOT_COUNTED: "not counted",
    trials.UNCERTAIN: "uncertain",
    trials.ONGOING: "ongoing",
    trials.NOT_APPLICABLE: "not applicable",
}
EPISODE = {True: "this episode", False: "before it", None: "episode not known"}
ONSET_NOT_RECORDED = "onset not recorded"
# First beside the counts on page 1, as the FHIR export's notice says it: a count of failed
# trials beside a source's definition of treatment resistance would otherwise read as a verdict.
COUNTS_ARE_NOT_A_THRESHOLD = "Counts by these definitions, not a diagnosis or a threshold."


@dataclass(frozen=True)
class Mark:
    """A step's state at one threshold, with the clause that decided it."""

    weeks: int
    state: str
    reason: str

    @property
    def text(self) -> str:
        return self.state if not self.reason else f"{self.state}: {self.reason}"


@dataclass(frozen=True)
class Cell:
    """A table cell that may span several threshold columns; `state` names its mark's style."""

    text: str
    span: int = 1
    state: str = ""
    weeks: tuple[int, ...] = ()  # the thresholds a mark's cell stands for

    @property
    def heading(self) -> str:
        """What the cell is, said where there is no column heading (a course's card on a
        narrow screen): "≥4 weeks", "≥4, 6 and 8 weeks"."""
        if not self.weeks:
            return ""
        figures = [str(weeks) for weeks in self.weeks]
        listed = (
            figures[0] if len(figures) == 1 else ", ".join(figures[:-1]) + " and " + figures[-1]
        )
        return f"≥{listed} weeks"


@dataclass(frozen=True)
class LedgerRow:
    drug: str
    drug_class: str  # "SSRI, monotherapy"
    dates: str
    episode: str  # "this episode", "before it", "episode not known"
    source: str  # "patient report" when a row of the step is the patient's, else ""
    weeks: str
    dose: str
    label_dose: str  # the US label's range beside the dose (reviews.facts.label_doses)
    dose_adequate: str
    adherence: str
    response: str
    why_stopped: str
    marks: tuple[Mark, ...]  # one per THRESHOLDS, in order
    notes: str

    @property
    def mark_cells(self) -> list[Cell]:
        """The marks as table cells; the same mark at neighbouring thresholds is one wide cell."""
        cells: list[Cell] = []
        for mark in self.marks:
            if cells and (cells[-1].state, cells[-1].text) == (mark.state, mark.text):
                last = cells[-1]
                cells[-1] = Cell(mark.text, last.span + 1, mark.state, (*last.weeks, mark.weeks))
            else:
                cells.append(Cell(mark.text, 1, mark.state, (mark.weeks,)))
        return cells


@dataclass(frozen=True)
class CountLine:
    label: str  # "All recorded trials": failed adequate trials among all recorded trials
    cells: tuple[Cell, ...]  # one per threshold and the side effects, or one spanning them all


@dataclass(frozen=True)
class Ledger:
    rows: tuple[LedgerRow, ...]
    thresholds: tuple[int, ...]
    counts: tuple[CountLine, ...]
    definitions: tuple[str, ...]
    note: str

    @property
    def column_count(self) -> int:
        return 9 + len(self.thresholds)


def ledger_for(facts: trials.TrialFacts) -> Ledger:
    """The ledger of a review: its steps and their counts, from trials.trial_facts."""
    counts = count_lines(facts)
    definitions = (
        COUNTS_ARE_NOT_A_THRESHOLD,
        *trials.COUNT_RULES,
        *(trials.DEFINITIONS[key] for key in ("side_effects", "course", "step")),
        trials.DEFINITIONS["antidepressant_trial"],
        label_doses.RULE,
        f"{FROM_DATES} Weeks worked out from the dates, which may include titration.",
    )
    note = ""
    if facts.onset is None:
        note = "The onset of the current episode is not recorded, so only all trials are counted."
    return Ledger(
        rows=tuple(_row(step) for step in facts.steps),
        thresholds=THRESHOLDS,
        counts=counts,
        definitions=definitions,
        note=note,
    )


def count_lines(facts: trials.TrialFacts) -> tuple[CountLine, ...]:
    """The counts of failed adequate trials, current episode and all: every surface that prints
    them prints these (the summary's page 1, the documentation sheet)."""
    return tuple(
        CountLine(label, _count_cells(facts, current_episode=current))
        for label, current in (("Current episode", True), ("All recorded trials", False))
    )


def _count_cells(facts: trials.TrialFacts, *, current_episode: bool) -> tuple[Cell, ...]:
    """The counts at each threshold, then those stopped for side effects; one cell saying the
    onset is not recorded when the current episode cannot be counted."""
    counts = facts.counts(current_episode=current_episode)
    stopped = facts.stopped_for_side_effects(current_episode=current_episode)
    if counts is None or stopped is None:
        return (Cell(ONSET_NOT_RECORDED, len(THRESHOLDS) + 1),)
    return (*(Cell(str(counts[weeks])) for weeks in THRESHOLDS), Cell(str(stopped)))


def _purpose(given_for: str) -> str:
    """What a step was given for, beside its class: nothing for depression, the unmarked case."""
    if given_for == GivenFor.DEPRESSION:
        return ""
    if given_for == GivenFor.UNKNOWN:
        return ", purpose not recorded"
    return f", for {label(GivenFor, given_for).lower()}"


def _row(step: Step) -> LedgerRow:
    first, last = step.first, step.last
    start = step.start.text if step.start else "?"
    end = "ongoing" if step.ongoing else (step.end.text if step.end else "?")
    # Monotherapy is the unmarked case; any other role is named beside the class.
    role = ", ".join(label(Role, code).lower() for code in sorted(step.roles - {Role.MONOTHERAPY}))
    marks = tuple(
        Mark(weeks, SHOWN_STATE[step.status[weeks]], _reason(step, weeks)) for weeks in THRESHOLDS
    )
    rows = len(step.rows)
    return LedgerRow(
        drug=step.drug if rows == len(step.courses) else f"{step.drug} ({rows} rows)",
        drug_class=" + ".join(label(DrugClass, course.drug_class) for course in step.courses)
        + (f", {role}" if role else "")
        + _purpose(step.given_for),
        dates="—"
        if not (first["start"] or last["end"] or step.ongoing)
        else f"{start}\u00a0– {end}",
        episode=EPISODE[step.in_current_episode],
        source=_source(step),
        weeks=_weeks(step),
        dose=" + ".join(_dose(course.max_dose) for course in step.courses),
        label_dose=label_dose_text(step),
        dose_adequate=" + ".join(
            " / ".join(label(YesNo, mark) for mark in sorted({r["dose_adequate"] for r in c.rows}))
            for c in step.courses
        ),
        adherence=label(TrialAdherence, step.adherence),
        response=label(Response, step.response)
        + (
            f", {last['improvement_percent']}% better"
            if last["improvement_percent"] is not None
            else ""
        ),
        why_stopped="; ".join(
            dict.fromkeys(
                _why_stopped(
                    label(StopReason, course.last["stopped_because"]),
                    course.last["reason_stopped"].strip(),
                )
                for course in step.courses
            )
        ),
        marks=marks,
        notes=" ".join(row["notes"].strip() for row in step.rows if row["notes"].strip()),
    )


def _source(step: Step) -> str:
    """ "patient report" when a row of the step is the patient's, else "" (the other sources
    are not printed: page 1 has no room for a word that adds nothing to a reader's check)."""
    if any(row["info_source"] == InfoSource.PATIENT_REPORT for row in step.rows):
        return label(InfoSource, InfoSource.PATIENT_REPORT).lower()
    return ""


def label_dose_text(step: Step) -> str:
    """The US label's range of each medicine of a step, "; " between them; "" when none."""
    shown = []
    for course in step.courses:
        text = course.label_dose.figures if course.label_dose else ""
        if text:
            shown.append(f"{course.generic}: {text}" if len(step.courses) > 1 else text)
    return "; ".join(shown)


def _reason(step: Step, weeks: int) -> str:
    """The reason under a threshold's column: "fewer than 6" goes without saying under "≥6 wk",
    so neighbouring thresholds short of weeks for the same reason share one cell."""
    if step.status[weeks] == trials.COUNTED:
        return ""
    return step.reasons[weeks].replace(f", fewer than {weeks}", "")


def _weeks(step: Step) -> str:
    """Weeks at an adequate dose ("5 so far" while ongoing); a typed figure is always shown,
    with why it is not counted when a dose is not marked adequate."""
    if all(course.adequate_rows for course in step.courses):
        weeks = step.weeks_at_adequate_dose
        if weeks is None:
            return "not known"
        shown = f"{weeks}{FROM_DATES if step.weeks_from_dates else ''}"
        return f"{shown} so far" if step.ongoing else shown
    typed = [row["weeks"] for row in step.rows if row["weeks"] is not None]
    if not typed:
        return "—"
    marks = {row["dose_adequate"] for row in step.rows}
    why = "dose adequacy not recorded" if "unknown" in marks else "dose not marked adequate"
    return f"{sum(typed)} entered; {why}"


def _dose(dose) -> str:
    # float() so 150, 150.0 and Decimal("150.00") all read "150", and 37.5 reads "37.5".
    return "—" if dose is None else f"{float(dose):g}\u00a0mg"


def _why_stopped(code_label: str, detail: str) -> str:
    """The reason's code and the typed detail, once when they say the same."""
    if not detail or detail.casefold() == code_label.casefold():
        return code_label
    return detail if code_label == "Unknown" else f"{code_label}: {detail}"
