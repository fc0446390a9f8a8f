"""Medication trials read into courses: the rows of one medicine that belong together.

A *course* is the rows of one medicine (brand and generic alike) whose dates touch, overlap or
lie at most COURSE_GAP_DAYS apart: dose steps and re-entries of the same treatment. A row whose
end is not known may reach the next row; the rows of one medicine without a start date, which
cannot be told apart, are one course. Antidepressants started together are read as one treatment
step by treatment_steps.py; whether a step counts as a failed adequate trial is trials.py's. Pure
functions over the review in the interchange format; no Django imports.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from reviews.facts.dates import PartialDate, Weeks, weeks_between
from reviews.facts.drugs import ANTIDEPRESSANT_CLASSES, display_name, generic_name
from reviews.facts.label_doses import LabelDose, for_rows

COURSE_GAP_DAYS = 14
DEPRESSION_PURPOSES = frozenset({"depression", "unknown"})


@dataclass(frozen=True)
class Row:
    """One entered row with its dates read and its weeks worked out."""

    index: int  # position among the review's medication trials
    data: dict
    start: PartialDate | None
    end: PartialDate | None  # the recorded end, or the visit date while ongoing
    weeks: Weeks | None  # weeks at an adequate dose from this row (0 when not adequate)
    weeks_from_dates: bool  # the weeks were worked out from the dates, not entered

    def __getitem__(self, key: str):
        return self.data[key]


@dataclass(frozen=True)
class Course:
    drug: str  # the name(s) as entered, "Zoloft (sertraline)"
    generic: str
    rows: tuple[Row, ...]
    in_current_episode: bool | None

    @property
    def first(self) -> Row:
        return self.rows[0]

    @property
    def last(self) -> Row:
        return self.rows[-1]

    @property
    def drug_class(self) -> str:
        return self.last["drug_class"]

    @property
    def given_for(self) -> str:
        purposes = {row["given_for"] for row in self.rows}
        return next((p for p in ("depression", "unknown") if p in purposes), self.last["given_for"])

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(row["role"] for row in self.rows)

    @property
    def start(self) -> PartialDate | None:
        return self.first.start

    @property
    def end(self) -> PartialDate | None:
        ends = [row.end for row in self.rows]
        return None if None in ends else max(ends, key=lambda end: end.latest)  # type: ignore

    @property
    def ongoing(self) -> bool:
        return any(row["ongoing"] == "yes" for row in self.rows)

    @property
    def for_depression(self) -> bool:
        return self.given_for in DEPRESSION_PURPOSES

    @property
    def is_antidepressant(self) -> bool:
        return self.drug_class in ANTIDEPRESSANT_CLASSES

    @property
    def is_antidepressant_trial(self) -> bool:
        return self.is_antidepressant and self.for_depression and "augmentation" not in self.roles

    @property
    def stopped_for_side_effects(self) -> bool:
        """Stopped because of side effects, or recorded as intolerable; not while ongoing."""
        return not self.ongoing and any(
            row["stopped_because"] == "side_effects" or row["tolerability"] == "intolerable"
            for row in self.rows
        )

    @property
    def max_dose(self):
        doses = [row["max_daily_dose_mg"] for row in self.rows if row["max_daily_dose_mg"]]
        return max(doses) if doses else None

    @property
    def label_dose(self) -> LabelDose | None:
        """The US label's entry for the medicine in the form its names state (label_doses)."""
        return for_rows([row["drug"] for row in self.rows])

    @property
    def adequate_rows(self) -> tuple[Row, ...]:
        return tuple(row for row in self.rows if row["dose_adequate"] == "yes")

    @property
    def weeks_at_adequate_dose(self) -> Weeks | None:
        """The sum over rows marked adequate; None when none is, or one has no known weeks."""
        rows = self.adequate_rows
        if not rows or any(row.weeks is None for row in rows):
            return None
        total = Weeks(0, 0)
        for row in rows:
            total = total + row.weeks  # type: ignore[operator]
        return total

    @property
    def weeks_on_dates(self) -> Weeks | None:
        """How long an ended course lasted in all on its dates, whatever the dose; None while
        ongoing, or when a date is not recorded or the dates disagree."""
        if self.ongoing or self.start is None or self.end is None:
            return None
        return weeks_between(self.start, self.end)

    @property
    def weeks_from_dates(self) -> bool:
        return any(row.weeks_from_dates for row in self.adequate_rows)

    @property
    def adherence(self) -> str:
        """The least adherent of the rows marked adequate (all rows when none is)."""
        values = {row["adherence"] for row in (self.adequate_rows or self.rows)}
        return next((v for v in ("poor", "partial", "unknown") if v in values), "as_prescribed")

    @property
    def response(self) -> str:
        """The latest response recorded in the course (its last row's, unless left unknown)."""
        recorded = [row["response"] for row in self.rows if row["response"] != "unknown"]
        return recorded[-1] if recorded else "unknown"


def episode_onset(review: dict) -> PartialDate | None:
    """The recorded onset of the current episode; None when it is not recorded or unreadable."""
    return _partial(review["episode"]["onset"])


def courses_of(review: dict, onset: PartialDate | None) -> list[Course]:
    """The review's medication trials as courses, in the order their first rows were entered."""
    visit = date.fromisoformat(review["visit_date"]) if review["visit_date"] else None
    rows = [_row(index, data, visit) for index, data in enumerate(review["medication_trials"])]
    return [
        Course(
            drug=_names(group),
            generic=generic_name(group[0]["drug"]),
            rows=group,
            in_current_episode=_in_episode(group, onset),
        )
        for group in _group(rows)
    ]


def _partial(value) -> PartialDate | None:
    try:
        return PartialDate.of(value)
    except ValueError:
        return None


def _row(index: int, data: dict, visit: date | None) -> Row:
    start, end = _partial(data["start"]), _partial(data["end"])
    if end is None and data["ongoing"] == "yes" and visit is not None:
        end = PartialDate.of(visit)
    entered = data["weeks"]
    from_dates = False
    weeks: Weeks | None
    if data["dose_adequate"] != "yes":
        weeks = Weeks(0, 0)  # no weeks at an adequate dose in this row
    elif entered is not None:
        weeks = Weeks(entered, entered)
    elif start is not None and end is not None:
        weeks, from_dates = weeks_between(start, end), True
    else:
        weeks = None
    return Row(index, data, start, end, weeks, from_dates)


def _group(rows: Iterable[Row]) -> list[tuple[Row, ...]]:
    """Rows of one medicine in courses (see the module's rules), in the order entered."""
    by_medicine: dict[str, list[Row]] = {}
    for row in rows:
        by_medicine.setdefault(generic_name(row["drug"]) or f"#{row.index}", []).append(row)
    groups: list[tuple[Row, ...]] = []
    for medicine_rows in by_medicine.values():
        dated = sorted(
            (row for row in medicine_rows if row.start is not None),
            key=lambda row: row.start.earliest,  # type: ignore[union-attr]
        )
        current: list[Row] = []
        reach: date | None = None  # the latest day the course may have run to; None: unknown
        for row in dated:
            assert row.start is not None
            gap = None if reach is None else (row.start.earliest - reach).days
            if current and gap is not None and gap > COURSE_GAP_DAYS:
                groups.append(tuple(current))
                current, reach = [], None
            current.append(row)
            if row.end is None:
                reach = None  # a row whose end is not known may reach the next one
            else:
                reach = row.end.latest if reach is None else max(reach, row.end.latest)
        if current:
            groups.append(tuple(current))
        undated = tuple(row for row in medicine_rows if row.start is None)
        if undated:
            groups.append(undated)  # rows that cannot be told apart count once
    groups.sort(key=lambda group: min(row.index for row in group))
    return groups


def _names(rows: tuple[Row, ...]) -> str:
    names: list[str] = []
    for row in rows:
        shown = display_name(row["drug"].strip() or "unnamed medicine")
        if shown not in names:
            names.append(shown)
    return " / ".join(names)


def _in_episode(rows: tuple[Row, ...], onset: PartialDate | None) -> bool | None:
    """Taken on or after the onset: started on or after it, ongoing at the visit, or ended on or
    after it. None when the onset is not recorded or the dates allow both; a course still taken
    at the visit is in the episode current at the visit, onset or not."""
    if any(row["ongoing"] == "yes" for row in rows):
        return True
    if onset is None:
        return None
    starts = [row.start for row in rows]
    if None not in starts and min(start.earliest for start in starts) >= onset.latest:  # type: ignore[union-attr]
        return True  # whatever its end
    ends = [row.end for row in rows]
    if None in ends:
        return None
    last = max(ends, key=lambda end: end.latest)  # type: ignore[union-attr]
    if last.earliest >= onset.latest:  # type: ignore[union-attr]
        return True
    if last.latest < onset.earliest:  # type: ignore[union-attr]
        return False
    return None
