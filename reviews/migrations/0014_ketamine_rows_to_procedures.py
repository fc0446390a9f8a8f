"""Esketamine and ketamine are procedures (issue 21): a draft's medication-trial rows that name
them become procedure rows of the same review. Final reviews are left as they were recorded
(docs/decisions.md, "Esketamine and ketamine rows moved to procedures, in drafts only").

The names, their reading and the labels are frozen copies of what reviews.drugs, reviews.schema
and reviews.choices said when this migration was written: a migration must mean the same thing
whenever it runs, whatever the live code says by then.
"""

import datetime
import re

from django.db import migrations
from django.db.models import F

# reviews.drugs._PROCEDURE_NAMES, keyed as _key reads a name.
NAMES = {
    "esketamine": "esketamine",
    "sketamine": "esketamine",  # S-ketamine, (S)-ketamine; es-ketamine reads "esketamine"
    "spravato": "esketamine",
    "ketanests": "esketamine",  # Ketanest S
    "ketamine": "ketamine",
    "racemicketamine": "ketamine",
    "ketalar": "ketamine",
    "ketanest": "ketamine",
}
BY_MOUTH = r"oral|orally|po|sublingual|lozenges?|troches?"
ROUTE = re.compile(
    rf"(?<!\w)(?:i\.v\.?|iv|intravenous|infusions?|injections?|im|intramuscular|intranasal|"
    rf"nasal|spray|{BY_MOUTH})(?!\w)"
)
TAKEN_BY_MOUTH = re.compile(rf"(?<!\w)(?:{BY_MOUTH})(?!\w)")
DOSE = re.compile(r"(?<!\w)\d+(?:[.,]\d+)?\s*(?:(?:mg|mcg|µg|ml)(?:/(?:kg|ml|h))?)?(?!\w)")
FORMULATION = re.compile(
    r"\b(xr|xl|sr|er|cr|la|od|cd|retard|modified release|extended release|prolonged release|"
    r"carbonate|citrate|hydrochloride|hcl|hydrobromide|succinate|sodium|oxalate|tablets?|"
    r"capsules?|patch)\b"
)

# What a trial records that a procedure has no field for, with its label and the value it starts
# with (left at it, or unknown, it is not listed). Drug, class, response and notes are carried.
LEFT_OVER = {
    "given_for": ("Given for", "depression"),
    "role": ("Role", "monotherapy"),
    "start": ("Start", None),
    "end": ("End", None),
    "ongoing": ("Ongoing at the visit?", "unknown"),
    "weeks": ("Weeks at an adequate dose", None),
    "max_daily_dose_mg": ("Highest dose (mg/day)", None),
    "dose_adequate": ("Dose adequate?", "unknown"),
    "adherence": ("Adherence", "unknown"),
    "improvement_percent": ("Improvement (%)", None),
    "tolerability": ("Tolerability", "unknown"),
    "stopped_because": ("Why it stopped", "unknown"),
    "reason_stopped": ("Why it stopped (detail)", ""),
    "info_source": ("Information from", "unknown"),
}
CODED = {
    "given_for",
    "role",
    "ongoing",
    "dose_adequate",
    "adherence",
    "tolerability",
    "stopped_because",
    "info_source",
}
# A code's label is the code with spaces, capitalised, except these.
LABELS = {"other_condition": "Another condition", "patient_choice": "Patient's choice"}


def _key(name):
    text = FORMULATION.sub(" ", DOSE.sub(" ", name.casefold()))
    text = " ".join(re.sub(r"\s*[/+]\s*", "-", text).split())
    return re.sub(r"[\s\-().,®™]+", "", ROUTE.sub(" ", text))


def _kind(name):
    medicine = NAMES.get(_key(name))
    if medicine == "esketamine":
        return "esketamine"
    if medicine == "ketamine":
        return "ketamine_oral" if TAKEN_BY_MOUTH.search(name.casefold()) else "ketamine_iv"
    return None


def _exact(text):
    """A trial's date ("2019", "2019-03" or "2019-03-14") as a procedure's; None unless exact."""
    return datetime.date.fromisoformat(text) if text and len(text) == 10 else None


def _shown(key, value):
    if key in CODED:
        return LABELS.get(value, value.replace("_", " ").capitalize())
    if hasattr(value, "normalize"):  # a dose: 84, not 84.00
        return f"{value.normalize():f}"
    return str(value)


def _notes(trial):
    left = []
    for key, (label, default) in LEFT_OVER.items():
        value = getattr(trial, key)
        if value in (default, None, "", "unknown"):
            continue
        if key in ("start", "end") and _exact(value):
            continue  # kept as the procedure's date
        left.append(f"{label}: {_shown(key, value)}")
    line = f'Moved from medication trials (entered as "{trial.drug}"'
    line += "".join(f"; {item}" for item in left) + ")."
    return "\n".join(text for text in (trial.notes, line) if text)


def move_to_procedures(apps, schema_editor):
    """Each draft's esketamine and ketamine trials, in the order entered, become its last
    procedures: response and notes kept, exact dates kept, sessions and relapse not known. The
    review's version goes up, so a page opened before the move is answered as stale."""
    trials = apps.get_model("reviews", "MedicationTrial")
    procedures = apps.get_model("reviews", "Procedure")
    reviews = apps.get_model("reviews", "Review")
    changed = set()
    for trial in trials.objects.filter(review__status="draft").order_by("review_id", "id"):
        kind = _kind(trial.drug)
        if kind is None:
            continue
        procedures.objects.create(
            review_id=trial.review_id,
            kind=kind,
            sessions=None,
            start=_exact(trial.start),
            end=_exact(trial.end),
            response=trial.response,
            relapse="unknown",
            notes=_notes(trial),
        )
        trial.delete()
        changed.add(trial.review_id)
    # facts_version 0: the stored counts are computed again after migrating (reviews.apps).
    reviews.objects.filter(pk__in=changed).update(version=F("version") + 1, facts_version=0)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0013_trial_counts_ongoing_uncertain"),
    ]

    operations = [
        migrations.RunPython(move_to_procedures, migrations.RunPython.noop),
    ]
