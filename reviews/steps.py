"""The walk-through as data: one step per section of the review (reviews/schema.py), in order.

Navigation is a handful of pure functions over step slugs, so it can be tested without a request
or a database.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from reviews import schema


@dataclass(frozen=True)
class Step:
    """A page of the walk-through: a section of the schema, its repeatable rows, or both."""

    slug: str
    title: str
    section: schema.Section | None = None
    rows: schema.Rows | None = None
    sources: tuple[str, ...] = ()
    intro: str = ""

    @property
    def row_name(self) -> str:
        """ "medication trial": the add button says "Add another medication trial"."""
        return self.rows.noun if self.rows else ""

    @property
    def parts(self) -> tuple[schema.Section | schema.Rows, ...]:
        return tuple(part for part in (self.section, self.rows) if part is not None)


STEPS: tuple[Step, ...] = (
    Step(
        "visit",
        "Visit",
        section=schema.VISIT,
        intro="Who the review is about and when it took place.",
    ),
    Step(
        "safety",
        "Safety",
        section=schema.SAFETY,
        sources=("S1", "S2", "S3"),
        intro="What was asked about suicidal thoughts, behaviour and self-harm, and what was said.",
    ),
    Step(
        "episode",
        "Episode & severity",
        section=schema.EPISODE,
        rows=schema.SEVERITY_SCORES,
        sources=("S2", "S3"),
        # S2 and S3 speak of episodes and of specialist care; neither names a rating scale.
        intro=(
            "The current episode, earlier episodes and specialist care, and the rating-scale "
            "scores your clinic uses (the scales are not from the cited documents)."
        ),
    ),
    Step(
        "medication",
        "Medication trials",
        rows=schema.MEDICATION_TRIALS,
        sources=("S3",),
        # No definition of treatment-resistant depression here: beside the counts made from
        # these rows it would read as a verdict on the patient.
        intro=(
            "One row per medicine tried. S3 gives four to eight weeks for a medicine to reach "
            "full effect; the summary counts from these rows by the rules it prints beside "
            "each figure."
        ),
    ),
    Step(
        "adherence",
        "Adherence & engagement",
        section=schema.ADHERENCE,
        sources=("S3",),
        intro="Whether medicines and appointments are kept to, and what gets in the way.",
    ),
    Step(
        "other-medicines",
        "Other medicines",
        section=schema.OTHER_MEDICINES,
        sources=("S3",),
        intro="Non-prescription drugs and herbal supplements.",
    ),
    Step(
        "substance-use",
        "Substance use",
        section=schema.SUBSTANCE_USE,
        sources=("S2", "S3"),
        intro="Alcohol, recreational drugs and cannabis.",
    ),
    Step(
        "physical-health",
        "Physical health",
        section=schema.PHYSICAL_HEALTH,
        sources=("S3",),
        intro="Thyroid disorders, chronic pain and heart problems are named among conditions "
        "that can cause or worsen depression.",
    ),
    Step(
        "differentials",
        "Differential & co-occurring",
        section=schema.DIFFERENTIALS,
        sources=("S2", "S3", "S4"),
        intro="Other conditions that the documents describe as causing or worsening depression.",
    ),
    Step(
        "life-situation",
        "Life situation",
        section=schema.LIFE_SITUATION,
        sources=("S2", "S3", "S4"),
        intro="Stressors, sleep, exercise and the people around the patient.",
    ),
    Step(
        "psychotherapies",
        "Psychotherapies tried",
        rows=schema.PSYCHOTHERAPIES,
        sources=("S2", "S3", "S4", "S5"),
        intro="One row per course of talking therapy.",
    ),
    Step(
        "procedures",
        "Procedures & intensive care",
        rows=schema.PROCEDURES,
        sources=("S1", "S2", "S3", "S4", "S5"),
        intro="Brain-stimulation treatments, ketamine or esketamine, and intensive programmes.",
    ),
    Step(
        "pharmacogenomics",
        "Pharmacogenomic testing",
        section=schema.PHARMACOGENOMIC_TESTING,
        sources=("S1", "S3"),
        intro="Genetic testing of how medicines may be processed.",
    ),
    Step("notes", "Notes", section=schema.NOTES, intro="Anything else about this visit."),
)

STEPS_BY_SLUG: dict[str, Step] = {step.slug: step for step in STEPS}


def step_showing(part: schema.Section | schema.Rows) -> Step:
    """The step whose page shows this part of the schema."""
    return next(step for step in STEPS if part in step.parts)


SLUGS: tuple[str, ...] = tuple(STEPS_BY_SLUG)
FIRST_STEP = SLUGS[0]


@dataclass(frozen=True)
class StepState:
    """A step as the progress indicator shows it."""

    number: int
    slug: str
    title: str
    completed: bool
    current: bool


def step_number(slug: str) -> int:
    """1-based position of a step; ValueError for an unknown slug."""
    return SLUGS.index(slug) + 1


def next_slug(slug: str) -> str | None:
    """The step after this one, or None after the last."""
    number = step_number(slug)
    return SLUGS[number] if number < len(SLUGS) else None


def previous_slug(slug: str) -> str | None:
    """The step before this one, or None before the first."""
    number = step_number(slug)
    return SLUGS[number - 2] if number > 1 else None


# Where a save can lead besides a step.
FINISH = "finish"  # the finish page, after the last step
HOME = "home"  # "Save and exit": back to the list of reviews


def destination(slug: str, action: str, goto: str = "") -> str:
    """Where a successful save of step `slug` leads: a step slug, FINISH or HOME.

    `action` is the button pressed (one of forms.STEP_ACTIONS); `goto` is a step (or FINISH)
    picked beside the form, and wins when it names one.
    """
    if goto in STEPS_BY_SLUG or goto == FINISH:
        return goto
    if action == "back":
        return previous_slug(slug) or slug
    if action == "stay":
        return slug
    if action == "exit":
        return HOME
    return next_slug(slug) or FINISH


def resume_slug(last_step: str, completed: Iterable[str]) -> str:
    """Where a clinician returning to a draft picks up: where they were heading, else the first
    step not yet saved, else the first step."""
    if last_step in STEPS_BY_SLUG:
        return last_step
    done = set(completed)
    return next((slug for slug in SLUGS if slug not in done), FIRST_STEP)


def progress(current: str | None, completed: Iterable[str]) -> list[StepState]:
    done = set(completed)
    return [
        StepState(number, step.slug, step.title, step.slug in done, step.slug == current)
        for number, step in enumerate(STEPS, start=1)
    ]
