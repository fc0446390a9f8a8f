"""Zuranolone (Zurzuvae) is a 14-day course for postpartum depression, not an ordinary
antidepressant trial: reviews.drugs files it under class "other" since issue 21. Drafts whose rows
took the older class "other_antidepressant" from the form's suggestion get "other", so that they
are not counted as antidepressant trials. Final reviews keep what was recorded (as migration 0014
does: docs/decisions.md). The names are a frozen copy; nothing is imported from `reviews`.
"""

import re

from django.db import migrations

NAMES = {"zuranolone", "zurzuvae"}
FORMULATION = re.compile(r"\b(capsules?|tablets?)\b")


def _plain(name: str) -> str:
    return " ".join(FORMULATION.sub(" ", name.casefold()).split())


def refile(apps, schema_editor):
    trials = apps.get_model("reviews", "MedicationTrial")
    reviews = apps.get_model("reviews", "Review")
    changed = set()
    rows = trials.objects.filter(review__status="draft", drug_class="other_antidepressant")
    for trial in rows.only("id", "drug", "review_id"):
        if _plain(trial.drug) in NAMES:
            trials.objects.filter(pk=trial.pk).update(drug_class="other")
            changed.add(trial.review_id)
    # facts_version 0: the stored counts are computed again after migrating (reviews.apps).
    reviews.objects.filter(pk__in=changed).update(facts_version=0)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0014_ketamine_rows_to_procedures"),
    ]

    operations = [migrations.RunPython(refile, migrations.RunPython.noop)]
