"""What a clinician answers on each step of the walk-through, and what the pages say back."""

import datetime
from decimal import Decimal

VISIT = datetime.date(2026, 3, 2)
TOO_LONG = "x" * 10_001
TOO_LONG_MESSAGE = "Ensure this value has at most 10000 characters (it has 10001)."
CONFLICT = "was saved from another tab or window while this page was open"
FINAL = "This review is final and can no longer be changed."

# What a clinician answers on each step: the form's columns, and the rows of its formset.
ANSWERS = {
    "visit": {"fields": {"patient_ref": "MRN-0099", "visit_date": datetime.date(2026, 3, 1)}},
    "episode": {
        "fields": {
            "episode_onset": "2024-03",  # known to the month
            "episode_duration_months": 20,
            "episode_prior_episodes": 2,
            "episode_psychiatrist_involved": "yes",
        },
        "rows": [{"scale": "madrs", "score": 31, "date": "2026-02-20"}],
    },
    "medication": {
        "rows": [
            {
                "drug": "sertraline",
                "drug_class": "ssri",
                "given_for": "depression",
                "role": "monotherapy",
                "start": "2024-04-01",
                "end": "2024-06-15",
                "ongoing": "no",
                "weeks": None,
                "max_daily_dose_mg": Decimal("150.50"),
                "dose_adequate": "yes",
                "adherence": "as_prescribed",
                "response": "none",
                "improvement_percent": 10,
                "tolerability": "tolerated",
                "stopped_because": "no_effect",
                "reason_stopped": "no effect",
                "info_source": "records",
                "notes": "",
            }
        ]
    },
    "adherence": {
        "fields": {
            "adherence_taking_as_prescribed": "partly",
            "adherence_missed_appointments": "no",
            "adherence_stopped_when_better": "yes",
            "adherence_barriers": ["cost", "side_effects"],
            "adherence_notes": "Pharmacy is 40 minutes away.",
        }
    },
    "other-medicines": {
        "fields": {
            "other_medicines_reviewed": "yes",
            "other_medicines_details": "St John's wort since May",
        }
    },
    "substance-use": {
        "fields": {
            "substance_use_alcohol": "heavy",
            "substance_use_recreational_drugs": "no",
            "substance_use_cannabis": "yes",
            "substance_use_being_addressed": "no",
            "substance_use_notes": "Drinks alone <most> evenings & weekends",
        }
    },
    "physical-health": {
        "fields": {
            "physical_health_thyroid": "present",
            "physical_health_chronic_pain": "absent",
            "physical_health_heart": "uncertain",
            "physical_health_other": "Type 2 diabetes",
        }
    },
    "differentials": {
        "fields": {
            "differentials_bipolar": "uncertain",
            "differentials_dysthymia": "absent",
            "differentials_personality_disorder": "not_assessed",
            "differentials_anxiety": "present",
            "differentials_trauma": "absent",
            "differentials_notes": "Hypomania in 2019?",
        }
    },
    "life-situation": {
        "fields": {
            "life_situation_stressors": ["relationship", "financial"],
            "life_situation_sleep": "poor",
            "life_situation_exercise": "none",
            "life_situation_support_network": "limited",
            "life_situation_notes": "Recently separated",
        }
    },
    "psychotherapies": {
        "rows": [
            {
                "modality": "cbt",
                "sessions": 12,
                "start": "2023-01-10",
                "end": "2023-04-01",
                "benefit": "partial",
                "notes": "group format",
            }
        ]
    },
    "procedures": {
        "rows": [
            {
                "kind": "rtms",
                "sessions": 32,
                "start": "2025-01-10",
                "end": "2025-02-25",
                "response": "remission",
                "relapse": "yes",
                "notes": "",
            }
        ]
    },
    "pharmacogenomics": {
        "fields": {
            "pharmacogenomic_testing_status": "no",
            "pharmacogenomic_testing_notes": "Not covered by the insurer",
        }
    },
    "safety": {
        "fields": {
            "safety_suicidal_thoughts": "no",
            "safety_self_harm": "no",
            "safety_notes": "Safety plan reviewed",
        }
    },
    "notes": {"fields": {"clinician_notes": "Follow up in 4 weeks.\nBring the pharmacy list."}},
}
