"""Plain facts computed from one review: the summary's counts and its open assessments.

The input is the review as a plain dict in the interchange format (docs/format.md) (dates as ISO
strings or None, every key present, lists of dicts for repeatable rows), so the same functions serve
the web pages, the PDF, the JSON summary and the tests without a database. Nothing here judges the
entries: facts are counts and durations. Each category's related findings are findings.py's. No
Django imports.
"""

from dataclasses import dataclass, field

from reviews import schema
from reviews.facts import chronicity, strategies
from reviews.facts.treatment_steps import Step
from reviews.facts.trials import THRESHOLDS, TrialCount, TrialFacts

# Values that mean "not known yet"; the summary lists them so the gaps are visible.
OPEN_VALUES = schema.OPEN_VALUES

# Every single-choice assessment of the one-to-one sections, in format order. Text fields,
# lists and repeatable rows record entries, not assessments, so they are not here.
ASSESSMENTS: tuple[str, ...] = tuple(
    schema.path(section, question) for section, question in schema.assessments()
)


@dataclass(frozen=True)
class Facts:
    medication_trials: int  # courses of any medicine
    antidepressant_trials: int  # antidepressant courses, one per medicine
    adequate_trials: int  # antidepressant steps
    antidepressant_classes: tuple[str, ...]  # sorted, distinct codes
    augmentation_trials: int
    combination_trials: int  # combinations, each counted once
    psychotherapies: int
    procedures: int
    courses: list[dict] = field(default_factory=list)  # one per step: a line of the ledger
    failed_adequate_trials: dict = field(default_factory=dict)
    ongoing_trials: dict = field(default_factory=dict)
    uncertain_trials: dict = field(default_factory=dict)
    stopped_for_side_effects: dict = field(default_factory=dict)
    failed_classes: dict = field(default_factory=dict)
    # chronicity.RULE: {"low": n, "high": m}, or None when the onset is not recorded.
    episode_months_from_onset: dict | None = None


def course_json(step: Step) -> dict:
    """One line of the ledger: a course, or antidepressants begun together (one step)."""
    weeks = step.weeks_at_adequate_dose
    return {
        "drug": step.drug,
        "drug_class": " + ".join(course.drug_class for course in step.courses),
        "medicines": [
            {
                "drug": course.drug,
                "drug_class": course.drug_class,
                "label_dose": _label_json(course),
            }
            for course in step.courses
        ],
        # The US label's range of a one-medicine step (each medicine's is under "medicines").
        "label_dose": _label_json(step.courses[0]) if len(step.courses) == 1 else None,
        "given_for": step.given_for,
        "rows": len(step.rows),
        "ongoing": step.ongoing,
        "in_current_episode": step.in_current_episode,
        "weeks_at_adequate_dose": None if weeks is None else weeks.as_json(),
        "stopped_for_side_effects": step.is_antidepressant_trial and step.stopped_for_side_effects,
        "failed": {str(weeks): step.status[weeks] for weeks in THRESHOLDS},
        "reasons": {str(weeks): step.reasons[weeks] for weeks in THRESHOLDS},
    }


def _label_json(course) -> dict | None:
    entry = course.label_dose
    return entry.as_json() if entry else None


def compute_facts(review: dict, found: TrialFacts) -> Facts:
    """The counts of the summary (docs/format.md), computed and never judged; `found` is
    trials.trial_facts of the same review."""
    antidepressants = found.antidepressant_courses
    months = chronicity.episode_months(review)

    def by_scope(count) -> dict:
        return {
            "current_episode": count(found.counts(current_episode=True)),
            "all": count(found.counts(current_episode=False)),
        }

    return Facts(
        medication_trials=len(found.courses),
        antidepressant_trials=len(antidepressants),
        adequate_trials=found.adequate_steps,
        antidepressant_classes=tuple(sorted({course.drug_class for course in antidepressants})),
        augmentation_trials=len(strategies.augmentations(found)),
        combination_trials=len(strategies.combinations(found)),
        psychotherapies=len(review["psychotherapies"]),
        procedures=len(review["procedures"]),
        courses=[course_json(step) for step in found.steps],
        failed_adequate_trials=by_scope(lambda counts: _figures(counts, "counted")),
        ongoing_trials=by_scope(lambda counts: _figures(counts, "ongoing")),
        uncertain_trials=by_scope(lambda counts: _figures(counts, "uncertain")),
        stopped_for_side_effects={
            "current_episode": found.stopped_for_side_effects(current_episode=True),
            "all": found.stopped_for_side_effects(current_episode=False),
        },
        failed_classes={
            "current_episode": found.failed_classes(current_episode=True),
            "all": found.failed_classes(current_episode=False),
        },
        episode_months_from_onset=months.as_json() if months else None,
    )


def _figures(counts: dict[int, TrialCount] | None, which: str) -> dict[str, int] | None:
    if counts is None:
        return None
    return {str(weeks): getattr(count, which) for weeks, count in counts.items()}


def not_assessed(review: dict) -> tuple[str, ...]:
    """Dotted paths of the assessments left "unknown" or "not_assessed", in §5 order."""
    return tuple(path for path in ASSESSMENTS if schema.answer(review, path) in OPEN_VALUES)
