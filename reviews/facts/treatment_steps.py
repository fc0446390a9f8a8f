"""Courses read as treatment steps: antidepressants started together are one step.

ATHF and MGH-ATRQ rate two antidepressants begun together as one treatment, not as two. Here
every course (courses.py) is in exactly one *step*: a course on its own, or antidepressant trials
that started within STEP_START_DAYS days of each other and then ran together for at least
TOGETHER_WEEKS weeks (or are all recorded as combination). trials.py judges and counts steps, so
a combination begun together is counted at most once. Where the dates are too coarse to tell
whether two trials began together, they stay apart and the later one is marked (`may_join`), so
that trials.py never counts both. Pure functions; no Django imports.
"""

from dataclasses import dataclass, field

from reviews.facts.courses import Course, Row
from reviews.facts.dates import PartialDate, Weeks

STEP_START_DAYS = 14
TOGETHER_WEEKS = 2

# The best response recorded in a step is the step's: a step in which the patient responded or
# remitted was not a failed step, whichever of its medicines the row recording it names.
RESPONSE_ORDER = ("remission", "response", "lost_response", "partial", "none")
ADHERENCE_ORDER = ("poor", "partial", "unknown", "as_prescribed")

DEFINITION = (
    f"Antidepressants given for depression begun within {STEP_START_DAYS} days of each other "
    f"that ran together at least {TOGETHER_WEEKS} weeks (or are each recorded as combination) "
    "are one treatment step, on one line and counted at most once; it needs each dose marked "
    "adequate, and its weeks are the fewest, its adherence the least and its response the best "
    "of theirs."
)


@dataclass(frozen=True)
class Step:
    """One line of the ledger: a course, or antidepressant courses started together."""

    courses: tuple[Course, ...]  # in the order their first rows were entered
    # An earlier step this one may have begun together with, the dates being too coarse to
    # tell: its index among the steps and its name.
    may_join: tuple[int, str] | None = None
    status: dict[int, str] = field(default_factory=dict)  # threshold → counted / …
    reasons: dict[int, str] = field(default_factory=dict)
    judged: dict[int, str] = field(default_factory=dict)  # what the clauses alone give

    @property
    def combined(self) -> bool:
        return len(self.courses) > 1

    @property
    def drug(self) -> str:
        return " + ".join(course.drug for course in self.courses)

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(row for course in self.courses for row in course.rows)

    @property
    def first(self) -> Row:
        return self.courses[0].first

    @property
    def last(self) -> Row:
        return self.courses[-1].last

    @property
    def roles(self) -> frozenset[str]:
        return frozenset().union(*(course.roles for course in self.courses))

    @property
    def given_for(self) -> str:
        return self.courses[0].given_for

    @property
    def is_antidepressant_trial(self) -> bool:
        return all(course.is_antidepressant_trial for course in self.courses)

    @property
    def ongoing(self) -> bool:
        return any(course.ongoing for course in self.courses)

    @property
    def start(self) -> PartialDate | None:
        starts = [course.start for course in self.courses]
        return None if None in starts else min(starts, key=lambda s: s.earliest)  # type: ignore

    @property
    def end(self) -> PartialDate | None:
        ends = [course.end for course in self.courses]
        return None if None in ends else max(ends, key=lambda e: e.latest)  # type: ignore

    @property
    def in_current_episode(self) -> bool | None:
        """In the episode when any of its courses is; None when none is and one cannot tell."""
        places = {course.in_current_episode for course in self.courses}
        return True if True in places else (None if None in places else False)

    @property
    def weeks_at_adequate_dose(self) -> Weeks | None:
        weeks = [course.weeks_at_adequate_dose for course in self.courses]
        if None in weeks:
            return None
        return Weeks(min(w.low for w in weeks), min(w.high for w in weeks))  # type: ignore

    @property
    def weeks_from_dates(self) -> bool:
        return any(course.weeks_from_dates for course in self.courses)

    @property
    def adherence(self) -> str:
        values = {course.adherence for course in self.courses}
        return next(value for value in ADHERENCE_ORDER if value in values)

    @property
    def response(self) -> str:
        values = {course.response for course in self.courses}
        return next((value for value in RESPONSE_ORDER if value in values), "unknown")

    @property
    def stopped_for_side_effects(self) -> bool:
        return any(course.stopped_for_side_effects for course in self.courses)


def steps_of(courses: list[Course]) -> list[Step]:
    """Every course in one step, in entry order; antidepressant trials begun together joined."""
    trials = [course for course in courses if course.is_antidepressant_trial]
    group_of = {id(course): [course] for course in courses}
    maybe: list[tuple[Course, Course]] = []
    for index, one in enumerate(trials):
        for other in trials[index + 1 :]:
            if one.generic == other.generic:
                continue
            together = _begun_together(one, other)
            if together is True and group_of[id(one)] is not group_of[id(other)]:
                merged = group_of[id(one)] + group_of[id(other)]
                for course in merged:
                    group_of[id(course)] = merged
            elif together is None:
                maybe.append((one, other))
    order = {id(course): index for index, course in enumerate(courses)}
    steps: list[Step] = []
    seen: set[int] = set()
    for course in courses:
        group = group_of[id(course)]
        if id(group) in seen:
            continue
        seen.add(id(group))
        steps.append(Step(courses=tuple(sorted(group, key=lambda c: order[id(c)]))))
    return _mark_maybe(steps, maybe)


def _mark_maybe(steps: list[Step], maybe: list[tuple[Course, Course]]) -> list[Step]:
    """The later-starting of two steps that may have begun together names the other."""
    index_of = {id(course): index for index, step in enumerate(steps) for course in step.courses}
    joins: dict[int, tuple[int, str]] = {}
    for one, other in maybe:
        first, second = index_of[id(one)], index_of[id(other)]
        if first == second:
            continue
        later, earlier = (second, first) if _starts_later(other, one) else (first, second)
        joins.setdefault(later, (earlier, steps[earlier].drug))
    return [
        Step(courses=step.courses, may_join=joins[index]) if index in joins else step
        for index, step in enumerate(steps)
    ]


def _starts_later(one: Course, other: Course) -> bool:
    assert one.start is not None and other.start is not None
    return (one.start.earliest, one.start.latest) >= (other.start.earliest, other.start.latest)


def _begun_together(one: Course, other: Course) -> bool | None:
    """True when two antidepressant trials are one step, False when they are certainly not, None
    when their dates cannot tell."""
    if one.start is None or other.start is None:
        return False  # undated rows: nothing says they began together
    starts = _within(one.start, other.start)
    if starts is False:
        return False
    if {"combination"} <= one.roles and {"combination"} <= other.roles:
        return True
    together = _ran_together(one, other)
    if starts is True and together is True:
        return True
    return None if together is not False else False


def _within(one: PartialDate, other: PartialDate) -> bool | None:
    """Whether two starts lie within STEP_START_DAYS days: certainly, certainly not, or None."""
    widest = (max(one.latest, other.latest) - min(one.earliest, other.earliest)).days
    closest = (max(one.earliest, other.earliest) - min(one.latest, other.latest)).days
    if widest <= STEP_START_DAYS:
        return True
    return None if closest <= STEP_START_DAYS else False


def _ran_together(one: Course, other: Course) -> bool | None:
    """Whether two courses ran together for TOGETHER_WEEKS weeks: certainly, certainly not, or
    None when the dates allow both."""
    days = TOGETHER_WEEKS * 7
    assert one.start is not None and other.start is not None
    begin_latest = max(one.start.latest, other.start.latest)
    begin_earliest = max(one.start.earliest, other.start.earliest)
    if one.end is None or other.end is None:
        return None
    certain = (min(one.end.earliest, other.end.earliest) - begin_latest).days + 1
    possible = (min(one.end.latest, other.end.latest) - begin_earliest).days + 1
    if certain >= days:
        return True
    return None if possible >= days else False
