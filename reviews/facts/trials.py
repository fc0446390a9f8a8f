"""Medication trials as treatment steps, and which count as failed adequate trials.

The instruments of the field (ATHF, MGH-ATRQ, Maudsley and MGH staging) and payers' forms count
failed adequate antidepressant trials in the current episode. This module works those facts out
from the rows a clinician entered, as plain facts each with the rule that produced it; it never
says that a threshold is met or what follows from a count. Pure functions over the review in the
interchange format (reviews/schema.py); no Django imports. How rows become courses is
courses.py's and how courses become steps treatment_steps.py's; this module judges and counts
the steps.

The rules, each a sentence the summary prints beside its figure (DEFINITIONS):
- A *course* is the rows of one medicine (brand and generic alike) whose dates touch, overlap or
  lie at most COURSE_GAP_DAYS apart. Antidepressants begun together are one *treatment step*.
- A step is an *antidepressant trial* when its medicines are of antidepressant classes, given for
  depression (or the purpose is not recorded) and not recorded as augmentation; any other course
  is *not applicable*.
- At N weeks (4, 6 and 8), an antidepressant trial that ended *counts as a failed adequate trial*
  when its dose was marked adequate, it ran at least N weeks at an adequate dose, adherence was as
  prescribed and the response was none or partial; it is *not counted* when one of these is
  recorded otherwise, and *uncertain* when one is not recorded or approximate dates span N.
- A trial still taken at the visit is *ongoing*, never counted and never uncertain; the ongoing
  figure counts those that so far fit every other clause.
- It is *in the current episode* when it started on or after the recorded onset, or was still
  taken at or after it.
"""

from dataclasses import dataclass, replace

from reviews.facts.courses import COURSE_GAP_DAYS, Course, courses_of, episode_onset
from reviews.facts.dates import PartialDate, Weeks
from reviews.facts.treatment_steps import DEFINITION as STEP_DEFINITION
from reviews.facts.treatment_steps import Step, steps_of

# The parts of the review format the trial rules read: saving a step that changes none of them
# leaves the stored counts as they were (services.save_step).
READS = frozenset({"visit_date", "episode.onset", "medication_trials"})

THRESHOLDS = (4, 6, 8)  # weeks: 4 and 8 from S3's "four to eight weeks", 6 as in MGH-ATRQ

COUNTED, NOT_COUNTED, UNCERTAIN = "counted", "not_counted", "uncertain"
ONGOING, NOT_APPLICABLE = "ongoing", "not_applicable"

DEFINITIONS = {
    "course": (
        f"Rows of one medicine (brand or generic) whose dates touch, overlap or lie at most "
        f"{COURSE_GAP_DAYS} days apart are one course."
    ),
    "step": STEP_DEFINITION,
    "antidepressant_trial": (
        "An antidepressant trial is a course or step of antidepressant classes given for "
        "depression (or a purpose not recorded), not recorded as augmentation; other courses are "
        "not applicable here."
    ),
    "failed": (
        "Counted: a trial that ended, with the dose marked adequate by the clinician, at least N "
        "weeks at an adequate dose, adherence as prescribed and a response of none or partial."
    ),
    "ongoing": (
        "Ongoing: still taken at the visit, never counted; the figure is how many so far fit "
        "every other clause at N weeks."
    ),
    "uncertain": (
        "Uncertain: an entry is not recorded, the response was lost, approximate dates allow "
        "both fewer and more than N weeks, or the dates cannot tell whether it began together "
        "with a counted trial."
    ),
    "current_episode": (
        "Current episode: started on or after the recorded onset, or still taken at or after it "
        "(uncertain there when the dates cannot tell)."
    ),
    "side_effects": (
        "Stopped for side effects: antidepressant courses given for depression stopped because "
        "of side effects or recorded as intolerable, at any weeks (they may also be counted)."
    ),
}

# The rules printed with a count wherever one is shown: page 1, the list, the timeline.
COUNT_RULES = tuple(
    DEFINITIONS[key] for key in ("failed", "ongoing", "uncertain", "current_episode")
)


@dataclass(frozen=True)
class TrialCount:
    """The three figures printed together wherever a count of failed adequate trials is."""

    counted: int
    ongoing: int
    uncertain: int

    def __str__(self) -> str:
        parts = [f"{self.counted} counted"]
        if self.ongoing:
            parts.append(f"{self.ongoing} ongoing")
        if self.uncertain:
            parts.append(f"{self.uncertain} uncertain")
        return " · ".join(parts)


@dataclass(frozen=True)
class TrialFacts:
    courses: tuple[Course, ...]
    steps: tuple[Step, ...]  # every course in one step; a step is one ledger line
    onset: PartialDate | None
    min_weeks: int

    @property
    def antidepressant_courses(self) -> tuple[Course, ...]:
        return tuple(course for course in self.courses if course.is_antidepressant_trial)

    @property
    def trial_steps(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.is_antidepressant_trial)

    def counts(self, *, current_episode: bool) -> dict[int, TrialCount] | None:
        """Counted, ongoing and uncertain trials at each threshold; None for the current episode
        when its onset is not recorded."""
        if current_episode and self.onset is None:
            return None
        return {weeks: self._count_at(weeks, current_episode) for weeks in THRESHOLDS}

    def _count_at(self, weeks: int, current_episode: bool) -> TrialCount:
        states = [_episode_status(step, weeks, current_episode) for step in self.trial_steps]
        ongoing = sum(
            state == ONGOING and step.judged[weeks] == COUNTED
            for step, state in zip(self.trial_steps, states, strict=True)
        )
        return TrialCount(states.count(COUNTED), ongoing, states.count(UNCERTAIN))

    def failed(self, *, current_episode: bool) -> dict[int, int] | None:
        counts = self.counts(current_episode=current_episode)
        return None if counts is None else {w: count.counted for w, count in counts.items()}

    def failed_classes(self, *, current_episode: bool) -> list[str] | None:
        if current_episode and self.onset is None:
            return None
        return sorted(
            {
                course.drug_class
                for step in self.trial_steps
                if _episode_status(step, self.min_weeks, current_episode) == COUNTED
                for course in step.courses
            }
        )

    def stopped_for_side_effects(self, *, current_episode: bool) -> int | None:
        if current_episode and self.onset is None:
            return None
        return sum(
            course.stopped_for_side_effects
            and (not current_episode or course.in_current_episode is True)
            for course in self.antidepressant_courses
        )

    @property
    def adequate_steps(self) -> int:
        """Antidepressant trials (steps) with every dose marked adequate that lasted at least the
        practice's weeks."""
        return sum(
            step.weeks_at_adequate_dose is not None
            and step.weeks_at_adequate_dose.low >= self.min_weeks
            for step in self.trial_steps
        )


def _episode_status(step: Step, weeks: int, current_episode: bool) -> str:
    status = step.status[weeks]
    if not current_episode or step.in_current_episode is True:
        return status
    if step.in_current_episode is None and status in (COUNTED, UNCERTAIN):
        return UNCERTAIN
    return NOT_COUNTED


# --- Building the facts ---


def trial_facts(review: dict, *, min_weeks: int) -> TrialFacts:
    """The courses of a review's medication trials in steps, each judged at 4, 6 and 8 weeks."""
    onset = episode_onset(review)
    courses = courses_of(review, onset)
    judged = [_judged(step) for step in steps_of(courses)]
    judged = [_unless_begun_with_a_counted_step(step, judged) for step in judged]
    return TrialFacts(courses=tuple(courses), steps=tuple(judged), onset=onset, min_weeks=min_weeks)


def _judged(step: Step) -> Step:
    status, reasons, judged = {}, {}, {}
    for weeks in THRESHOLDS:
        if not step.is_antidepressant_trial:
            judged[weeks], reasons[weeks] = NOT_APPLICABLE, _not_a_trial(step)
            status[weeks] = NOT_APPLICABLE
            continue
        judged[weeks], why = _judge_entries(step, weeks)
        if step.ongoing:
            # The weeks so far are in the ledger's weeks column; a clause other than the weeks
            # that does not fit yet is the reason to show, the same at every threshold.
            without_weeks, other = _judge_entries(step, 0)
            status[weeks] = ONGOING
            if judged[weeks] == COUNTED:
                reasons[weeks] = "so far fits every other clause"
            else:
                reasons[weeks] = "so far " + (other if without_weeks != COUNTED else why)
        else:
            status[weeks], reasons[weeks] = judged[weeks], why
    return replace(step, status=status, reasons=reasons, judged=judged)


def _unless_begun_with_a_counted_step(step: Step, steps: list[Step]) -> Step:
    """Where the dates cannot tell whether two trials began together, both counted would count a
    combination twice: the later one is uncertain at each threshold where the earlier counts."""
    if step.may_join is None:
        return step
    index, name = step.may_join
    status, reasons = dict(step.status), dict(step.reasons)
    for weeks in THRESHOLDS:
        if status[weeks] == COUNTED and steps[index].status[weeks] == COUNTED:
            status[weeks] = UNCERTAIN
            reasons[weeks] = f"the dates cannot tell whether it began together with {name}"
    return replace(step, status=status, reasons=reasons)


def _not_a_trial(step: Step) -> str:
    course = step.courses[0]
    if not course.for_depression:
        return f"given for {course.given_for.replace('_', ' ')}"
    if not course.is_antidepressant:
        return "not an antidepressant"
    return "recorded as augmentation"


def _judge_entries(step: Step, threshold: int) -> tuple[str, str]:
    """Whether the step's entries fit the failed-adequate-trial definition at `threshold`
    weeks, and the entries that decided it. A definition applied, never a clinical judgement."""
    not_counted: list[str] = []
    uncertain: list[str] = []
    for course in step.courses:
        marks = {row["dose_adequate"] for row in course.rows}
        named = f" ({course.drug})" if step.combined else ""
        if "yes" not in marks:
            longest = course.weeks_on_dates
            if "unknown" not in marks:
                not_counted.append(f"dose not marked adequate{named}")
            elif longest is not None and longest.high < threshold:
                # Whatever the dose, an ended course this short cannot have the weeks.
                not_counted.append(
                    f"{_weeks(longest)} in all on its dates{named}, fewer than {threshold}"
                )
            else:
                uncertain.append(f"dose adequacy not recorded{named}")
    response = step.response
    if response in ("response", "remission"):
        not_counted.append("responded" if response == "response" else "remission")
    elif response == "lost_response":
        uncertain.append("responded, then lost response")
    elif response == "unknown":
        uncertain.append("response not recorded")
    adherence = step.adherence
    if adherence in ("partial", "poor"):
        not_counted.append(f"adherence {adherence}")
    elif adherence == "unknown":
        uncertain.append("adherence not recorded")
    weeks = step.weeks_at_adequate_dose
    if all(course.adequate_rows for course in step.courses):
        if weeks is None:
            uncertain.append("weeks at an adequate dose not known")
        elif weeks.high < threshold:
            not_counted.append(f"{_weeks(weeks)} at an adequate dose, fewer than {threshold}")
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


def _weeks(weeks: Weeks) -> str:
    """ "1 week", "3 weeks", "0–1 weeks"."""
    return "1 week" if weeks == Weeks(1, 1) else f"{weeks} weeks"


def row_notes(review: dict, *, min_weeks: int) -> dict[int, str]:
    """What the summary makes of each saved row, to show beside it on the medication step:
    its weeks at an adequate dose, the course and step it joins and whether that is in the
    episode."""
    facts = trial_facts(review, min_weeks=min_weeks)
    notes = {}
    for step in facts.steps:
        together = (
            f"Begun together with {step.drug.replace(' + ', ' and ')}: one treatment step."
            if step.combined
            else ""
        )
        for course in step.courses:
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
                notes[row.index] = " ".join(
                    part for part in (_row_weeks(row), joined, together, episode) if part
                )
    return notes


def _row_weeks(row) -> str:
    if row["dose_adequate"] == "unknown":
        return "Dose adequacy not recorded: no weeks at an adequate dose counted."
    if row["dose_adequate"] != "yes":
        return "Dose not marked adequate: no weeks at an adequate dose counted."
    if row.weeks is None:
        return "Weeks at an adequate dose: not known."
    if row.weeks_from_dates:
        return f"Weeks at an adequate dose: {row.weeks} (from dates, may include titration)."
    return f"Weeks at an adequate dose: {row.weeks} (entered)."
