"""Plain facts and related findings computed from one review.

The input is the review as a plain dict in the DESIGN.md §5 interchange shape (dates as ISO strings
or None, every key present, lists of dicts for repeatable rows), so the same functions serve the
web pages, the PDF, the JSON summary and the tests without a database. Nothing here judges the
entries: facts are counts and durations, and findings repeat what the review recorded, in the
words of the documents' categories (reviews.catalogue). No Django imports.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Self

from reviews import schema, trials
from reviews.catalogue import CATEGORIES
from reviews.trials import THRESHOLDS, Course, TrialFacts

# Values that mean "not known yet"; the summary lists them so the gaps are visible.
OPEN_VALUES = schema.OPEN_VALUES

# Every single-choice assessment of the one-to-one sections, in format order. Text fields,
# lists and repeatable rows record entries, not assessments, so they are not here.
ASSESSMENTS: tuple[str, ...] = tuple(
    schema.path(section, question) for section, question in schema.assessments()
)

# Readable words for codes inside a sentence; any code not listed reads as itself with spaces.
LABELS: dict[str, str] = {
    "ssri": "SSRI",
    "snri": "SNRI",
    "tca": "TCA",
    "maoi": "MAOI",
    "atypical": "atypical antidepressant",
    "ndri": "NDRI",
    "nassa": "NaSSA",
    "serotonin_modulator": "serotonin modulator",
    "melatonergic": "melatonergic antidepressant",
    "other_antidepressant": "other antidepressant",
    "mood_stabilizer": "mood stabiliser",
    "anxiolytic": "anti-anxiety medicine",
    "cbt": "CBT",
    "act": "ACT",
    "ipt": "IPT",
    "family_couples": "family or couples therapy",
    "dbt": "DBT",
    "group": "group therapy",
    "mindfulness": "mindfulness-based therapy",
    "behavioral_activation": "behavioural activation",
    "psychodynamic": "psychodynamic therapy",
    "emdr": "EMDR",
    "rtms": "rTMS",
    "itbs": "iTBS",
    "ketamine_iv": "ketamine (IV)",
    "ketamine_oral": "ketamine (oral)",
    "esketamine": "esketamine (nasal)",
    "ect": "ECT",
    "vns": "VNS",
    "psychedelic_assisted": "psychedelic-assisted therapy",
    "inpatient": "inpatient stay",
    "partial_hospitalization": "partial hospitalisation",
    "intensive_outpatient": "intensive outpatient programme",
    "loss": "loss or bereavement",
}

# "response" is both the field and one of its values, so its values get whole phrases.
RESPONSE_PHRASES: dict[str, str] = {
    "none": "no response",
    "partial": "partial response",
    "response": "response",
    "remission": "remission",
    "lost_response": "response lost",
}

_YES_NO = {"yes": True, "no": False}  # "unknown" maps to None: the review cannot tell


def label(code: str) -> str:
    """The readable word for a §5 code."""
    return LABELS.get(code, code.replace("_", " "))


@dataclass(frozen=True)
class ReviewView:
    """The review with its medication trials worked into courses once, shared by every rule."""

    data: dict
    min_trial_weeks: int
    trials: TrialFacts

    @classmethod
    def of(
        cls, review: dict, *, min_trial_weeks: int, trial_facts: TrialFacts | None = None
    ) -> Self:
        facts = trial_facts or trials.trial_facts(review, min_weeks=min_trial_weeks)
        return cls(data=review, min_trial_weeks=min_trial_weeks, trials=facts)

    @property
    def courses(self) -> tuple[Course, ...]:
        return self.trials.courses


def _by_threshold(counts: dict[int, int] | None) -> dict[str, int] | None:
    return None if counts is None else {str(weeks): n for weeks, n in counts.items()}


@dataclass(frozen=True)
class Facts:
    medication_trials: int  # courses of any medicine
    antidepressant_trials: int
    adequate_trials: int
    antidepressant_classes: tuple[str, ...]  # sorted, distinct codes
    augmentation_trials: int
    combination_trials: int
    psychotherapies: int
    procedures: int
    courses: list[dict] = field(default_factory=list)
    failed_adequate_trials: dict = field(default_factory=dict)
    uncertain_trials: dict = field(default_factory=dict)
    failed_classes: dict = field(default_factory=dict)


def course_json(course: Course) -> dict:
    weeks = course.weeks_at_adequate_dose
    return {
        "drug": course.drug,
        "drug_class": course.drug_class,
        "given_for": course.given_for,
        "rows": len(course.rows),
        "in_current_episode": course.in_current_episode,
        "weeks_at_adequate_dose": None if weeks is None else weeks.as_json(),
        "failed": {str(weeks): course.status[weeks] for weeks in THRESHOLDS},
        "reasons": {str(weeks): course.reasons[weeks] for weeks in THRESHOLDS},
    }


def compute_facts(
    review: dict, *, min_trial_weeks: int, trial_facts: TrialFacts | None = None
) -> Facts:
    """The counts of the summary (docs/format.md), computed and never judged. `trial_facts` is
    trials.trial_facts of the same review, when the caller has it already."""
    found = trial_facts or trials.trial_facts(review, min_weeks=min_trial_weeks)
    antidepressants = found.antidepressant_courses
    return Facts(
        medication_trials=len(found.courses),
        antidepressant_trials=len(antidepressants),
        adequate_trials=found.adequate_courses,
        antidepressant_classes=tuple(sorted({course.drug_class for course in antidepressants})),
        augmentation_trials=len(found.augmentations()),
        combination_trials=len(found.combinations()),
        psychotherapies=len(review["psychotherapies"]),
        procedures=len(review["procedures"]),
        courses=[course_json(course) for course in found.courses],
        failed_adequate_trials={
            "current_episode": _by_threshold(found.failed(current_episode=True)),
            "all": _by_threshold(found.failed(current_episode=False)),
        },
        uncertain_trials={
            "current_episode": _by_threshold(found.uncertain(current_episode=True)),
            "all": _by_threshold(found.uncertain(current_episode=False)),
        },
        failed_classes={
            "current_episode": found.failed_classes(current_episode=True),
            "all": found.failed_classes(current_episode=False),
        },
    )


def not_assessed(review: dict) -> tuple[str, ...]:
    """Dotted paths of the assessments left "unknown" or "not_assessed", in §5 order."""
    return tuple(path for path in ASSESSMENTS if schema.answer(review, path) in OPEN_VALUES)


# --- Sentence helpers: each turns recorded entries into plain descriptive words. ---


def _capitalised(text: str) -> str:
    # "rTMS" and "iTBS" keep their lower-case first letter.
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].upper() + text[1:]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _listing(prefix: str, items: list[str]) -> list[str]:
    return [f"{prefix}: {', '.join(items)}."] if items else []


def _note(prefix: str, text: str) -> list[str]:
    text = text.strip()
    if not text:
        return []
    return [f"{prefix}: {text}" + ("" if text[-1] in ".!?" else ".")]


def _recorded_as(subject: str, code: str, words: dict[str, str] | None = None) -> str:
    if code == "unknown":
        return f"{subject} not recorded."
    if code == "not_assessed":
        return f"{subject} not assessed."
    return f"{subject} recorded as {(words or {}).get(code, label(code))}."


def _states(
    section: dict, subjects: dict[str, str], shown: frozenset[str] | None = None
) -> list[str]:
    """One sentence per field whose value is in `shown` (all values when None) or still open."""
    return [
        _recorded_as(subject, section[field])
        for field, subject in subjects.items()
        if shown is None or section[field] in shown | OPEN_VALUES
    ]


def _dose(course: Course) -> str:
    dose = course.max_dose
    if dose is None:
        return course.drug
    # float() so 150, 150.0 and Decimal("150.00") all read "150", and 37.5 reads "37.5".
    return f"{course.drug} {float(dose):g} mg/day"


def _row_dose(row) -> str:
    name = row["drug"].strip() or "unnamed medicine"
    dose = row["max_daily_dose_mg"]
    return name if dose is None else f"{name} {float(dose):g} mg/day"


def _span(row: dict) -> str:
    start, end = row["start"], row["end"]
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return ""


def _outcomes(row: dict) -> list[str]:
    # Trials and procedures record a response, therapies a benefit, procedures a relapse.
    parts = []
    if row.get("response", "unknown") != "unknown":
        parts.append(RESPONSE_PHRASES[row["response"]])
    if row.get("benefit", "unknown") != "unknown":
        parts.append(f"benefit {row['benefit']}")
    if row.get("relapse", "unknown") != "unknown":
        parts.append(f"relapse {row['relapse']}")
    return parts


def _course(name: str, row: dict) -> str:
    """A therapy or procedure row: "rTMS: 32 sessions, 2021-01-10 to 2021-02-25, remission."."""
    parts = []
    if row["sessions"] is not None:
        parts.append(_count(row["sessions"], "session"))
    if span := _span(row):
        parts.append(span)
    parts += _outcomes(row)
    return f"{_capitalised(name)}: {', '.join(parts) or 'no details recorded'}."


def _weeks(course: Course) -> str:
    weeks = course.weeks_at_adequate_dose
    if weeks is None:
        return "weeks at an adequate dose not known"
    text = f"{weeks} week{'' if weeks.high == 1 else 's'} at an adequate dose"
    return text + (" (from dates, may include titration)" if course.weeks_from_dates else "")


def _course_brief(course: Course) -> str:
    """A course: "aripiprazole (antipsychotic, 6 weeks at an adequate dose, partial response)"."""
    parts = [label(course.drug_class), _weeks(course), *_outcomes(course.last.data)]
    return f"{course.drug} ({', '.join(parts)})"


# --- One rule per category: (already tried, findings). ---

Result = tuple[bool | None, tuple[str, ...]]
Rule = Callable[[ReviewView], Result]


def _more_time(view: ReviewView) -> Result:
    minimum = view.min_trial_weeks
    ongoing = [
        f"{course.drug} ({_weeks(course)} so far)" for course in view.courses if course.ongoing
    ]
    short = [
        f"{course.drug} ({_weeks(course)})"
        for course in view.courses
        if not course.ongoing
        and course.adequate_rows
        and course.weeks_at_adequate_dose is not None
        and course.weeks_at_adequate_dose.high < minimum
    ]
    unknown = [
        course.drug
        for course in view.courses
        if course.adequate_rows and course.weeks_at_adequate_dose is None
    ]
    return None, (
        *_listing("Ongoing at the visit", ongoing),
        *_listing(f"Courses with fewer than {_count(minimum, 'week')} at an adequate dose", short),
        *_listing("Weeks at an adequate dose not known", unknown),
    )


def _dose_adjustment(view: ReviewView) -> Result:
    def marked(value: str) -> list[str]:
        # Row by row: a course's dose steps can be marked differently.
        return [
            _row_dose(row)
            for course in view.courses
            for row in course.rows
            if row["dose_adequate"] == value
        ]

    return None, (
        *_listing("Dose marked adequate by the clinician", marked("yes")),
        *_listing("Dose marked not adequate by the clinician", marked("no")),
        *_listing("Dose adequacy not recorded", marked("unknown")),
    )


def _switch(view: ReviewView) -> Result:
    trials = view.trials.antidepressant_courses
    classes = sorted({course.drug_class for course in trials})
    switches = view.trials.switches()
    findings = [
        *_listing(
            "Antidepressant trials recorded",
            [f"{course.drug} ({label(course.drug_class)})" for course in trials],
        ),
        *_listing("Antidepressant classes recorded", [label(code) for code in classes]),
        *_listing(
            "Started after another antidepressant had ended",
            [f"{later.drug} after {earlier.drug}" for earlier, later in switches],
        ),
        *_listing(
            "Response recorded as none, partial or lost",
            [
                f"{course.drug} ({RESPONSE_PHRASES[course.response]})"
                for course in trials
                if course.response in {"none", "partial", "lost_response"}
            ],
        ),
        *_listing(
            "Tolerability recorded as limited by side effects or intolerable",
            [
                f"{course.drug} ({label(course.last['tolerability'])})"
                for course in trials
                if course.last["tolerability"] in {"limited_by_side_effects", "intolerable"}
            ],
        ),
    ]
    if switches:
        return True, tuple(findings)
    # Two medicines whose order the dates cannot tell: a switch may or may not have happened.
    undated = any(course.start is None or course.end is None for course in trials)
    medicines = {course.generic for course in trials}
    return (None if len(medicines) > 1 and undated else False), tuple(findings)


def _strategy(found: tuple[tuple[Course, str], ...], noun: str) -> Result:
    entries = [f"{_course_brief(course)}: {how}" for course, how in found]
    return bool(found), tuple(_listing(f"Courses recorded as {noun}", entries))


def _combination(view: ReviewView) -> Result:
    return _strategy(view.trials.combinations(), "combination or taken together")


def _augmentation(view: ReviewView) -> Result:
    return _strategy(view.trials.augmentations(), "augmentation or added to an antidepressant")


def _pharmacogenomic_testing(view: ReviewView) -> Result:
    testing = view.data["pharmacogenomic_testing"]
    words = {"yes": "done", "no": "not done"}
    return _YES_NO.get(testing["status"]), (
        _recorded_as("Pharmacogenomic testing", testing["status"], words),
        *_note("Pharmacogenomic testing notes", testing["notes"]),
    )


def _psychotherapy(view: ReviewView) -> Result:
    rows = view.data["psychotherapies"]
    findings = tuple(
        _course("other therapy" if row["modality"] == "other" else label(row["modality"]), row)
        for row in rows
    )
    return bool(rows), findings


def _procedures_of(*kinds: str) -> Rule:
    def rule(view: ReviewView) -> Result:
        rows = [row for row in view.data["procedures"] if row["kind"] in kinds]
        return bool(rows), tuple(_course(label(row["kind"]), row) for row in rows)

    return rule


def _specialist(view: ReviewView) -> Result:
    involved = view.data["episode"]["psychiatrist_involved"]
    other = view.data["other_medicines"]
    return _YES_NO.get(involved), (
        _recorded_as("Psychiatrist involvement", involved),
        _recorded_as("Review of other medicines and supplements", other["reviewed"]),
        *_note("Other medicines and supplements", other["details"]),
    )


_NOTEWORTHY = frozenset({"present", "uncertain"})


def _diagnosis_review(view: ReviewView) -> Result:
    differentials = view.data["differentials"]
    subjects = {
        "bipolar": "Bipolar disorder",
        "dysthymia": "Dysthymia",
        "personality_disorder": "Personality disorder",
        "anxiety": "Anxiety",
        "trauma": "Trauma-related problems",
    }
    return None, (
        *_states(differentials, subjects, _NOTEWORTHY),
        *_note("Diagnosis notes", differentials["notes"]),
    )


def _physical_health(view: ReviewView) -> Result:
    health = view.data["physical_health"]
    subjects = {
        "thyroid": "Thyroid disorder",
        "chronic_pain": "Chronic pain",
        "heart": "Heart problems",
    }
    return None, (
        *_states(health, subjects, _NOTEWORTHY),
        *_note("Other physical conditions recorded", health["other"]),
    )


_ADDRESSED = {
    "yes": "Substance use recorded as being addressed.",
    "no": "Substance use recorded as not being addressed.",
    "unknown": "Whether substance use is being addressed is not recorded.",
}


def _substance_use(view: ReviewView) -> Result:
    use = view.data["substance_use"]
    findings = _states(use, {"alcohol": "Alcohol use"}, frozenset({"regular", "heavy"}))
    drugs = {"recreational_drugs": "Recreational drug use", "cannabis": "Cannabis use"}
    findings += _states(use, drugs, frozenset({"yes"}))
    # Whether use is being addressed only relates to something once some use is recorded.
    if use["alcohol"] in {"regular", "heavy"} or "yes" in (
        use["recreational_drugs"],
        use["cannabis"],
    ):
        findings.append(_ADDRESSED[use["being_addressed"]])
    return None, (*findings, *_note("Substance use notes", use["notes"]))


def _adherence(view: ReviewView) -> Result:
    adherence = view.data["adherence"]
    taking = adherence["taking_as_prescribed"]
    subjects = {
        "missed_appointments": "Missed appointments",
        "stopped_when_better": "Stopping medicines when feeling better",
    }
    partial = [
        f"{course.drug} ({course.adherence})"
        for course in view.courses
        if course.adherence in {"partial", "poor"}
    ]
    return None, (
        f"Taking medicines as planned: {'not recorded' if taking == 'unknown' else taking}.",
        *_states(adherence, subjects, frozenset({"yes"})),
        *_listing("Barriers recorded", [label(code) for code in adherence["barriers"]]),
        *_listing("Adherence recorded as partial or poor", partial),
        *_note("Adherence notes", adherence["notes"]),
    )


def _lifestyle(view: ReviewView) -> Result:
    life = view.data["life_situation"]
    return None, (
        *_listing("Stressors recorded", [label(code) for code in life["stressors"]]),
        *_states(life, {"sleep": "Sleep", "exercise": "Exercise"}),
        *_note("Life situation notes", life["notes"]),
    )


def _support(view: ReviewView) -> Result:
    return None, tuple(_states(view.data["life_situation"], {"support_network": "Support network"}))


def _coverage(view: ReviewView) -> Result:
    # Cost and access are the barriers that insurance coverage bears on.
    barriers = [code for code in view.data["adherence"]["barriers"] if code in {"cost", "access"}]
    return None, tuple(_listing("Barriers recorded", [label(code) for code in barriers]))


RULES: dict[str, Rule] = {
    "more_time": _more_time,
    "dose_adjustment": _dose_adjustment,
    "switch": _switch,
    "combination": _combination,
    "augmentation": _augmentation,
    "pharmacogenomic_testing": _pharmacogenomic_testing,
    "psychotherapy": _psychotherapy,
    "rtms": _procedures_of("rtms", "itbs"),
    "ketamine": _procedures_of("ketamine_iv", "ketamine_oral", "esketamine"),
    "ect": _procedures_of("ect"),
    "vns": _procedures_of("vns"),
    "psychedelic_research": _procedures_of("psychedelic_assisted"),
    "specialist": _specialist,
    "diagnosis_review": _diagnosis_review,
    "physical_health": _physical_health,
    "substance_use": _substance_use,
    "adherence": _adherence,
    "lifestyle": _lifestyle,
    "support": _support,
    "intensive_programmes": _procedures_of(
        "inpatient", "partial_hospitalization", "intensive_outpatient"
    ),
    "coverage": _coverage,
}


@dataclass(frozen=True)
class CategoryResult:
    id: str
    group: str
    label: str
    sources: tuple[str, ...]
    already_tried: bool | None  # None where "tried" does not apply or the review cannot tell
    findings: tuple[str, ...]


def evaluate_categories(
    review: dict, *, min_trial_weeks: int, trial_facts: TrialFacts | None = None
) -> tuple[CategoryResult, ...]:
    """Every catalogue category, always in catalogue order, with this review's related entries."""
    view = ReviewView.of(review, min_trial_weeks=min_trial_weeks, trial_facts=trial_facts)
    results = []
    for category in CATEGORIES:
        already_tried, findings = RULES[category.id](view)
        results.append(
            CategoryResult(
                id=category.id,
                group=category.group,
                label=category.label,
                sources=category.sources,
                already_tried=already_tried,
                findings=findings,
            )
        )
    return tuple(results)
