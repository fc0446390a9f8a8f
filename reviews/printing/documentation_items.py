"""The documentation sheet's items, as data: what each reads from the review and how it is
laid out (reviews/printing/sheets/documentation.py builds the sheet from them, with the values of
reviews/printing/documentation_values.py).

An item names the fields of the format it reads (`paths`, dotted, docs/format.md); a column of a
repeatable item names the row questions it shows (`reads`). The schema's questions that say they
are shown on the sheet (schema.Shown.SHEET) are exactly these: a test holds the two together.
"""

from dataclasses import dataclass

from reviews import schema
from reviews.facts import label_doses

NOT_RECORDED = "not recorded in this review"
# What the sheet is printed for: only the title and the head-device item depend on it.
TREATMENTS: dict[str, str] = {"tms": "TMS", "esketamine": "esketamine", "other": "other treatment"}
TITLE = "Treatment history for an insurance request"
STATEMENT = (
    "This sheet lists, item by item and in a fixed order, what this review recorded, for the "
    "reader's own assessment. It weighs no entry against any payer's terms. An item reads "
    f'"{NOT_RECORDED}" when the review holds no entry for it. The entries are the '
    "clinician's own, who attests them by signing the printed sheet. " + label_doses.RULE
)

GROUPS: tuple[tuple[str, str], ...] = (
    ("patient", "Patient and current episode"),
    ("medicines", "Medication courses"),
    ("treatments", "Psychotherapy and procedures"),
    ("health", "Other conditions, safety and substance use"),
    ("plan", "Alongside the requested treatment"),
)


@dataclass(frozen=True)
class Column:
    key: str  # the key in the sheet's JSON
    label: str
    reads: tuple[str, ...] = ()  # the row questions (keys of their schema.Rows) it shows


@dataclass(frozen=True)
class Item:
    id: str
    label: str
    group: str
    paths: tuple[str, ...]  # the fields of the review format (docs/format.md) it reads
    extractor: str = ""  # a name in EXTRACTORS; empty: the one answer at paths[0]
    treatments: frozenset[str] = frozenset(TREATMENTS)  # the sheets it is printed on


COURSE_COLUMNS = (
    Column("medicine", "Medicine", ("drug",)),
    Column("class", "Class", ("drug_class",)),
    Column("dates", "Dates", ("start", "end", "ongoing")),
    Column("highest_dose", "Highest dose", ("max_daily_dose_mg",)),
    Column("dose_marked_adequate", "Dose marked adequate", ("dose_adequate",)),
    Column("weeks_at_adequate_dose", "Weeks at an adequate dose", ("weeks",)),
    Column("adherence", "Adherence", ("adherence",)),
    Column("response", "Response", ("response", "improvement_percent")),
    Column("why_stopped", "Why stopped", ("stopped_because", "reason_stopped")),
    Column("information_from", "Information from", ("info_source",)),
)
OTHER_COURSE_COLUMNS = (
    *COURSE_COLUMNS[:3],
    Column("episode", "Episode", ("start", "end")),
    *COURSE_COLUMNS[3:],
)
AUGMENTATION_COLUMNS = (
    *COURSE_COLUMNS[:3],
    Column("how", "As recorded", ("role",)),
    *COURSE_COLUMNS[3:],
)
THERAPY_COLUMNS = (
    # The row's source rides with its name ("CBT (patient report)"): no column of its own, so
    # the sheet keeps its one page.
    Column("modality", "Modality", ("modality", "info_source")),
    Column("sessions", "Sessions", ("sessions",)),
    Column("dates", "Dates", ("start", "end")),
    Column("benefit", "Benefit", ("benefit",)),
)
PROCEDURE_COLUMNS = (
    Column("kind", "Procedure", ("kind", "info_source")),
    Column("sessions", "Sessions", ("sessions",)),
    Column("dates", "Dates", ("start", "end")),
    Column("response", "Response", ("response",)),
    Column("relapse", "Relapse afterwards", ("relapse",)),
    Column(
        "protocol", "Protocol, target, placement", ("tms_protocol", "tms_target", "ect_placement")
    ),
    Column("scores", "Scores before \u2192 after", ("score_scale", "score_before", "score_after")),
)
SCORE_COLUMNS = (
    Column("scale", "Scale", ("scale",)),
    Column("score", "Score", ("score",)),
    Column("date", "Date", ("date",)),
    Column("days_before_visit", "Days before the visit", ("date",)),
    Column("information_from", "Information from", ("info_source",)),
)
COLUMNS: dict[str, tuple[Column, ...]] = {
    "scores": SCORE_COLUMNS,
    "current_courses": COURSE_COLUMNS,
    "other_courses": OTHER_COURSE_COLUMNS,
    "augmentations": AUGMENTATION_COLUMNS,
    "psychotherapies": THERAPY_COLUMNS,
    "stimulation_and_ketamine": PROCEDURE_COLUMNS,
    "other_procedures": PROCEDURE_COLUMNS,
}

STIMULATION_AND_KETAMINE = frozenset(
    {"rtms", "itbs", "ect", "ketamine_iv", "ketamine_oral", "esketamine"}
)
# Every safety question as the schema asks it, in its order: each yes / no / not asked item,
# and the PHQ-9 item 9 score (printed only when recorded). Not a list of our own: a question
# added to the schema is printed with the rest.
SAFETY_QUESTIONS: tuple[schema.Question, ...] = tuple(
    question
    for question in schema.SAFETY.questions
    if question.kind is schema.Kind.CHOICE or question.key == "phq9_item9"
)
SAFETY_PATHS = tuple(schema.path(schema.SAFETY, question) for question in SAFETY_QUESTIONS)
# The substance-use questions the schema says the sheet shows.
SUBSTANCE_PATHS = tuple(
    schema.path(schema.SUBSTANCE_USE, question)
    for question in schema.SUBSTANCE_USE.questions
    if schema.Shown.SHEET in (question.shown or ())
)

ITEMS: tuple[Item, ...] = (
    Item("adult", "Patient 18 or older", "patient", ("adult",)),
    Item(
        "diagnosis_code",
        "Diagnosis code (ICD-10-CM), as entered",
        "patient",
        ("episode.diagnosis_code",),
    ),
    Item(
        "episode",
        "Current episode",
        "patient",
        (
            "episode.onset",
            "episode.duration_months",
            "episode.prior_episodes",
            "episode.age_first_episode",
        ),
        "episode",
    ),
    Item(
        "latest_scores",
        "Rating scales: latest score of each",
        "patient",
        ("episode.severity_scores",),
        "scores",
    ),
    Item(
        "psychiatrist_involved",
        "Psychiatrist involved in care",
        "patient",
        ("episode.psychiatrist_involved",),
    ),
    Item(
        "trial_counts",
        "Failed adequate trials counted; trials ongoing or uncertain, not counted",
        "medicines",
        ("medication_trials", "episode.onset"),
        "trial_counts",
    ),
    Item(
        "current_courses",
        "Antidepressant courses in the current episode",
        "medicines",
        ("medication_trials", "episode.onset"),
        "current_courses",
    ),
    Item(
        "other_courses",
        "Other antidepressant courses",
        "medicines",
        ("medication_trials", "episode.onset"),
        "other_courses",
    ),
    Item(
        "side_effect_courses",
        "Stopped for side effects or not tolerated",
        "medicines",
        ("medication_trials", "episode.onset"),
        "side_effect_courses",
    ),
    Item(
        "augmentations",
        "Augmentation courses",
        "medicines",
        ("medication_trials",),
        "augmentations",
    ),
    Item(
        "psychotherapies",
        "Psychotherapy courses",
        "treatments",
        ("psychotherapies",),
        "psychotherapies",
    ),
    Item(
        "stimulation_and_ketamine",
        "Earlier TMS, ECT and ketamine or esketamine courses",
        "treatments",
        ("procedures",),
        "stimulation_and_ketamine",
    ),
    Item(
        "other_procedures",
        "Other procedures and intensive care",
        "treatments",
        ("procedures",),
        "other_procedures",
    ),
    Item(
        "psychotic_features",
        "Psychotic features in this episode",
        "health",
        ("episode.psychotic_features",),
    ),
    Item("bipolar", "Bipolar disorder", "health", ("differentials.bipolar",)),
    Item("seizures", "Seizure disorder", "health", ("physical_health.seizures",)),
    Item(
        "head_implant",
        "Metal or implanted device in or near the head",
        "health",
        ("physical_health.head_implant",),
        treatments=frozenset({"tms", "other"}),
    ),
    Item("substance_use", "Substance use", "health", SUBSTANCE_PATHS, "answers"),
    Item(
        "suicidal_thoughts_and_intent",
        "Suicidal thoughts and self-harm, as asked",
        "health",
        SAFETY_PATHS,
        "safety",
    ),
    Item(
        "monitoring",
        "Prescription-monitoring check",
        "plan",
        ("other_medicines.monitoring_checked", "other_medicines.monitoring_date"),
        "monitoring",
    ),
    Item(
        "concurrent_treatments",
        "Treatments planned alongside",
        "plan",
        ("concurrent_treatments",),
    ),
)

# The repeatable section each row-listing item prints rows of.
ROWS_OF: dict[str, schema.Rows] = {
    "scores": schema.SEVERITY_SCORES,
    "current_courses": schema.MEDICATION_TRIALS,
    "other_courses": schema.MEDICATION_TRIALS,
    "augmentations": schema.MEDICATION_TRIALS,
    "psychotherapies": schema.PSYCHOTHERAPIES,
    "stimulation_and_ketamine": schema.PROCEDURES,
    "other_procedures": schema.PROCEDURES,
}


def row_questions_shown(rows: schema.Rows) -> frozenset[str]:
    """The questions of `rows` the sheet prints: its columns', and the notes under each row."""
    shown = {
        key
        for extractor, part in ROWS_OF.items()
        if part is rows
        for column in COLUMNS[extractor]
        for key in column.reads
    }
    if shown and "notes" in rows.keys:
        shown.add("notes")
    return frozenset(shown)
