"""Dates known to a year, a month or a day ("2019", "2019-03", "2019-03-14").

People remember when a medicine was started at the precision they know it; ISO 8601 allows the
reduced forms (as FHIR's `date` type does). A partial date stands for a range of days, so anything
computed from it is a range too. No Django imports.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Self

PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
FORMATS = "YYYY, YYYY-MM or YYYY-MM-DD"
# What a hand may type into a date field besides the format's own forms: the day without its
# dashes (ISO 8601's basic form, "20240301") or one-digit parts after the year ("2024-3-1",
# "2024/3/1"). The year comes first in both, so neither can be read two ways. The file format
# keeps its three forms only; static/js/partial_dates.js mirrors this for the page.
TYPED = re.compile(r"(\d{4})(\d{2})(\d{2})|(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?")


def as_written(typed: str) -> str:
    """A typed date in the format's own form ("20240301" and "2024-3-1" are "2024-03-01");
    anything else as it was typed, for `PartialDate.parse` to accept or refuse."""
    text = typed.strip()
    match = TYPED.fullmatch(text)
    if not match:
        return text
    year, month, day = match[1] or match[4], match[2] or match[5], match[3] or match[6]
    return "-".join([year, month.zfill(2)] + ([day.zfill(2)] if day else []))


@dataclass(frozen=True, order=True)
class PartialDate:
    earliest: date
    latest: date
    text: str  # as written, canonical

    @classmethod
    def parse(cls, text: str) -> Self:
        """Raise ValueError unless `text` is a date in one of the three forms."""
        match = PATTERN.fullmatch(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a date ({FORMATS})")
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        if month is None:
            return cls(date(year, 1, 1), date(year, 12, 31), f"{year:04d}")
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return cls(date(year, month, 1), date(year, month, last), f"{year:04d}-{month:02d}")
        exact = date(year, month, day)  # ValueError for 2019-02-30
        return cls(exact, exact, exact.isoformat())

    @classmethod
    def of(cls, value: "str | date | PartialDate | None") -> Self | None:
        """A partial date from the format's string, a date, or None for "not known"."""
        if value is None or value == "":
            return None
        if isinstance(value, PartialDate):
            return value  # type: ignore[return-value]
        if isinstance(value, date):
            return cls(value, value, value.isoformat())
        return cls.parse(value)

    @property
    def exact(self) -> bool:
        return self.earliest == self.latest

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Weeks:
    """Whole weeks known to lie between `low` and `high` (equal when the dates are exact)."""

    low: int
    high: int

    def __add__(self, other: "Weeks") -> "Weeks":
        return Weeks(self.low + other.low, self.high + other.high)

    @property
    def exact(self) -> bool:
        return self.low == self.high

    def as_json(self) -> int | list[int]:
        return self.low if self.exact else [self.low, self.high]

    def __str__(self) -> str:
        return f"{self.low}" if self.exact else f"{self.low}–{self.high}"


def weeks_between(start: PartialDate, end: PartialDate) -> Weeks | None:
    """Whole weeks from start to end, as the shortest and longest the dates allow; None when
    the end is certainly before the start."""
    shortest = (end.earliest - start.latest).days
    longest = (end.latest - start.earliest).days
    if longest < 0:
        return None
    return Weeks(max(shortest, 0) // 7, longest // 7)
