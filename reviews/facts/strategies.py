"""The strategies a review shows, read from the dates and the classes as well as the role
entered: augmentation, combination and switching (reviews.facts.findings and the summary's facts
report them, in plain words). Pure functions over a review's trial facts (trials.py)."""

from reviews.facts.courses import Course
from reviews.facts.trials import TrialFacts

COMBINATION_OVERLAP_WEEKS = 2


def augmentations(facts: TrialFacts) -> tuple[tuple[Course, str], ...]:
    """Courses used to augment, each with how the review shows it."""
    found = []
    for course in facts.courses:
        if not course.for_depression:
            continue
        alongside = _running_with(facts, course, minimum_weeks=0)
        recorded = "augmentation" in course.roles
        if course.is_antidepressant and not recorded:
            continue
        if recorded and alongside:
            found.append((course, "recorded as augmentation"))
        elif recorded:
            found.append(
                (
                    course,
                    "recorded as augmentation; no antidepressant recorded at the same time",
                )
            )
        elif alongside:
            with_names = ", ".join(other.drug for other in alongside)
            found.append((course, f"taken while {with_names} was running"))
    return tuple(found)


def combinations(facts: TrialFacts) -> tuple[tuple[tuple[Course, ...], str], ...]:
    """Antidepressant trials taken together, each combination once: the courses joined by
    beginning together (one step) or by running together for COMBINATION_OVERLAP_WEEKS, and
    a course recorded as combination with no other antidepressant beside it."""
    found: list[tuple[tuple[Course, ...], str]] = []
    for group in _taken_together(facts):
        recorded = any("combination" in course.roles for course in group)
        if len(group) == 1:
            if recorded:
                found.append((group, _LONE_COMBINATION))
            continue
        how = "recorded as combination" if recorded else "dates overlap"
        if any(step.courses == group for step in facts.steps):
            how += "; begun together, one treatment step"
        else:
            how += f"; taken together for at least {COMBINATION_OVERLAP_WEEKS} weeks"
        found.append((group, how))
    return tuple(found)


def _taken_together(facts: TrialFacts) -> list[tuple[Course, ...]]:
    """The antidepressant trials in groups: a step's courses, and courses running together."""
    group_of = {id(course): [course] for course in facts.antidepressant_courses}
    for step in facts.trial_steps:
        for course in step.courses[1:]:
            _merge(group_of, step.courses[0], course)
    for course in facts.antidepressant_courses:
        for other in _running_with(facts, course, minimum_weeks=COMBINATION_OVERLAP_WEEKS):
            _merge(group_of, course, other)
    groups: list[tuple[Course, ...]] = []
    seen: set[int] = set()
    for course in facts.antidepressant_courses:
        members = {id(member) for member in group_of[id(course)]}
        if id(course) not in seen:
            seen |= members
            groups.append(tuple(c for c in facts.antidepressant_courses if id(c) in members))
    return groups


def switches(facts: TrialFacts) -> tuple[tuple[Course, Course], ...]:
    """Pairs (earlier, later) of antidepressant trials where the later started after the
    earlier had ended; the earlier is the one that ended last before the later started (with
    sertraline, then citalopram, then venlafaxine: venlafaxine after citalopram)."""
    pairs = []
    courses = [c for c in facts.antidepressant_courses if c.start is not None]
    for later in courses:
        ended_before = [
            earlier
            for earlier in courses
            if earlier.generic != later.generic
            and earlier.end is not None
            and not earlier.ongoing
            and later.start.earliest >= earlier.end.latest  # type: ignore[union-attr]
        ]
        if ended_before:
            pairs.append((max(ended_before, key=lambda c: c.end.latest), later))  # type: ignore[union-attr]
    return tuple(pairs)


def unordered_monotherapies(facts: TrialFacts) -> tuple[Course, ...]:
    """Antidepressant trials of different medicines, each recorded only as monotherapy, whose
    dates cannot order them: two medicines each taken alone were taken one after the other,
    so a switch is recorded by the roles even where the dates do not give its order."""
    alone = [course for course in facts.antidepressant_courses if course.roles == {"monotherapy"}]
    found: dict[int, Course] = {}
    for index, one in enumerate(alone):
        for other in alone[index + 1 :]:
            undated = None in (one.start, one.end, other.start, other.end)
            if one.generic != other.generic and undated:
                found.setdefault(id(one), one)
                found.setdefault(id(other), other)
    return tuple(found.values())


def _running_with(facts: TrialFacts, course: Course, *, minimum_weeks: int) -> list[Course]:
    """Antidepressant trials other than `course` certainly running at the same time as it
    for at least `minimum_weeks` (any overlap at 0)."""
    return [
        other
        for other in facts.antidepressant_courses
        if other is not course
        and other.generic != course.generic
        and _overlap_days(course, other) is not None
        and _overlap_days(course, other) >= max(minimum_weeks * 7, 1)  # type: ignore[operator]
    ]


_LONE_COMBINATION = "recorded as combination; no other antidepressant recorded at the same time"


def _merge(group_of: dict[int, list[Course]], one: Course, other: Course) -> None:
    if group_of[id(one)] is group_of[id(other)]:
        return
    merged = group_of[id(one)] + group_of[id(other)]
    for course in merged:
        group_of[id(course)] = merged


def _overlap_days(one: Course, other: Course) -> int | None:
    """Days two courses certainly ran together; None when the dates cannot tell."""
    if None in (one.start, one.end, other.start, other.end):
        return None
    begin = max(one.start.latest, other.start.latest)  # type: ignore[union-attr]
    finish = min(one.end.earliest, other.end.earliest)  # type: ignore[union-attr]
    return (finish - begin).days + 1 if finish >= begin else None
