"""The strategies a review shows, read from the dates and the classes as well as the role
entered: augmentation, combination and switching (reviews.facts.findings and the summary's facts
report them, in plain words). Pure functions over a review's trial facts (trials.py)."""

from collections.abc import Iterable

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
    """Antidepressant trials taken together, each combination once: courses that each pair
    began together (one step) or ran together for COMBINATION_OVERLAP_WEEKS, and a course
    recorded as combination with none beside it. Only courses all taken together make one
    combination: A beside B, then B beside C, is two combinations, never A + B + C."""
    found: list[tuple[tuple[Course, ...], str]] = []
    for group in _taken_together(facts):
        recorded = any("combination" in course.roles for course in group)
        if len(group) == 1:
            if recorded:
                found.append((group, _lone_combination(facts, group[0])))
            continue
        how = "recorded as combination" if recorded else "dates overlap"
        if any(step.courses == group for step in facts.steps):
            how += "; begun together, one treatment step"
        else:
            how += f"; taken together for at least {COMBINATION_OVERLAP_WEEKS} weeks"
        found.append((group, how))
    return tuple(found)


def _lone_combination(facts: TrialFacts, course: Course) -> str:
    """How a course recorded as combination that makes no combination with another trial is
    shown: an antidepressant beside it for less than the weeks, or one recorded as augmentation
    (which is not an antidepressant trial), is named, not denied."""
    antidepressants = [c for c in facts.courses if c.is_antidepressant and c.for_depression]
    beside = [other.drug for other in _running_with(facts, course, among=antidepressants)]
    if beside:
        return f"recorded as combination; taken while {', '.join(beside)} was running"
    return "recorded as combination; no other antidepressant recorded at the same time"


def _taken_together(facts: TrialFacts) -> list[tuple[Course, ...]]:
    """The antidepressant trials in groups that were each taken together: the largest sets of
    courses of which every two began together (one step) or ran together; a course taken with
    none is a group of its own. In the order of the first course of each group."""
    courses = facts.antidepressant_courses
    position = {id(course): index for index, course in enumerate(courses)}
    together: dict[int, set[int]] = {index: set() for index in range(len(courses))}
    for step in facts.trial_steps:
        members = {position[id(course)] for course in step.courses}
        for one in members:
            together[one] |= members - {one}
    for one, course in enumerate(courses):
        for other in _running_with(facts, course, minimum_weeks=COMBINATION_OVERLAP_WEEKS):
            together[one].add(position[id(other)])
            together[position[id(other)]].add(one)
    groups = sorted(_largest_sets(together))
    return [tuple(courses[index] for index in group) for group in groups]


def _largest_sets(together: dict[int, set[int]]) -> list[tuple[int, ...]]:
    """Every largest set of courses of which each two were taken together (the maximal cliques
    of the graph, by Bron and Kerbosch's method with a pivot); a course alone is a set of one."""
    found: list[tuple[int, ...]] = []

    def extend(chosen: set[int], candidates: set[int], excluded: set[int]) -> None:
        if not candidates and not excluded:
            found.append(tuple(sorted(chosen)))
            return
        pivot = max(candidates | excluded, key=lambda index: len(together[index] & candidates))
        for index in sorted(candidates - together[pivot]):
            extend(chosen | {index}, candidates & together[index], excluded & together[index])
            candidates = candidates - {index}
            excluded = excluded | {index}

    if together:
        extend(set(), set(together), set())
    return found


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


def _running_with(
    facts: TrialFacts,
    course: Course,
    *,
    minimum_weeks: int = 0,
    among: Iterable[Course] | None = None,
) -> list[Course]:
    """Antidepressant trials (or the courses `among`) other than `course`, of another medicine,
    certainly running at the same time as it for at least `minimum_weeks` (any overlap at 0)."""
    return [
        other
        for other in (facts.antidepressant_courses if among is None else among)
        if other is not course
        and other.generic != course.generic
        and _overlap_days(course, other) is not None
        and _overlap_days(course, other) >= max(minimum_weeks * 7, 1)  # type: ignore[operator]
    ]


def _overlap_days(one: Course, other: Course) -> int | None:
    """Days two courses certainly ran together; None when the dates cannot tell."""
    if None in (one.start, one.end, other.start, other.end):
        return None
    begin = max(one.start.latest, other.start.latest)  # type: ignore[union-attr]
    finish = min(one.end.earliest, other.end.earliest)  # type: ignore[union-attr]
    return (finish - begin).days + 1 if finish >= begin else None
