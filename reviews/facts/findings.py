"""Each catalogue category's related findings in one review: what the review recorded that the
category's documents speak of, repeated in plain words, and whether the category was already
tried. One small rule per category (`RULES`); `evaluate_categories` applies them all.

The input is the review in the interchange format (docs/format.md), as for rules.py; nothing here
judges the entries or ranks the categories. Pure: no request, no database.
"""

from collections.abc import Callable
from dataclasses import dataclass

from reviews import schema
from reviews.facts import catalogue, strategies
from reviews.facts.phrases import (
    RESPONSE_PHRASES,
    STILL_TAKEN,
    answer_notes,
    course_brief,
    course_line,
    listing,
    recorded_as,
    row_dose,
    states,
    weeks_text,
)
from reviews.facts.trials import Course, TrialFacts
from reviews.words import in_sentence

_YES_NO = {"yes": True, "no": False}  # "unknown" maps to None: the review cannot tell


@dataclass(frozen=True)
class ReviewView:
    """The review with its medication trials worked into courses once, shared by every rule."""

    data: dict
    trials: TrialFacts

    @property
    def min_trial_weeks(self) -> int:
        return self.trials.min_weeks

    @property
    def courses(self) -> tuple[Course, ...]:
        return self.trials.courses


# --- One rule per category: (already tried, findings). ---

Result = tuple[bool | None, tuple[str, ...]]
Rule = Callable[[ReviewView], Result]

# The answers of the one-to-one sections each rule reads (dotted paths), declared with @reads:
# the schema's questions that say they are shown in the findings are exactly these (a test).
READS: dict[Rule, tuple[str, ...]] = {}


def reads(*paths: str) -> Callable[[Rule], Rule]:
    def declare(rule: Rule) -> Rule:
        READS[rule] = paths
        return rule

    return declare


def _depression_courses(view: ReviewView) -> list[Course]:
    """The courses given for depression (or for a purpose not recorded): the medication
    categories speak of these; a course given for pain or sleep is named as such where shown."""
    return [course for course in view.courses if course.for_depression]


def _more_time(view: ReviewView) -> Result:
    """Every medicine given for depression still taken at the visit, with its weeks so far. No
    threshold picks them: a list of those under the practice's weeks, beside a category that
    names more time, would read as the medicines to give more time."""
    taken = [
        f"{course.drug} ({weeks_text(course)})"
        for course in _depression_courses(view)
        if course.ongoing
    ]
    return None, tuple(listing("Still taken at the visit, with the weeks so far", taken))


def _dose_adjustment(view: ReviewView) -> Result:
    def marked(value: str) -> list[str]:
        # Row by row: a course's dose steps can be marked differently.
        return [
            row_dose(row)
            for course in _depression_courses(view)
            for row in course.rows
            if row["dose_adequate"] == value
        ]

    return None, (
        *listing("Dose marked adequate by the clinician", marked("yes")),
        *listing("Dose marked not adequate by the clinician", marked("no")),
        *listing("Dose adequacy not recorded", marked("unknown")),
    )


def _switch(view: ReviewView) -> Result:
    trials = view.trials.antidepressant_courses
    classes = sorted({course.drug_class for course in trials})
    switches = strategies.switches(view.trials)
    unordered = strategies.unordered_monotherapies(view.trials)
    findings = [
        *listing(
            "Antidepressant trials recorded",
            [f"{course.drug} ({in_sentence(course.drug_class)})" for course in trials],
        ),
        *listing("Antidepressant classes recorded", [in_sentence(code) for code in classes]),
        *listing(
            "Started after another antidepressant had ended",
            [f"{later.drug} after {earlier.drug}" for earlier, later in switches],
        ),
        *listing(
            "Response recorded as none, partial or lost",
            [
                f"{course.drug} ({_so_far(course, RESPONSE_PHRASES[course.response])})"
                for course in trials
                if course.response in {"none", "partial", "lost_response"}
            ],
        ),
        *listing(
            "Tolerability recorded as limited by side effects or intolerable",
            [
                f"{course.drug} ({_so_far(course, in_sentence(course.last['tolerability']))})"
                for course in trials
                if course.last["tolerability"] in {"limited_by_side_effects", "intolerable"}
            ],
        ),
    ]
    if switches:
        return True, tuple(findings)
    if unordered:
        names = [course.drug for course in unordered]
        findings.append(
            f"Recorded as monotherapy each, in an order the dates do not give: {', '.join(names)}."
        )
        return True, tuple(findings)
    # Two medicines whose order the dates cannot tell: a switch may or may not have happened.
    undated = any(course.start is None or course.end is None for course in trials)
    medicines = {course.generic for course in trials}
    return (None if len(medicines) > 1 and undated else False), tuple(findings)


def _so_far(course: Course, outcome: str) -> str:
    """An outcome beside a medicine, marked when the patient still takes it."""
    return f"{outcome}, {STILL_TAKEN}" if course.ongoing else outcome


def _combination(view: ReviewView) -> Result:
    found = strategies.combinations(view.trials)
    entries = [
        f"{' + '.join(course_brief(course) for course in group)}: {how}" for group, how in found
    ]
    return bool(found), tuple(listing("Courses recorded as combination or taken together", entries))


def _augmentation(view: ReviewView) -> Result:
    found = strategies.augmentations(view.trials)
    entries = [f"{course_brief(course)}: {how}" for course, how in found]
    return bool(found), tuple(
        listing("Courses recorded as augmentation or added to an antidepressant", entries)
    )


@reads("pharmacogenomic_testing.status", "pharmacogenomic_testing.notes")
def _pharmacogenomic_testing(view: ReviewView) -> Result:
    status = view.data["pharmacogenomic_testing"]["status"]
    name = schema.question("pharmacogenomic_testing.status").name
    return _YES_NO.get(status), (
        recorded_as(name, status, {"yes": "done", "no": "not done"}),
        *answer_notes(view.data, "pharmacogenomic_testing.notes"),
    )


def _psychotherapy(view: ReviewView) -> Result:
    rows = view.data["psychotherapies"]
    findings = tuple(
        course_line(
            "other therapy" if row["modality"] == "other" else in_sentence(row["modality"]), row
        )
        for row in rows
    )
    return bool(rows), findings


def _procedures_of(*kinds: str) -> Rule:
    def rule(view: ReviewView) -> Result:
        rows = [row for row in view.data["procedures"] if row["kind"] in kinds]
        return bool(rows), tuple(course_line(in_sentence(row["kind"]), row) for row in rows)

    return rule


@reads("episode.psychiatrist_involved", "other_medicines.reviewed", "other_medicines.details")
def _specialist(view: ReviewView) -> Result:
    involved = view.data["episode"]["psychiatrist_involved"]
    return _YES_NO.get(involved), (
        *states(view.data, ("episode.psychiatrist_involved", "other_medicines.reviewed")),
        *answer_notes(view.data, "other_medicines.details"),
    )


_NOTEWORTHY = frozenset({"present", "uncertain"})


def _conditions(*paths: str, notes: str) -> Rule:
    """A rule listing the conditions at `paths` recorded as present or uncertain, then the
    section's notes."""

    @reads(*paths, notes)
    def rule(view: ReviewView) -> Result:
        return None, (
            *states(view.data, paths, _NOTEWORTHY),
            *answer_notes(view.data, notes),
        )

    return rule


_diagnosis_review = _conditions(
    "differentials.bipolar",
    "differentials.dysthymia",
    "differentials.personality_disorder",
    "differentials.anxiety",
    "differentials.trauma",
    notes="differentials.notes",
)
_physical_health = _conditions(
    "physical_health.thyroid",
    "physical_health.chronic_pain",
    "physical_health.heart",
    notes="physical_health.other",
)


_ADDRESSED = {
    "yes": "Substance use recorded as being addressed.",
    "no": "Substance use recorded as not being addressed.",
    "unknown": "Whether substance use is being addressed is not recorded.",
}


@reads(
    "substance_use.alcohol",
    "substance_use.recreational_drugs",
    "substance_use.cannabis",
    "substance_use.being_addressed",
    "substance_use.notes",
)
def _substance_use(view: ReviewView) -> Result:
    use = view.data["substance_use"]
    findings = states(view.data, ("substance_use.alcohol",), frozenset({"regular", "heavy"}))
    drugs = ("substance_use.recreational_drugs", "substance_use.cannabis")
    findings += states(view.data, drugs, frozenset({"yes"}))
    # Whether use is being addressed only relates to something once some use is recorded.
    if use["alcohol"] in {"regular", "heavy"} or "yes" in (
        use["recreational_drugs"],
        use["cannabis"],
    ):
        findings.append(_ADDRESSED[use["being_addressed"]])
    return None, (*findings, *answer_notes(view.data, "substance_use.notes"))


@reads(
    "adherence.taking_as_prescribed",
    "adherence.missed_appointments",
    "adherence.stopped_when_better",
    "adherence.barriers",
    "adherence.notes",
)
def _adherence(view: ReviewView) -> Result:
    adherence = view.data["adherence"]
    taking = adherence["taking_as_prescribed"]
    partial = [
        f"{course.drug} ({course.adherence}"
        + ("" if course.for_depression else f", given for {in_sentence(course.given_for)}")
        + ")"
        for course in view.courses
        if course.adherence in {"partial", "poor"}
    ]
    asked = ("adherence.missed_appointments", "adherence.stopped_when_better")
    return None, (
        f"{schema.question('adherence.taking_as_prescribed').name}: "
        f"{'not recorded' if taking == 'unknown' else taking}.",
        *states(view.data, asked, frozenset({"yes"})),
        *_codes("adherence.barriers", adherence["barriers"]),
        *listing("Adherence recorded as partial or poor", partial),
        *answer_notes(view.data, "adherence.notes"),
    )


def _codes(path: str, codes: list[str]) -> list[str]:
    """ "Barriers recorded: cost, access.": a list's codes in words, named by the schema."""
    return listing(f"{schema.question(path).name} recorded", [in_sentence(c) for c in codes])


@reads(
    "life_situation.stressors",
    "life_situation.sleep",
    "life_situation.exercise",
    "life_situation.notes",
)
def _lifestyle(view: ReviewView) -> Result:
    return None, (
        *_codes("life_situation.stressors", view.data["life_situation"]["stressors"]),
        *states(view.data, ("life_situation.sleep", "life_situation.exercise")),
        *answer_notes(view.data, "life_situation.notes"),
    )


@reads("life_situation.support_network")
def _support(view: ReviewView) -> Result:
    return None, tuple(states(view.data, ("life_situation.support_network",)))


@reads("adherence.barriers")
def _coverage(view: ReviewView) -> Result:
    # Cost and access are the barriers that insurance coverage bears on.
    barriers = [code for code in view.data["adherence"]["barriers"] if code in {"cost", "access"}]
    return None, tuple(_codes("adherence.barriers", barriers))


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


def evaluate_categories(review: dict, found: TrialFacts) -> tuple[CategoryResult, ...]:
    """Every catalogue category, always in catalogue order, with this review's related entries;
    `found` is trials.trial_facts of the same review."""
    view = ReviewView(data=review, trials=found)
    results = []
    for category in catalogue.CATEGORIES:
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
