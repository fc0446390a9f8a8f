"""Reviews in the interchange shape (docs/format.md, version 2), for tests of rules, import and
export; `as_version_1` turns one back into the version-1 shape of DESIGN.md §5.

Both functions return a fresh dict with exactly the §5 key set, so a test may change it freely.
CODES lists every §5 value set, for tests that check codes or generate reviews.
"""

from reviews import schema

CODES: dict[str, tuple[str, ...]] = {
    "yes_no": ("yes", "no", "unknown"),
    "taking_as_prescribed": ("yes", "partly", "no", "unknown"),
    "assessment": ("not_assessed", "absent", "present", "uncertain"),
    "drug_class": (
        "ssri",
        "snri",
        "tca",
        "maoi",
        "ndri",
        "nassa",
        "serotonin_modulator",
        "melatonergic",
        "other_antidepressant",
        "atypical",
        "antipsychotic",
        "mood_stabilizer",
        "thyroid_hormone",
        "anxiolytic",
        "stimulant",
        "other",
    ),
    "given_for": ("depression", "pain", "sleep", "anxiety", "other_condition", "unknown"),
    "role": ("monotherapy", "combination", "augmentation"),
    "stopped_because": (
        "not_stopped",
        "no_effect",
        "partial_effect",
        "side_effects",
        "recovered",
        "patient_choice",
        "cost_or_access",
        "other",
        "unknown",
    ),
    "adherence": ("as_prescribed", "partial", "poor", "unknown"),
    "response": ("none", "partial", "response", "remission", "lost_response", "unknown"),
    "tolerability": ("tolerated", "limited_by_side_effects", "intolerable", "unknown"),
    "info_source": ("patient_report", "records", "pharmacy", "unknown"),
    "modality": (
        "cbt",
        "act",
        "ipt",
        "family_couples",
        "dbt",
        "group",
        "mindfulness",
        "behavioral_activation",
        "psychodynamic",
        "emdr",
        "problem_solving",
        "cbasp",
        "short_term_psychodynamic",
        "other",
    ),
    "benefit": ("none", "partial", "substantial", "unknown"),
    "kind": (
        "rtms",
        "itbs",
        "ketamine_iv",
        "ketamine_oral",
        "esketamine",
        "ect",
        "vns",
        "psychedelic_assisted",
        "inpatient",
        "partial_hospitalization",
        "intensive_outpatient",
        "other",
    ),
    "alcohol": ("none", "occasional", "regular", "heavy", "unknown"),
    "stressors": ("relationship", "financial", "work", "housing", "loss", "health", "other"),
    "sleep": ("good", "poor", "unknown"),
    "exercise": ("regular", "some", "none", "unknown"),
    "support_network": ("good", "limited", "none", "unknown"),
    "scale": ("phq9", "madrs", "hamd17", "bdi2", "qids_sr16", "wsas"),
    "barriers": ("cost", "side_effects", "access", "other"),
}


def with_new_questions(review: dict, *, recorded: bool = False) -> dict:
    """The sample in the format's key order, with every one-to-one question the schema has and
    the sample does not spell out: at its default, or with `recorded` at an answer that is not
    "unknown" / "not assessed". Adding a question to reviews/schema.py needs no edit here; a
    key the schema no longer has fails loudly."""
    ordered = {"format": review.pop("format"), "format_version": review.pop("format_version")}
    for part in schema.PARTS:
        if isinstance(part, schema.Rows):
            ordered[part.key] = review.pop(part.key)
            continue
        answers = review if part.key is None else review.pop(part.key)
        section = {q.key: _new_answer(q, recorded) for q in part.questions}
        section |= {key: answers.pop(key) for key in part.keys if key in answers}
        section |= {rows.key: answers.pop(rows.key) for rows in part.rows}
        if part.key is None:
            ordered |= section
        else:
            assert not answers, f"{part.key} has keys the schema lacks: {sorted(answers)}"
            ordered[part.key] = section
    assert not review, f"keys the schema lacks: {sorted(review)}"
    return ordered


def _new_answer(question: schema.Question, recorded: bool):
    if recorded and question.is_assessment:
        assert question.value_set is not None
        return next(code for code in question.value_set.values if code not in schema.OPEN_VALUES)
    return question.default


def blank_review() -> dict:
    """A review with nothing known yet: every choice unknown / not assessed, every list empty."""
    return with_new_questions(
        {
            "format": "trdreview/review",
            "format_version": 3,
            "patient_ref": "TEST-1",
            "visit_date": "2026-11-20",
            "adult": "unknown",
            "episode": {
                "onset": None,
                "duration_months": None,
                "prior_episodes": None,
                "diagnosis_code": "",
                "psychotic_features": "not_assessed",
                "psychiatrist_involved": "unknown",
                "severity_scores": [],
            },
            "medication_trials": [],
            "adherence": {
                "taking_as_prescribed": "unknown",
                "missed_appointments": "unknown",
                "stopped_when_better": "unknown",
                "barriers": [],
                "notes": "",
            },
            "other_medicines": {
                "reviewed": "unknown",
                "monitoring_checked": "unknown",
                "monitoring_date": None,
                "details": "",
            },
            "substance_use": {
                "alcohol": "unknown",
                "recreational_drugs": "unknown",
                "cannabis": "unknown",
                "being_addressed": "unknown",
                "notes": "",
            },
            "physical_health": {
                "thyroid": "not_assessed",
                "chronic_pain": "not_assessed",
                "heart": "not_assessed",
                "seizures": "not_assessed",
                "head_implant": "unknown",
                "other": "",
            },
            "differentials": {
                "bipolar": "not_assessed",
                "dysthymia": "not_assessed",
                "personality_disorder": "not_assessed",
                "anxiety": "not_assessed",
                "trauma": "not_assessed",
                "notes": "",
            },
            "life_situation": {
                "stressors": [],
                "sleep": "unknown",
                "exercise": "unknown",
                "support_network": "unknown",
                "notes": "",
            },
            "psychotherapies": [],
            "procedures": [],
            "pharmacogenomic_testing": {"status": "unknown", "notes": ""},
            "safety": {
                "wish_dead": "unknown",
                "suicidal_thoughts": "unknown",
                "method": "unknown",
                "intent": "unknown",
                "plan": "unknown",
                "behaviour": "unknown",
                "attempt_ever": "unknown",
                "self_harm": "unknown",
                "phq9_item9": None,
                "notes": "",
            },
            "clinician_notes": "",
            "concurrent_treatments": "",
        }
    )


def trial(drug: str, drug_class: str, **fields) -> dict:
    """One medication trial row with every §5 key; unspecified fields unknown / empty."""
    row = {
        "drug": drug,
        "drug_class": drug_class,
        "given_for": "depression",
        "role": "monotherapy",
        "start": None,
        "end": None,
        "ongoing": "unknown",
        "weeks": None,
        "max_daily_dose_mg": None,
        "dose_adequate": "unknown",
        "adherence": "unknown",
        "response": "unknown",
        "improvement_percent": None,
        "tolerability": "unknown",
        "stopped_because": "unknown",
        "reason_stopped": "",
        "info_source": "unknown",
        "notes": "",
    }
    row.update(fields)
    return row


def therapy(modality: str, **fields) -> dict:
    """One psychotherapy row with every §5 key."""
    row = {
        "modality": modality,
        "sessions": None,
        "start": None,
        "end": None,
        "benefit": "unknown",
        "info_source": "unknown",
        "notes": "",
    }
    row.update(fields)
    return row


def procedure(kind: str, **fields) -> dict:
    """One procedure row with every §5 key."""
    row = {
        "kind": kind,
        "sessions": None,
        "start": None,
        "end": None,
        "response": "unknown",
        "relapse": "unknown",
        **PROCEDURE_KEYS_ADDED_IN_V3,
        "info_source": "unknown",
        "notes": "",
    }
    row.update(fields)
    return row


# The procedure keys of format version 3 (issue 23), at their defaults.
PROCEDURE_KEYS_ADDED_IN_V3 = {
    "tms_protocol": "unknown",
    "tms_target": "unknown",
    "ect_placement": "unknown",
    "score_scale": "unknown",
    "score_before": None,
    "score_after": None,
}


def as_version_2(review: dict) -> dict:
    """The same review as a version-2 export wrote it: no keys of version 3."""
    procedures = [
        {
            key: value
            for key, value in row.items()
            if key not in PROCEDURE_KEYS_ADDED_IN_V3 and key != "info_source"
        }
        for row in review["procedures"]
    ]
    therapies = [
        {key: value for key, value in row.items() if key != "info_source"}
        for row in review["psychotherapies"]
    ]
    episode = {
        key: value
        for key, value in review["episode"].items()
        if key not in ("work_study", "age_first_episode")
    }
    episode["severity_scores"] = [
        {key: value for key, value in row.items() if key != "info_source"}
        for row in episode["severity_scores"]
    ]
    return {
        **review,
        "format_version": 2,
        "episode": episode,
        "procedures": procedures,
        "psychotherapies": therapies,
    }


def rich_review() -> dict:
    """A realistic, fully filled review: five trials (one short, one ongoing, one augmentation),
    two psychotherapies and two procedures, with findings in most sections."""
    review = blank_review()
    review.update(
        patient_ref="MRN-0042",
        adult="yes",
        episode={
            "onset": "2024-03-01",
            "duration_months": 32,
            "prior_episodes": 2,
            "diagnosis_code": "F33.2",
            "psychotic_features": "absent",
            "psychiatrist_involved": "yes",
            "severity_scores": [
                {"scale": "phq9", "score": 19, "date": "2026-11-20", "info_source": "unknown"},
                {"scale": "madrs", "score": 31, "date": "2026-11-20", "info_source": "unknown"},
            ],
        },
        medication_trials=[
            trial(
                "sertraline",
                "ssri",
                start="2024-04-01",
                end="2024-06-15",
                max_daily_dose_mg=150,
                dose_adequate="yes",
                adherence="as_prescribed",
                response="none",
                tolerability="tolerated",
                ongoing="no",
                stopped_because="no_effect",
                reason_stopped="no effect",
                info_source="records",
            ),
            trial(
                "citalopram",
                "ssri",
                start="2024-07-01",
                end="2024-07-22",
                max_daily_dose_mg=20,
                dose_adequate="no",
                adherence="partial",
                response="none",
                tolerability="limited_by_side_effects",
                ongoing="no",
                stopped_because="side_effects",
                reason_stopped="nausea",
                info_source="patient_report",
            ),
            trial(
                "Venlafaxine",
                "snri",
                start="2024-09-01",
                end="2025-03-01",
                max_daily_dose_mg=225,
                dose_adequate="yes",
                adherence="as_prescribed",
                response="partial",
                tolerability="tolerated",
                ongoing="no",
                stopped_because="partial_effect",
                reason_stopped="partial effect",
                info_source="pharmacy",
            ),
            trial(
                "aripiprazole",
                "antipsychotic",
                role="augmentation",
                start="2025-01-10",
                end="2025-03-01",
                max_daily_dose_mg=5,
                dose_adequate="unknown",
                adherence="poor",
                response="none",
                tolerability="limited_by_side_effects",
                ongoing="no",
                stopped_because="side_effects",
                reason_stopped="restlessness",
                info_source="records",
            ),
            trial(
                "bupropion",
                "ndri",
                start="2026-10-02",
                ongoing="yes",
                stopped_because="not_stopped",
                max_daily_dose_mg=300,
                dose_adequate="yes",
                adherence="as_prescribed",
                response="unknown",
                tolerability="tolerated",
                info_source="patient_report",
            ),
        ],
        adherence={
            "taking_as_prescribed": "partly",
            "missed_appointments": "no",
            "stopped_when_better": "yes",
            "barriers": ["cost", "side_effects"],
            "notes": "Stopped citalopram early because of nausea.",
        },
        other_medicines={
            "reviewed": "yes",
            "monitoring_checked": "yes",
            "monitoring_date": "2024-03-05",
            "details": "St John's wort until 2024",
        },
        substance_use={
            "alcohol": "heavy",
            "recreational_drugs": "no",
            "cannabis": "unknown",
            "being_addressed": "no",
            "notes": "",
        },
        physical_health={
            "thyroid": "present",
            "chronic_pain": "not_assessed",
            "heart": "absent",
            "seizures": "absent",
            "head_implant": "no",
            "other": "Type 2 diabetes",
        },
        differentials={
            "bipolar": "uncertain",
            "dysthymia": "absent",
            "personality_disorder": "not_assessed",
            "anxiety": "present",
            "trauma": "not_assessed",
            "notes": "Hypomanic episode reported by family in 2019, not confirmed.",
        },
        life_situation={
            "stressors": ["relationship", "financial"],
            "sleep": "poor",
            "exercise": "none",
            "support_network": "limited",
            "notes": "",
        },
        psychotherapies=[
            therapy("cbt", sessions=12, start="2023-01-09", end="2023-04-03", benefit="partial"),
            therapy("behavioral_activation", sessions=8, benefit="none"),
        ],
        procedures=[
            procedure(
                "rtms",
                sessions=32,
                start="2021-01-10",
                end="2021-02-25",
                response="remission",
                relapse="yes",
            ),
            procedure("ketamine_iv", sessions=6, start="2022-05-02", response="partial"),
        ],
        pharmacogenomic_testing={"status": "no", "notes": "Not covered by the patient's plan."},
        safety={
            "wish_dead": "yes",
            "suicidal_thoughts": "no",
            "method": "no",
            "intent": "no",
            "plan": "no",
            "behaviour": "no",
            "attempt_ever": "no",
            "self_harm": "no",
            "phq9_item9": 1,
            "notes": "",
        },
        clinician_notes="Patient brought pharmacy printout of past medicines.",
    )
    return with_new_questions(review, recorded=True)


TRIAL_KEYS_ADDED_IN_V2 = ("given_for", "ongoing", "improvement_percent", "stopped_because")
# The one-to-one questions of version 2's first release, by section (None: the top-level keys),
# frozen as history. Whatever the schema asks beyond them was added later, and is optional in
# files: older version-2 files lack it.
FIRST_RELEASE_KEYS: dict[str | None, tuple[str, ...]] = {
    None: ("patient_ref", "visit_date", "clinician_notes"),
    "episode": ("onset", "duration_months", "prior_episodes", "psychiatrist_involved"),
    "adherence": (
        "taking_as_prescribed",
        "missed_appointments",
        "stopped_when_better",
        "barriers",
        "notes",
    ),
    "other_medicines": ("reviewed", "details"),
    "substance_use": ("alcohol", "recreational_drugs", "cannabis", "being_addressed", "notes"),
    "physical_health": ("thyroid", "chronic_pain", "heart", "other"),
    "differentials": ("bipolar", "dysthymia", "personality_disorder", "anxiety", "trauma", "notes"),
    "life_situation": ("stressors", "sleep", "exercise", "support_network", "notes"),
    "pharmacogenomic_testing": ("status", "notes"),
    "safety": ("suicidal_thoughts", "self_harm", "notes"),
}
KEYS_ADDED_LATER: dict[str | None, tuple[str, ...]] = {}
for _section in schema.SECTIONS:
    KEYS_ADDED_LATER[_section.key] = KEYS_ADDED_LATER.get(_section.key, ()) + tuple(
        key for key in _section.keys if key not in FIRST_RELEASE_KEYS[_section.key]
    )


def without_later_keys(review: dict) -> dict:
    """The review as the first release of version 2 wrote it."""
    older = {key: value for key, value in review.items() if key not in KEYS_ADDED_LATER[None]}
    for section, keys in KEYS_ADDED_LATER.items():
        if section is not None:
            older[section] = {k: v for k, v in review[section].items() if k not in keys}
    return older


def later_keys_at_their_defaults(review: dict) -> dict:
    """The review as importing a file without the later keys gives it back."""
    blank = blank_review()
    for section, keys in KEYS_ADDED_LATER.items():
        target, source = (review, blank) if section is None else (review[section], blank[section])
        target.update({key: source[key] for key in keys})
    return review


def as_version_1(review: dict) -> dict:
    """The same review written by a version-1 export: no keys of version 2, and the older,
    coarser class code for the antidepressants that version 1 called "atypical"."""
    finer = {"ndri", "nassa", "serotonin_modulator", "melatonergic"}
    trials = [
        {
            **{key: value for key, value in row.items() if key not in TRIAL_KEYS_ADDED_IN_V2},
            "drug_class": "atypical" if row["drug_class"] in finer else row["drug_class"],
        }
        for row in review["medication_trials"]
    ]
    return {
        **without_later_keys(as_version_2(review)),
        "format_version": 1,
        "medication_trials": trials,
    }


def earlier_visit(visit_date: str = "2025-06-30") -> dict:
    """rich_review() moved back to an earlier visit: the review a follow-up starts from."""
    data = rich_review()
    data["visit_date"] = visit_date
    for score in data["episode"]["severity_scores"]:
        score["date"] = visit_date
    data["medication_trials"][-1]["start"] = "2025-05-01"
    data["other_medicines"]["monitoring_date"] = None
    return data


def hundred_trials() -> dict:
    """A review at the formset's maximum of 100 medication trials, told apart by their notes."""
    data = blank_review()
    data["medication_trials"] = [
        trial("sertraline", "ssri", start="2020-01-01", end="2020-03-01", notes=f"row {n}")
        for n in range(100)
    ]
    return data
