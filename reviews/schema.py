"""The shape of a review, declared once.

Every question of the review is one `Question` here: its JSON key, the label the screens show,
its kind and value set, whether a follow-up carries it forward, and where it is shown besides
the summary's list of every answer (`shown`: the documentation sheet, the findings, the trial
table, or NOWHERE). Everything else is derived from this module: the database columns (`models`),
the step forms (`forms`), the interchange format (`interchange`), the not-assessed list
(`rules`), the change sentences of a patient's reviews over time, the follow-up's carried
answers, the labels of the summary and the PDF, and the names the findings and the sheet give
the answers they read.

Adding a yes/no question to a section takes:
1. one line here, `_yes_no("key", "Label?", shown=...)`: tests/reviews/test_schema.py refuses a
   question that does not say where it is shown, and holds `shown` to what the sheet
   (reviews/printing/documentation_items.py), the findings (`@reads` in
   reviews/facts/findings.py) and the trial table (reviews/printing/answer_tables.py) read, so
   showing it somewhere means naming it there too;
2. a migration (`makemigrations`: the column and its check constraint);
3. the key in docs/format.md, whose tests hold it to the schema.

A one-to-one section is a `Section` whose answers are columns of `Review` named
``<section>_<key>`` (a section without a key holds top-level keys, each a column of that name); a
repeatable section is `Rows`, a table of its own. `PARTS` lists them in the format's key order.
"""

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.core.validators import RegexValidator
from django.db.models import TextChoices

from reviews import choices

# Answers that mean "not known yet": an assessment left at one of them is listed as not assessed.
OPEN_VALUES = frozenset({"unknown", "not_assessed"})

# Every date but the visit's is typed as text at the precision known (reviews.facts.dates).
DATE_HELP = "2019, 2019-03 or 2019-03-14."
NOTES_MAX_LENGTH = 10_000
SHORT_TEXT_MAX_LENGTH = 200
# Bounds that only catch typing slips; a real history sits far inside them.
MAX_MONTHS = 1200
MAX_EPISODES = 100
MAX_AGE_YEARS = 120
MAX_WEEKS = 1040
MAX_SESSIONS = 1000
MAX_DOSE_MG = 100_000
MAX_SCALE_SCORE = max(high for _low, high in choices.SCALE_RANGES.values())


class Kind(enum.Enum):
    CHOICE = "choice"  # one code of a value set
    CHOICES = "choices"  # a list of codes of a value set
    TEXT = "text"  # one line
    NOTES = "notes"  # free text
    DATE = "date"  # an exact date
    PARTIAL_DATE = "partial_date"  # a year, a month or a day (reviews.facts.dates)
    COUNT = "count"  # a whole number from 0
    DOSE = "dose"  # a decimal number of mg/day


class Shown(enum.Enum):
    """Where an answer is shown beyond the summary's list of every answer: each question says
    which of these read it (`Question.shown`), or NOWHERE, so that a new question makes its
    author decide; tests/reviews/test_schema.py holds the declarations to what the sheet, the
    findings and the trial table read."""

    SHEET = "an item of the documentation sheet"
    FINDINGS = "a category's findings"
    TRIAL_TABLE = "the summary's table of medication trials"


NOWHERE: frozenset[Shown] = frozenset()  # only in the summary's list of every answer


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    kind: Kind
    value_set: type[TextChoices] | None = None
    # The answer a new review starts with; for a choice, the value set's first code (its
    # "unknown" / "not assessed") unless the question has no default and must be answered.
    required: bool = False
    help: str = ""
    subject: str = ""  # how a change sentence names it ("Psychiatrist involved"); label if empty
    maximum: int | None = None
    max_length: int | None = None
    carried: bool = False  # a follow-up copies the answer from the review it follows
    # Where the answer is shown besides the list of every answer (Shown); None: not declared,
    # which a test refuses.
    shown: frozenset[Shown] | None = field(default=None, compare=False)
    # Checks beyond the kind's own (a code's form); not part of what makes two questions equal.
    validators: tuple[Callable[[object], None], ...] = field(default=(), compare=False)

    @property
    def default(self) -> str | list | None:
        if self.kind is Kind.CHOICES:
            return []
        if self.kind in (Kind.TEXT, Kind.NOTES):
            return ""
        if self.kind is Kind.CHOICE and not self.required:
            assert self.value_set is not None
            return self.value_set.values[0]
        return None

    @property
    def is_assessment(self) -> bool:
        """A single choice that starts "unknown" / "not assessed": listed while left open."""
        return self.kind is Kind.CHOICE and self.default in OPEN_VALUES

    @property
    def name(self) -> str:
        return self.subject or self.label


@dataclass(frozen=True)
class Rows:
    """A repeatable section: a list of rows in the format, a table of its own in the database.

    `key` is the JSON key and the related name of the table on Review; `lines` lays the row's
    questions out on screen, one tuple of keys per line.
    """

    key: str
    noun: str  # "medication trial"
    questions: tuple[Question, ...]
    lines: tuple[tuple[str, ...], ...]
    carried: bool = False

    def question(self, key: str) -> Question:
        return next(question for question in self.questions if question.key == key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(question.key for question in self.questions)


@dataclass(frozen=True)
class Section:
    """A one-to-one section: a JSON object whose keys are Review columns f"{key}_{question}"."""

    key: str | None  # None: the questions are top-level keys of the format
    title: str
    questions: tuple[Question, ...]
    rows: tuple[Rows, ...] = ()  # nested lists, after the questions (episode.severity_scores)

    def column(self, question: Question) -> str:
        return f"{self.key}_{question.key}" if self.key else question.key

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(self.column(question) for question in self.questions)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(question.key for question in self.questions)


def _yes_no(key: str, label: str, **options) -> Question:
    return Question(key, label, Kind.CHOICE, choices.YesNo, **options)


def _asked(key: str, label: str, **options) -> Question:
    """A safety item: yes, no or not asked; recorded as said, never scored."""
    return Question(key, label, Kind.CHOICE, choices.SafetyAnswer, **options)


def _assessed(key: str, label: str, **options) -> Question:
    return Question(key, label, Kind.CHOICE, choices.Assessment, **options)


def _notes(key: str = "notes", label: str = "Notes", **options) -> Question:
    return Question(key, label, Kind.NOTES, max_length=NOTES_MAX_LENGTH, **options)


def _info_source(**options) -> Question:
    """Where a row's information came from; "Patient report" for a row added from the
    patient's answers before the visit (issue 25)."""
    return Question("info_source", "Information from", Kind.CHOICE, choices.InfoSource, **options)


def _start_end(**options) -> tuple[Question, Question]:
    return (
        Question("start", "Start", Kind.PARTIAL_DATE, help=DATE_HELP, **options),
        Question("end", "End", Kind.PARTIAL_DATE, help=DATE_HELP, **options),
    )


VISIT = Section(
    None,
    "Visit",
    (
        Question(
            "patient_ref",
            "Patient reference",
            Kind.TEXT,
            required=True,
            max_length=64,
            help="Your practice's own identifier for the patient; no name is needed.",
            shown=NOWHERE,
        ),
        Question("visit_date", "Visit date", Kind.DATE, required=True, shown=NOWHERE),
        _yes_no(
            "adult",
            "Is the patient 18 or older?",
            subject="Patient 18 or older",
            carried=True,
            shown=frozenset({Shown.SHEET}),
        ),
    ),
)

# The clinician's own code, checked for its form only: the product never infers a diagnosis.
DIAGNOSIS_CODE = RegexValidator(
    r"^F3[23](\.[0-9A-Z]{1,2})?$",
    "Enter an ICD-10-CM code of the form F32.x or F33.x (for example F33.1), or leave it empty.",
    code="diagnosis_code",
)

SEVERITY_SCORES = Rows(
    "severity_scores",
    "severity score",
    (
        Question(
            "scale",
            "Scale",
            Kind.CHOICE,
            choices.Scale,
            required=True,
            shown=frozenset({Shown.SHEET}),
        ),
        Question("score", "Score", Kind.COUNT, required=True, shown=frozenset({Shown.SHEET})),
        Question(
            "date",
            "Date",
            Kind.PARTIAL_DATE,
            help="The visit date when left empty on a new score.",
            shown=frozenset({Shown.SHEET}),
        ),
        # Issue 25: a PHQ-9 added from the patient's answers before the visit says so.
        _info_source(shown=frozenset({Shown.SHEET})),
    ),
    lines=(("scale", "score", "date", "info_source"),),
)

EPISODE = Section(
    "episode",
    "Episode & severity",
    (
        Question(
            "onset",
            "Onset of the current episode",
            Kind.PARTIAL_DATE,
            carried=True,
            help="A year, a month or a day: 2024, 2024-03 or 2024-03-01.",
            shown=frozenset({Shown.SHEET}),
        ),
        Question(
            "duration_months",
            "Duration of the current episode (months)",
            Kind.COUNT,
            maximum=MAX_MONTHS,
            shown=frozenset({Shown.SHEET}),
        ),
        Question(
            "prior_episodes",
            "Number of prior episodes",
            Kind.COUNT,
            maximum=MAX_EPISODES,
            carried=True,
            shown=frozenset({Shown.SHEET}),
        ),
        # Format version 3 (issue 23): optional, carried like the number of prior episodes.
        Question(
            "age_first_episode",
            "Age at first episode (years)",
            Kind.COUNT,
            maximum=MAX_AGE_YEARS,
            carried=True,
            shown=frozenset({Shown.SHEET}),
        ),
        Question(
            "diagnosis_code",
            "Diagnosis code (ICD-10-CM)",
            Kind.TEXT,
            max_length=8,
            carried=True,
            validators=(DIAGNOSIS_CODE,),
            help="As you coded it: F32.x or F33.x. Empty when not coded.",
            shown=frozenset({Shown.SHEET}),
        ),
        _assessed(
            "psychotic_features",
            "Psychotic features in this episode",
            carried=True,
            shown=frozenset({Shown.SHEET}),
        ),
        # Format version 3 (issue 23): function beside severity, as recorded.
        Question(
            "work_study",
            "Work or study",
            Kind.CHOICE,
            choices.WorkStudy,
            carried=True,  # as the episode's other answers are: the clinician confirms or changes
            shown=NOWHERE,
        ),
        _yes_no(
            "psychiatrist_involved",
            "Is a psychiatrist involved in care?",
            subject="Psychiatrist involved",
            carried=True,
            shown=frozenset({Shown.SHEET, Shown.FINDINGS}),
        ),
    ),
    rows=(SEVERITY_SCORES,),
)

MEDICATION_TRIALS = Rows(
    "medication_trials",
    "medication trial",
    (
        Question(
            "drug",
            "Drug",
            Kind.TEXT,
            required=True,
            max_length=100,
            shown=frozenset({Shown.SHEET, Shown.FINDINGS, Shown.TRIAL_TABLE}),
        ),
        Question(
            "drug_class",
            "Class",
            Kind.CHOICE,
            choices.DrugClass,
            required=True,
            help="Filled in for known drugs; can be changed.",
            shown=frozenset({Shown.SHEET, Shown.FINDINGS, Shown.TRIAL_TABLE}),
        ),
        Question(
            "given_for",
            "Given for",
            Kind.CHOICE,
            choices.GivenFor,
            shown=frozenset({Shown.FINDINGS, Shown.TRIAL_TABLE}),
        ),
        Question(
            "role",
            "Role",
            Kind.CHOICE,
            choices.Role,
            shown=frozenset({Shown.SHEET, Shown.FINDINGS, Shown.TRIAL_TABLE}),
        ),
        Question(
            "start",
            "Start",
            Kind.PARTIAL_DATE,
            help=DATE_HELP,
            shown=frozenset({Shown.SHEET, Shown.FINDINGS, Shown.TRIAL_TABLE}),
        ),
        Question(
            "end",
            "End",
            Kind.PARTIAL_DATE,
            help="Empty when not known.",
            shown=frozenset({Shown.SHEET, Shown.FINDINGS, Shown.TRIAL_TABLE}),
        ),
        _yes_no(
            "ongoing",
            "Ongoing at the visit?",
            shown=frozenset({Shown.SHEET, Shown.FINDINGS, Shown.TRIAL_TABLE}),
        ),
        Question(
            "weeks",
            "Weeks at an adequate dose",
            Kind.COUNT,
            maximum=MAX_WEEKS,
            help="Empty: counted from the dates when the dose is marked adequate.",
            shown=frozenset({Shown.SHEET, Shown.FINDINGS, Shown.TRIAL_TABLE}),
        ),
        Question(
            "max_daily_dose_mg",
            "Highest dose (mg/day)",
            Kind.DOSE,
            maximum=MAX_DOSE_MG,
            shown=frozenset({Shown.SHEET, Shown.FINDINGS, Shown.TRIAL_TABLE}),
        ),
        _yes_no(
            "dose_adequate",
            "Dose adequate?",
            help="Your judgement.",
            shown=frozenset({Shown.SHEET, Shown.FINDINGS, Shown.TRIAL_TABLE}),
        ),
        Question(
            "adherence",
            "Adherence",
            Kind.CHOICE,
            choices.TrialAdherence,
            shown=frozenset({Shown.SHEET, Shown.FINDINGS, Shown.TRIAL_TABLE}),
        ),
        Question(
            "response",
            "Response",
            Kind.CHOICE,
            choices.Response,
            shown=frozenset({Shown.SHEET, Shown.FINDINGS, Shown.TRIAL_TABLE}),
        ),
        Question(
            "improvement_percent",
            "Improvement (%)",
            Kind.COUNT,
            maximum=100,
            help="When a rating scale before and after is known.",
            shown=frozenset({Shown.SHEET, Shown.TRIAL_TABLE}),
        ),
        Question(
            "tolerability",
            "Tolerability",
            Kind.CHOICE,
            choices.Tolerability,
            shown=frozenset({Shown.FINDINGS, Shown.TRIAL_TABLE}),
        ),
        Question(
            "stopped_because",
            "Why it stopped",
            Kind.CHOICE,
            choices.StopReason,
            shown=frozenset({Shown.SHEET, Shown.TRIAL_TABLE}),
        ),
        Question(
            "reason_stopped",
            "Why it stopped (detail)",
            Kind.TEXT,
            max_length=SHORT_TEXT_MAX_LENGTH,
            shown=frozenset({Shown.SHEET, Shown.TRIAL_TABLE}),
        ),
        _info_source(shown=frozenset({Shown.SHEET, Shown.TRIAL_TABLE})),
        _notes(shown=frozenset({Shown.SHEET, Shown.TRIAL_TABLE})),
    ),
    lines=(
        ("drug", "drug_class", "given_for", "role"),
        ("start", "end", "ongoing", "weeks"),
        ("max_daily_dose_mg", "dose_adequate", "adherence", "response"),
        ("improvement_percent", "tolerability", "stopped_because", "reason_stopped"),
        ("info_source", "notes"),
    ),
    carried=True,
)

ADHERENCE = Section(
    "adherence",
    "Adherence & engagement",
    (
        Question(
            "taking_as_prescribed",
            "Taking medicines as prescribed?",
            Kind.CHOICE,
            choices.TakingAsPrescribed,
            subject="Taking medicines as planned",
            shown=frozenset({Shown.FINDINGS}),
        ),
        _yes_no(
            "missed_appointments",
            "Missed appointments?",
            subject="Missed appointments",
            shown=frozenset({Shown.FINDINGS}),
        ),
        _yes_no(
            "stopped_when_better",
            "Stopped a medicine when feeling better?",
            subject="Stopped a medicine when feeling better",
            shown=frozenset({Shown.FINDINGS}),
        ),
        Question(
            "barriers", "Barriers", Kind.CHOICES, choices.Barrier, shown=frozenset({Shown.FINDINGS})
        ),
        _notes(subject="Adherence notes", shown=frozenset({Shown.FINDINGS})),
    ),
)

OTHER_MEDICINES = Section(
    "other_medicines",
    "Other medicines",
    (
        _yes_no(
            "reviewed",
            "Non-prescription drugs and herbal supplements reviewed?",
            subject="Other medicines reviewed",
            shown=frozenset({Shown.FINDINGS}),
        ),
        _yes_no(
            "monitoring_checked",
            "Prescription-monitoring record checked?",
            subject="Prescription-monitoring record checked",
            shown=frozenset({Shown.SHEET}),
        ),
        Question(
            "monitoring_date",
            "Date of that check",
            Kind.PARTIAL_DATE,
            help=DATE_HELP,
            shown=frozenset({Shown.SHEET}),
        ),
        _notes(
            "details",
            "Details",
            subject="Other medicines and supplements",
            shown=frozenset({Shown.FINDINGS}),
        ),
    ),
)

SUBSTANCE_USE = Section(
    "substance_use",
    "Substance use",
    (
        Question(
            "alcohol",
            "Alcohol",
            Kind.CHOICE,
            choices.Alcohol,
            shown=frozenset({Shown.SHEET, Shown.FINDINGS}),
        ),
        _yes_no(
            "recreational_drugs",
            "Recreational drugs",
            shown=frozenset({Shown.SHEET, Shown.FINDINGS}),
        ),
        _yes_no("cannabis", "Cannabis", shown=frozenset({Shown.SHEET, Shown.FINDINGS})),
        _yes_no(
            "being_addressed",
            "Is substance use being addressed?",
            subject="Substance use being addressed",
            shown=frozenset({Shown.SHEET, Shown.FINDINGS}),
        ),
        _notes(subject="Substance use notes", shown=frozenset({Shown.FINDINGS})),
    ),
)

PHYSICAL_HEALTH = Section(
    "physical_health",
    "Physical health",
    (
        _assessed("thyroid", "Thyroid disorder", carried=True, shown=frozenset({Shown.FINDINGS})),
        _assessed("chronic_pain", "Chronic pain", carried=True, shown=frozenset({Shown.FINDINGS})),
        _assessed("heart", "Heart problems", carried=True, shown=frozenset({Shown.FINDINGS})),
        _assessed("seizures", "Seizure disorder", carried=True, shown=frozenset({Shown.SHEET})),
        _yes_no(
            "head_implant",
            "Metal or an implanted device in or near the head?",
            subject="Metal or implanted device in or near the head",
            carried=True,
            shown=frozenset({Shown.SHEET}),
        ),
        _notes(
            "other", "Other physical conditions", carried=True, shown=frozenset({Shown.FINDINGS})
        ),
    ),
)

DIFFERENTIALS = Section(
    "differentials",
    "Differential & co-occurring",
    (
        _assessed(
            "bipolar",
            "Bipolar disorder",
            carried=True,
            shown=frozenset({Shown.SHEET, Shown.FINDINGS}),
        ),
        _assessed(
            "dysthymia",
            "Dysthymia (a long-lasting form of depression)",
            subject="Dysthymia",
            carried=True,
            shown=frozenset({Shown.FINDINGS}),
        ),
        _assessed(
            "personality_disorder",
            "Personality disorder",
            carried=True,
            shown=frozenset({Shown.FINDINGS}),
        ),
        _assessed("anxiety", "Anxiety disorder", carried=True, shown=frozenset({Shown.FINDINGS})),
        _assessed(
            "trauma", "Trauma-related disorder", carried=True, shown=frozenset({Shown.FINDINGS})
        ),
        _notes(carried=True, subject="Diagnosis notes", shown=frozenset({Shown.FINDINGS})),
    ),
)

LIFE_SITUATION = Section(
    "life_situation",
    "Life situation",
    (
        Question(
            "stressors",
            "Stressors",
            Kind.CHOICES,
            choices.Stressor,
            shown=frozenset({Shown.FINDINGS}),
        ),
        Question("sleep", "Sleep", Kind.CHOICE, choices.Sleep, shown=frozenset({Shown.FINDINGS})),
        Question(
            "exercise", "Exercise", Kind.CHOICE, choices.Exercise, shown=frozenset({Shown.FINDINGS})
        ),
        Question(
            "support_network",
            "Support network",
            Kind.CHOICE,
            choices.SupportNetwork,
            shown=frozenset({Shown.FINDINGS}),
        ),
        _notes(subject="Life situation notes", shown=frozenset({Shown.FINDINGS})),
    ),
)

PSYCHOTHERAPIES = Rows(
    "psychotherapies",
    "psychotherapy",
    (
        Question(
            "modality",
            "Modality",
            Kind.CHOICE,
            choices.Modality,
            required=True,
            shown=frozenset({Shown.SHEET, Shown.FINDINGS}),
        ),
        Question(
            "sessions",
            "Sessions",
            Kind.COUNT,
            maximum=MAX_SESSIONS,
            shown=frozenset({Shown.SHEET, Shown.FINDINGS}),
        ),
        *_start_end(shown=frozenset({Shown.SHEET, Shown.FINDINGS})),
        Question(
            "benefit",
            "Benefit",
            Kind.CHOICE,
            choices.Benefit,
            shown=frozenset({Shown.SHEET, Shown.FINDINGS}),
        ),
        # Issue 25: a row added from the patient's answers before the visit says so.
        _info_source(shown=frozenset({Shown.SHEET})),
        _notes(shown=frozenset({Shown.SHEET})),
    ),
    lines=(("modality", "benefit", "info_source"), ("sessions", "start", "end"), ("notes",)),
    carried=True,
)

PROCEDURES = Rows(
    "procedures",
    "procedure",
    (
        Question(
            "kind",
            "Kind",
            Kind.CHOICE,
            choices.ProcedureKind,
            required=True,
            shown=frozenset({Shown.SHEET, Shown.FINDINGS}),
        ),
        Question(
            "sessions",
            "Sessions",
            Kind.COUNT,
            maximum=MAX_SESSIONS,
            shown=frozenset({Shown.SHEET, Shown.FINDINGS}),
        ),
        *_start_end(shown=frozenset({Shown.SHEET, Shown.FINDINGS})),
        Question(
            "response",
            "Response",
            Kind.CHOICE,
            choices.Response,
            shown=frozenset({Shown.SHEET, Shown.FINDINGS}),
        ),
        _yes_no("relapse", "Relapse afterwards?", shown=frozenset({Shown.SHEET, Shown.FINDINGS})),
        # Format version 3 (issue 23): the detail payers ask of a TMS or ECT course, and the
        # scale scores before and after any course, as recorded; none of them is judged.
        Question(
            "tms_protocol",
            "TMS protocol",
            Kind.CHOICE,
            choices.TmsProtocol,
            help="For rTMS or iTBS.",
            shown=frozenset({Shown.SHEET}),
        ),
        Question(
            "tms_target",
            "TMS target",
            Kind.CHOICE,
            choices.TmsTarget,
            shown=frozenset({Shown.SHEET}),
        ),
        Question(
            "ect_placement",
            "ECT electrode placement",
            Kind.CHOICE,
            choices.EctPlacement,
            shown=frozenset({Shown.SHEET}),
        ),
        Question(
            "score_scale",
            "Scale of the scores before and after",
            Kind.CHOICE,
            choices.ScoreScale,
            subject="Scale",
            shown=frozenset({Shown.SHEET}),
        ),
        Question(
            "score_before",
            "Score before the course",
            Kind.COUNT,
            maximum=MAX_SCALE_SCORE,
            shown=frozenset({Shown.SHEET}),
        ),
        Question(
            "score_after",
            "Score after the course",
            Kind.COUNT,
            maximum=MAX_SCALE_SCORE,
            shown=frozenset({Shown.SHEET}),
        ),
        _info_source(shown=frozenset({Shown.SHEET})),
        _notes(shown=frozenset({Shown.SHEET})),
    ),
    lines=(
        ("kind", "sessions", "response", "relapse"),
        ("start", "end", "info_source"),
        ("tms_protocol", "tms_target", "ect_placement"),
        ("score_scale", "score_before", "score_after"),
        ("notes",),
    ),
    carried=True,
)

PHARMACOGENOMIC_TESTING = Section(
    "pharmacogenomic_testing",
    "Pharmacogenomic testing",
    (
        _yes_no(
            "status",
            "Pharmacogenomic testing done?",
            subject="Pharmacogenomic testing",
            carried=True,
            shown=frozenset({Shown.FINDINGS}),
        ),
        _notes(
            carried=True, subject="Pharmacogenomic testing notes", shown=frozenset({Shown.FINDINGS})
        ),
    ),
)

# What was asked about safety and what the patient said; never a risk level. The two keys of
# version 1 keep their meaning, widened to "now or in the past month" and "without intent".
SAFETY = Section(
    "safety",
    "Safety",
    (
        _asked(
            "wish_dead",
            "Wished to be dead or not to wake up, in the past month",
            subject="Wish to be dead (past month)",
            shown=frozenset({Shown.SHEET}),
        ),
        _asked(
            "suicidal_thoughts",
            "Thoughts of ending their life, now or in the past month",
            subject="Suicidal thoughts (now or past month)",
            shown=frozenset({Shown.SHEET}),
        ),
        _asked(
            "method",
            "Has thought about how they would do it",
            subject="Thought of a method",
            shown=frozenset({Shown.SHEET}),
        ),
        _asked(
            "intent",
            "Some intention of acting on those thoughts",
            subject="Intent to act",
            shown=frozenset({Shown.SHEET}),
        ),
        _asked(
            "plan",
            "Has worked out details of a plan",
            subject="A plan",
            shown=frozenset({Shown.SHEET}),
        ),
        _asked(
            "behaviour",
            "Any suicidal act or preparation in the past 3 months",
            subject="Suicidal behaviour (past 3 months)",
            shown=frozenset({Shown.SHEET}),
        ),
        _asked(
            "attempt_ever",
            "A suicide attempt at any time",
            subject="Attempt ever",
            shown=frozenset({Shown.SHEET}),
        ),
        _asked(
            "self_harm",
            "Self-harm without the intention to die",
            subject="Self-harm without intent to die",
            shown=frozenset({Shown.SHEET}),
        ),
        Question(
            "phq9_item9",
            "PHQ-9 item 9 score (0-3)",
            Kind.COUNT,
            maximum=3,
            subject="PHQ-9 item 9",
            help="When a PHQ-9 was completed: the score of its last item, as answered.",
            shown=frozenset({Shown.SHEET}),
        ),
        _notes(shown=NOWHERE),
    ),
)

NOTES = Section(
    None,
    "Notes",
    (
        _notes("clinician_notes", "Clinician's notes", shown=NOWHERE),
        _notes(
            "concurrent_treatments",
            "Treatments planned alongside",
            help="What else is planned to run at the same time, in your words.",
            shown=frozenset({Shown.SHEET}),
        ),
    ),
)

# The whole format after "format" and "format_version", in its key order.
PARTS: tuple[Section | Rows, ...] = (
    VISIT,
    EPISODE,
    MEDICATION_TRIALS,
    ADHERENCE,
    OTHER_MEDICINES,
    SUBSTANCE_USE,
    PHYSICAL_HEALTH,
    DIFFERENTIALS,
    LIFE_SITUATION,
    PSYCHOTHERAPIES,
    PROCEDURES,
    PHARMACOGENOMIC_TESTING,
    SAFETY,
    NOTES,
)

SECTIONS: tuple[Section, ...] = tuple(part for part in PARTS if isinstance(part, Section))
ROWS: tuple[Rows, ...] = (
    *(rows for section in SECTIONS for rows in section.rows),
    *(part for part in PARTS if isinstance(part, Rows)),
)


# The sections a follow-up asks afresh (none of their answers is carried): for each, the step
# offers the previous review's answers to confirm or change ("Same as on <date>").
ASKED_AFRESH: tuple[Section, ...] = tuple(
    section
    for section in SECTIONS
    if section.key is not None and not any(question.carried for question in section.questions)
)


def carried_names() -> tuple[str, ...]:
    """What a follow-up carries forward, named for the clinician, in format order: each
    repeatable section carried, each section whose answers are all carried, and "part of" a
    section of which only some are (the visit's own questions are not named)."""
    names = []
    for part in PARTS:
        if isinstance(part, Rows):
            if part.carried:
                names.append(part.key.replace("_", " "))
        elif part.key is not None and any(question.carried for question in part.questions):
            whole = all(question.carried for question in part.questions)
            names.append(part.title.lower() if whole else f"part of {part.title.lower()}")
    return tuple(names)


def section_answers(review, section: Section) -> dict[str, object]:
    """A one-to-one section's answers on a Review, by column."""
    return {column: getattr(review, column) for column in section.columns}


def has_answers(review, section: Section) -> bool:
    """Whether any answer of the section differs from what a new review starts with."""
    return any(
        getattr(review, section.column(question)) not in (question.default, None, "", [])
        for question in section.questions
    )


def review_columns() -> Iterator[tuple[str, Question]]:
    """Every column of Review that holds an answer, with its question, in format order."""
    for section in SECTIONS:
        for question in section.questions:
            yield section.column(question), question


def assessments() -> Iterator[tuple[Section, Question]]:
    """The single-choice assessments of the one-to-one sections, in format order."""
    for section in SECTIONS:
        for question in section.questions:
            if question.is_assessment:
                yield section, question


def path(section: Section, question: Question) -> str:
    """The dotted path of an answer in the format: "physical_health.chronic_pain"."""
    return f"{section.key}.{question.key}" if section.key else question.key


def question(dotted: str) -> Question:
    """The question at a dotted path of the format: question("substance_use.alcohol")."""
    *section_key, key = dotted.split(".")
    wanted = section_key[0] if section_key else None  # top-level keys: the sections without one
    return next(
        question
        for section in SECTIONS
        if section.key == wanted
        for question in section.questions
        if question.key == key
    )


def answer(data: dict, dotted: str):
    """The answer at a dotted path of a review in the format: answer(data, "safety.plan")."""
    for key in dotted.split("."):
        data = data[key]
    return data
