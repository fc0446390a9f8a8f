"""Medication trials as courses, and which count as failed adequate trials.

The instruments of the field (ATHF, MGH-ATRQ, Maudsley and MGH staging) and payers' forms count
failed adequate antidepressant trials in the current episode. This module works those facts out
from the rows a clinician entered, as plain facts each with the rule that produced it; it never
says that a threshold is met or what follows from a count. Pure functions over the review in the
interchange format (reviews/schema.py); no Django imports. How rows become courses is
courses.py's; this module judges and counts them.

The rules, each a sentence the summary prints beside its figure:
- A *course* is the rows of one medicine (brand and generic alike) whose dates touch, overlap or
  lie at most COURSE_GAP_DAYS apart: dose steps and re-entries of the same treatment. A row whose
  end is not known may reach the next row; the rows of one medicine without a start date, which
  cannot be told apart, are one course.
- A course is an *antidepressant trial* when its medicine is of an antidepressant class, it was
  given for depression (or the purpose is not recorded) and it was not recorded as augmentation.
- At N weeks (4, 6 and 8), an antidepressant trial *counts as a failed adequate trial* when its
  dose was marked adequate, it ran at least N weeks at an adequate dose, adherence was as
  prescribed and the response was none or partial; it is *not counted* when one of these is
  recorded otherwise, and *uncertain* when one is not recorded or approximate dates span N.
- It is *in the current episode* when it was taken on or after the episode's onset (ongoing at
  the onset counts).
"""

from dataclasses import dataclass, replace

from reviews.courses import COURSE_GAP_DAYS, Course, courses_of, episode_onset
from reviews.dates import PartialDate

THRESHOLDS = (4, 6, 8)  # weeks: 4 and 8 from S3's "four to eight weeks", 6 as in MGH-ATRQ
COMBINATION_OVERLAP_WEEKS = 2

COUNTED, NOT_COUNTED, UNCERTAIN = "counted", "not_counted", "uncertain"

DEFINITIONS = {
    "course": (
        f"Rows of the same medicine (brand or generic) whose dates touch, overlap or lie at most "
        f"{COURSE_GAP_DAYS} days apart are one course."
    ),
    "antidepressant_trial": (
        "An antidepressant trial is a course of an antidepressant class given for depression "
        "(or for a purpose not recorded) and not recorded as augmentation."
    ),
    "failed": (
        "Counted as a failed adequate trial at N weeks: dose marked adequate by the clinician, at "
        "least N weeks at an adequate dose, adherence as prescribed, response none or partial."
    ),
    "uncertain": (
        "Uncertain: one of those entries is not recorded, the response was lost after a "
        "response, or approximate dates allow both fewer and more than N weeks."
    ),
    "current_episode": (
        "In the current episode: taken on or after the recorded onset (ongoing at the onset "
        "counts)."
    ),
}


@dataclass(frozen=True)
class TrialFacts:
    courses: tuple[Course, ...]
    onset: PartialDate | None
    min_weeks: int

    @property
    def antidepressant_courses(self) -> tuple[Course, ...]:
        return tuple(course for course in self.courses if course.is_antidepressant_trial)

    def failed(self, *, current_episode: bool) -> dict[int, int] | None:
        return self._count(COUNTED, current_episode)

    def uncertain(self, *, current_episode: bool) -> dict[int, int] | None:
        return self._count(UNCERTAIN, current_episode)

    def _count(self, wanted: str, current_episode: bool) -> dict[int, int] | None:
        if current_episode and self.onset is None:
            return None
        counts = {}
        for weeks in THRESHOLDS:
            counts[weeks] = sum(
                _episode_status(course, weeks, current_episode) == wanted
                for course in self.antidepressant_courses
            )
        return counts

    def failed_classes(self, *, current_episode: bool) -> list[str] | None:
        if current_episode and self.onset is None:
            return None
        return sorted(
            {
                course.drug_class
                for course in self.antidepressant_courses
                if _episode_status(course, self.min_weeks, current_episode) == COUNTED
            }
        )

    @property
    def adequate_courses(self) -> int:
        """Antidepressant trials marked adequate that lasted at least the practice's weeks."""
        return sum(
            course.weeks_at_adequate_dose is not None
            and course.weeks_at_adequate_dose.low >= self.min_weeks
            for course in self.antidepressant_courses
        )

    # --- Strategies, from dates and classes as well as the role entered ---

    def augmentations(self) -> tuple[tuple[Course, str], ...]:
        """Courses used to augment, each with how the review shows it."""
        found = []
        for course in self.courses:
            if not course.for_depression:
                continue
            alongside = self._running_with(course, minimum_weeks=0)
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

    def combinations(self) -> tuple[tuple[Course, str], ...]:
        found = []
        for course in self.antidepressant_courses:
            alongside = [
                other
                for other in self._running_with(course, minimum_weeks=COMBINATION_OVERLAP_WEEKS)
                if other.is_antidepressant_trial
            ]
            recorded = "combination" in course.roles
            if alongside:
                names = ", ".join(other.drug for other in alongside)
                how = "recorded as combination" if recorded else "dates overlap"
                found.append(
                    (
                        course,
                        f"{how}; taken together with {names} for at least "
                        f"{COMBINATION_OVERLAP_WEEKS} weeks",
                    )
                )
            elif recorded:
                found.append(
                    (
                        course,
                        "recorded as combination; no other antidepressant recorded at the same "
                        "time",
                    )
                )
        return tuple(found)

    def switches(self) -> tuple[tuple[Course, Course], ...]:
        """Pairs (earlier, later) of antidepressant trials where the later started after the
        earlier had ended; the earlier is the one that ended last before the later started (with
        sertraline, then citalopram, then venlafaxine: venlafaxine after citalopram)."""
        pairs = []
        courses = [c for c in self.antidepressant_courses if c.start is not None]
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

    def _running_with(self, course: Course, *, minimum_weeks: int) -> list[Course]:
        """Antidepressant trials other than `course` certainly running at the same time as it
        for at least `minimum_weeks` (any overlap at 0)."""
        return [
            other
            for other in self.antidepressant_courses
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


def _episode_status(course: Course, weeks: int, current_episode: bool) -> str:
    status = course.status[weeks]
    if not current_episode or course.in_current_episode is True:
        return status
    if course.in_current_episode is None and status in (COUNTED, UNCERTAIN):
        return UNCERTAIN
    return NOT_COUNTED


# --- Building the facts ---


def trial_facts(review: dict, *, min_weeks: int) -> TrialFacts:
    """The courses of a review's medication trials, each judged at 4, 6 and 8 weeks."""
    onset = episode_onset(review)
    judged_courses = []
    for course in courses_of(review, onset):
        judged = {weeks: _judge_entries(course, weeks) for weeks in THRESHOLDS}
        judged_courses.append(
            replace(
                course,
                status={weeks: status for weeks, (status, _why) in judged.items()},
                reasons={weeks: why for weeks, (_status, why) in judged.items()},
            )
        )
    return TrialFacts(courses=tuple(judged_courses), onset=onset, min_weeks=min_weeks)


def _judge_entries(course: Course, threshold: int) -> tuple[str, str]:
    """Whether the course's entries fit the failed-adequate-trial definition at `threshold`
    weeks, and the entries that decided it. A definition applied, never a clinical judgement."""
    not_counted: list[str] = []
    uncertain: list[str] = []
    marks = {row["dose_adequate"] for row in course.rows}
    if "yes" not in marks:
        (uncertain if "unknown" in marks else not_counted).append(
            "dose adequacy not recorded" if "unknown" in marks else "dose not marked adequate"
        )
    response = course.response
    if response in ("response", "remission"):
        not_counted.append("responded" if response == "response" else "remission")
    elif response == "lost_response":
        uncertain.append("responded, then lost response")
    elif response == "unknown":
        uncertain.append("response not recorded")
    adherence = course.adherence
    if adherence in ("partial", "poor"):
        not_counted.append(f"adherence {adherence}")
    elif adherence == "unknown":
        uncertain.append("adherence not recorded")
    weeks = course.weeks_at_adequate_dose
    if "yes" in marks:
        if weeks is None:
            uncertain.append("weeks at an adequate dose not known")
        elif weeks.high < threshold:
            not_counted.append(f"{weeks} weeks at an adequate dose, fewer than {threshold}")
        elif weeks.low < threshold:
            uncertain.append(f"approximate dates: {weeks} weeks, across {threshold}")
    if not_counted:
        return NOT_COUNTED, "; ".join(not_counted)
    if uncertain:
        return UNCERTAIN, "; ".join(uncertain)
    return COUNTED, (
        f"dose marked adequate, {weeks} weeks at an adequate dose, adherence as prescribed, "
        f"response {response}"
    )


def row_notes(review: dict, *, min_weeks: int) -> dict[int, str]:
    """What the summary makes of each saved row, to show beside it on the medication step:
    its weeks at an adequate dose, the course it joins and whether that is in the episode."""
    facts = trial_facts(review, min_weeks=min_weeks)
    notes = {}
    for course in facts.courses:
        if len(course.rows) > 1:
            numbers = ", ".join(str(row.index + 1) for row in course.rows)
            joined = f"One course of {course.generic} with rows {numbers}."
        else:
            joined = ""
        episode = {
            True: "In the current episode.",
            False: "Before the current episode.",
            None: "Current episode: cannot tell (onset or dates not recorded).",
        }[course.in_current_episode]
        for row in course.rows:
            if row["dose_adequate"] == "unknown":
                weeks = "Dose adequacy not recorded: no weeks at an adequate dose counted."
            elif row["dose_adequate"] != "yes":
                weeks = "Dose not marked adequate: no weeks at an adequate dose counted."
            elif row.weeks is None:
                weeks = "Weeks at an adequate dose: not known."
            elif row.weeks_from_dates:
                weeks = (
                    f"Weeks at an adequate dose: {row.weeks} (from dates, may include titration)."
                )
            else:
                weeks = f"Weeks at an adequate dose: {row.weeks} (entered)."
            notes[row.index] = " ".join(part for part in (weeks, joined, episode) if part)
    return notes
