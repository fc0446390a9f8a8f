"""How long the current episode has lasted, computed from its recorded onset, beside the
duration the clinician entered. No Django imports.

An onset known to a year or a month stands for a range of days, so the computed length is a
range of whole months. The product never says which of the two figures is right: when they lie
further apart than DISAGREEMENT_MONTHS, it says only that they differ (docs/decisions.md).
"""

from dataclasses import dataclass
from datetime import date

from reviews.facts.dates import PartialDate

RULE = "months from the recorded onset to the visit"

# More than this many months outside the computed range: a clinician's duration is usually a
# rounded figure, and a quarter of a year absorbs that rounding without hiding a year mistyped.
DISAGREEMENT_MONTHS = 3


@dataclass(frozen=True)
class Months:
    """Whole months known to lie between `low` and `high` (equal when the onset is a day)."""

    low: int
    high: int

    def as_json(self) -> dict[str, int]:
        return {"low": self.low, "high": self.high}

    def __str__(self) -> str:
        return f"{self.low}" if self.low == self.high else f"{self.low}–{self.high}"


def whole_months(start: date, end: date) -> int:
    """Whole calendar months from start to end (negative when end is before start)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def months_from_onset(onset: PartialDate | None, visit: date) -> Months | None:
    """The shortest and longest whole months the onset allows up to the visit; None when the
    onset is not recorded or lies wholly after the visit."""
    if onset is None or onset.earliest > visit:
        return None
    return Months(max(whole_months(onset.latest, visit), 0), whole_months(onset.earliest, visit))


def differs(computed: Months | None, entered: int | None) -> bool:
    """True when both are known and the entered duration lies more than DISAGREEMENT_MONTHS
    outside the computed range."""
    if computed is None or entered is None:
        return False
    return (
        entered < computed.low - DISAGREEMENT_MONTHS
        or entered > computed.high + DISAGREEMENT_MONTHS
    )


def difference_notice(computed: Months, entered: int) -> str:
    """What the episode step and the summary say when the two differ: both figures, no verdict."""
    return (
        f"The duration entered ({entered} months) and the {RULE} ({computed} months) differ "
        f"by more than {DISAGREEMENT_MONTHS} months."
    )


def episode_months(review: dict) -> Months | None:
    """months_from_onset of a review in the interchange format; None when the onset or the
    visit date is missing or unreadable."""
    try:
        onset = PartialDate.of(review["episode"]["onset"])
    except ValueError:
        return None
    visit = review["visit_date"]
    if not visit:
        return None
    return months_from_onset(onset, visit if isinstance(visit, date) else date.fromisoformat(visit))
