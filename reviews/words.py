"""Codes in words: the one place a code of the format (docs/format.md) becomes text.

`label` gives the words a screen or a table shows for a code of a value set (its TextChoices
label, reviews/choices.py); `in_sentence` the words a generated sentence uses ("SSRI",
"mood stabiliser"); `answer_text` any stored answer as the screens show it. A code a value set
does not know reads as itself with spaces, never as an error.
"""

import datetime
import decimal

from django.db.models import TextChoices

from reviews import schema

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
    "problem_solving": "problem-solving therapy",
    "cbasp": "CBASP",
    "short_term_psychodynamic": "short-term psychodynamic psychotherapy",
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


def label(value_set: type[TextChoices] | None, code: str) -> str:
    """The words a screen shows for a code of a value set: "Tricyclic (TCA)", "As prescribed"."""
    if value_set is not None and code in value_set.values:
        return str(value_set(code).label)
    return code.replace("_", " ")


def in_sentence(code: str) -> str:
    """The words a sentence uses for a code: "SSRI", "mood stabiliser", "loss or bereavement"."""
    return LABELS.get(code, code.replace("_", " "))


def answer_text(question: schema.Question | None, value) -> str:
    """A stored value as the screens show it: a choice's label, a date, a number, or text."""
    if value is None or value == "" or value == []:
        return "—"
    value_set = question.value_set if question is not None else None
    if isinstance(value, list):
        return ", ".join(label(value_set, item) for item in value)
    if value_set is not None:
        return label(value_set, value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return f"{value.normalize():f}"  # 150.00 → "150", 37.50 → "37.5"
    return str(value)
