"""An old database moves forward without losing what its rows meant."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("reviews", "0002_schema_columns")]


@pytest.fixture
def old_database(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_version_1_trials_keep_their_meaning(old_database):
    apps = old_database
    practice = apps.get_model("reviews", "Practice").objects.create(name="Old Clinic")
    clinician = apps.get_model("reviews", "Clinician").objects.create(
        username="old", practice=practice
    )
    review = apps.get_model("reviews", "Review").objects.create(
        practice=practice,
        clinician=clinician,
        patient_ref="OLD-1",
        visit_date=datetime.date(2026, 11, 20),
        episode_onset=datetime.date(2024, 3, 1),
    )
    trials = apps.get_model("reviews", "MedicationTrial")
    rows = {
        "ongoing": dict(drug="bupropion", drug_class="atypical", start=datetime.date(2026, 10, 2)),
        "ended": dict(
            drug="sertraline",
            drug_class="ssri",
            start=datetime.date(2024, 4, 1),
            end=datetime.date(2024, 6, 15),
            weeks=8,
            reason_stopped="no effect",
        ),
        "undated": dict(drug="Mystery", drug_class="atypical"),
    }
    for fields in rows.values():
        trials.objects.create(review=review, **fields)

    migrate_to_latest()

    from reviews.models import MedicationTrial, Review

    moved = {trial.drug: trial for trial in MedicationTrial.objects.all()}
    assert (moved["bupropion"].ongoing, moved["bupropion"].stopped_because) == (
        "yes",
        "not_stopped",
    )
    assert moved["bupropion"].drug_class == "ndri"  # the finer class, from the name
    assert moved["bupropion"].start == "2026-10-02"
    sertraline = moved["sertraline"]
    assert (sertraline.ongoing, sertraline.weeks, sertraline.end) == ("no", 8, "2024-06-15")
    assert (sertraline.reason_stopped, sertraline.stopped_because) == ("no effect", "unknown")
    assert {trial.given_for for trial in moved.values()} == {"depression"}
    assert (moved["Mystery"].ongoing, moved["Mystery"].drug_class) == ("unknown", "atypical")
    assert Review.objects.get().episode_onset == "2024-03-01"
