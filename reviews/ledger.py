"""The trial ledger printed on page 1 of the summary: one line per medication trial, and the counts
of failed adequate trials at 4, 6 and 8 weeks with their definition beside them.

The templates (templates/reviews/includes/trial_ledger.html) read only the display strings of
`Ledger`; where the lines come from is this module's business. Today they come from the review's
trial rows, one line per row. The trials rules of issue 12 (courses, current episode) replace
`ledger_from_trials` with their own output in the same shape. Nothing here judges: each mark
says which clause of the printed definition a trial does or does not satisfy.
"""

from dataclasses import dataclass
from datetime import date

from reviews.catalogue import ANTIDEPRESSANT_CLASSES
from reviews.choices import DrugClass, Response, Role, TrialAdherence, YesNo
from reviews.rules import trial_weeks

THRESHOLDS = (4, 6, 8)  # weeks; 4 and 8 from S3's "four to eight weeks", 6 as in MGH-ATRQ

COUNTED, NOT_COUNTED, UNCERTAIN = "counted", "not counted", "uncertain"

DEFINITION = (
    "A failed adequate trial at N weeks is an antidepressant trial (not an augmentation) whose "
    "dose is marked adequate, which lasted at least N weeks, with full adherence recorded, and "
    "with no or a partial response."
)
SCOPE_NOTE = (
    "Counted over all trials recorded in this review, one per trial row; uncertain trials are "
    "counted apart. Weeks come from the dates (to the visit while ongoing) unless marked "
    "entered; the role is shown when it is not monotherapy."
)


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
    given_for: str
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
        return 10 + len(self.thresholds)


def ledger_from_trials(data: dict) -> Ledger:
    """One ledger line per trial row of a review in the DESIGN.md §5 shape."""
    visit = _as_date(data["visit_date"])
    rows = tuple(_row(trial, visit) for trial in data["medication_trials"])
    counted = [sum(row.marks[i].state == COUNTED for row in rows) for i in range(len(THRESHOLDS))]
    uncertain = [
        sum(row.marks[i].state == UNCERTAIN for row in rows) for i in range(len(THRESHOLDS))
    ]
    values = tuple(
        f"{count} ({unsure} uncertain)" if unsure else str(count)
        for count, unsure in zip(counted, uncertain, strict=True)
    )
    counts = (CountLine("Failed adequate trials, all recorded trials", values, DEFINITION),)
    return Ledger(rows=rows, thresholds=THRESHOLDS, counts=counts, note=SCOPE_NOTE)


def _row(trial: dict, visit: date | None) -> LedgerRow:
    weeks = trial_weeks(trial, visit)
    ongoing = bool(trial["start"]) and not trial["end"]
    start, end = trial["start"] or "?", trial["end"] or ("ongoing" if ongoing else "?")
    dose = trial["max_daily_dose_mg"]
    return LedgerRow(
        drug=trial["drug"].strip() or "unnamed medicine",
        drug_class=_label(DrugClass, trial["drug_class"])
        + ("" if trial["role"] == Role.MONOTHERAPY else f", {trial['role']}"),
        given_for="—",  # not recorded before the trials rules of issue 12
        dates="—" if not (trial["start"] or trial["end"]) else f"{start}\u00a0– {end}",
        weeks="—"
        if weeks is None
        else f"{weeks}{' entered' if trial['weeks'] is not None else ''}",
        dose="—" if dose is None else f"{float(dose):g} mg",
        dose_adequate=_label(YesNo, trial["dose_adequate"]),
        adherence=_label(TrialAdherence, trial["adherence"]),
        response=_label(Response, trial["response"]),
        why_stopped=trial["reason_stopped"] or "—",
        marks=tuple(_mark(trial, weeks, threshold) for threshold in THRESHOLDS),
        notes=trial["notes"],
    )


def _mark(trial: dict, weeks: int | None, threshold: int) -> Mark:
    """Each clause of DEFINITION in turn; the first that fails decides, an unknown makes it
    uncertain unless a later clause fails outright."""
    if trial["drug_class"] not in ANTIDEPRESSANT_CLASSES:
        return Mark(threshold, NOT_COUNTED, "not an antidepressant")
    if trial["role"] == Role.AUGMENTATION:
        return Mark(threshold, NOT_COUNTED, "augmentation")
    unknown = []
    if trial["dose_adequate"] == YesNo.NO:
        return Mark(threshold, NOT_COUNTED, "dose not marked adequate")
    if trial["dose_adequate"] != YesNo.YES:
        unknown.append("dose adequacy not recorded")
    if weeks is None:
        unknown.append("weeks not known")
    elif weeks < threshold:
        return Mark(threshold, NOT_COUNTED, f"{weeks} weeks")
    if trial["adherence"] in (TrialAdherence.PARTIAL, TrialAdherence.POOR):
        return Mark(threshold, NOT_COUNTED, f"adherence {trial['adherence']}")
    if trial["adherence"] != TrialAdherence.AS_PRESCRIBED:
        unknown.append("adherence not recorded")
    if trial["response"] in (Response.RESPONSE, Response.REMISSION):
        return Mark(threshold, NOT_COUNTED, _label(Response, trial["response"]).lower())
    if trial["response"] == Response.LOST_RESPONSE:
        unknown.append("responded, then lost response")
    elif trial["response"] not in (Response.NONE, Response.PARTIAL):
        unknown.append("response not recorded")
    if unknown:
        return Mark(threshold, UNCERTAIN, "; ".join(unknown))
    return Mark(threshold, COUNTED, "")


def _label(choices, code: str) -> str:
    return str(choices(code).label) if code in choices.values else code.replace("_", " ")


def _as_date(value) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else value or None
