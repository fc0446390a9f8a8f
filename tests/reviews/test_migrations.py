"""An old database moves forward without losing what its rows meant."""

import datetime
import importlib
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.reviews.builders import sheet_of
from tests.reviews.samples import procedure

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


@pytest.mark.slow
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


# Migration 0014 runs after the migration it depends on, whichever that is when it is merged.
KETAMINE_MIGRATION = importlib.import_module(
    "reviews.migrations.0014_ketamine_rows_to_procedures"
).Migration
BEFORE_KETAMINE = list(KETAMINE_MIGRATION.dependencies)


@pytest.fixture
def before_ketamine(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_KETAMINE)
    yield executor.loader.project_state(BEFORE_KETAMINE).apps
    migrate_to_latest()


def old_review(apps, *, status: str, visit_date=datetime.date(2026, 11, 20)):
    practice, _ = apps.get_model("reviews", "Practice").objects.get_or_create(name="Old Clinic")
    clinician, _ = apps.get_model("reviews", "Clinician").objects.get_or_create(
        username="old", practice=practice
    )
    return apps.get_model("reviews", "Review").objects.create(
        practice=practice,
        clinician=clinician,
        patient_ref=f"OLD-{status}",
        visit_date=visit_date,
        episode_onset="2025-01",
        status=status,
    )


def ketamine_trials(apps, review) -> None:
    """Between sertraline and vortioxetine: esketamine by brand, IV and oral ketamine."""
    trials = apps.get_model("reviews", "MedicationTrial")
    trials.objects.create(review=review, drug="sertraline", drug_class="ssri", start="2025-02-01")
    trials.objects.create(
        review=review,
        drug="Spravato",
        drug_class="other",
        role="augmentation",
        start="2025-09",  # known to the month
        end="2025-12-19",
        ongoing="no",
        weeks=14,
        max_daily_dose_mg=Decimal("84.00"),
        dose_adequate="yes",
        adherence="as_prescribed",
        response="partial",
        tolerability="limited_by_side_effects",
        stopped_because="patient_choice",
        reason_stopped="travel to the clinic",
        info_source="records",
        notes="Twice weekly, then weekly.",
    )
    trials.objects.create(
        review=review, drug="Ketalar", drug_class="other", start="2024-05-02", end="2024-05-30"
    )
    trials.objects.create(review=review, drug="oral ketamine", drug_class="other", start="2023")
    trials.objects.create(review=review, drug="vortioxetine", drug_class="serotonin_modulator")
    apps.get_model("reviews", "Procedure").objects.create(
        review=review, kind="rtms", sessions=30, start=datetime.date(2024, 1, 8)
    )


def test_a_drafts_esketamine_and_ketamine_trials_become_procedures(before_ketamine):
    apps = before_ketamine
    draft = old_review(apps, status="draft")
    ketamine_trials(apps, draft)

    migrate_to_latest()

    from reviews.exports.interchange import export_review
    from reviews.models import Review

    moved = Review.objects.get(pk=draft.pk)
    data = export_review(moved)
    assert [row["drug"] for row in data["medication_trials"]] == ["sertraline", "vortioxetine"]
    assert data["procedures"] == [
        procedure("rtms", sessions=30, start="2024-01-08"),
        procedure(
            "esketamine",
            end="2025-12-19",  # exact: kept; the start, known to the month, is in the notes
            response="partial",
            notes="Twice weekly, then weekly.\n"
            'Moved from medication trials (entered as "Spravato"; Role: Augmentation; '
            "Start: 2025-09; Ongoing at the visit?: No; Weeks at an adequate dose: 14; "
            "Highest dose (mg/day): 84; Dose adequate?: Yes; Adherence: As prescribed; "
            "Tolerability: Limited by side effects; Why it stopped: Patient's choice; "
            "Why it stopped (detail): travel to the clinic; Information from: Records).",
        ),
        procedure(
            "ketamine_iv",
            start="2024-05-02",
            end="2024-05-30",
            notes='Moved from medication trials (entered as "Ketalar").',
        ),
        procedure(
            "ketamine_oral",
            notes='Moved from medication trials (entered as "oral ketamine"; Start: 2023).',
        ),
    ]
    assert moved.lock_version == draft.version + 1  # a page opened before the move is stale


def test_a_final_review_keeps_its_trials_as_recorded(before_ketamine):
    apps = before_ketamine
    final = old_review(apps, status="final")
    ketamine_trials(apps, final)

    migrate_to_latest()

    from reviews.exports.interchange import export_review
    from reviews.models import Review

    kept = Review.objects.get(pk=final.pk)
    data = export_review(kept)
    assert [row["drug"] for row in data["medication_trials"]] == [
        "sertraline",
        "Spravato",
        "Ketalar",
        "oral ketamine",
        "vortioxetine",
    ]
    assert [row["kind"] for row in data["procedures"]] == ["rtms"]
    assert kept.lock_version == final.version


def test_the_esketamine_sheet_lists_a_moved_trial_among_earlier_courses(before_ketamine):
    apps = before_ketamine
    draft = old_review(apps, status="draft")
    ketamine_trials(apps, draft)

    migrate_to_latest()

    from reviews.models import Review

    sheet = sheet_of(Review.objects.get(pk=draft.pk), "esketamine")
    NO_DETAIL = {"protocol": "\u2014", "scores": "\u2014"}  # format version 3's columns
    items = {item.id: item for item in sheet.items}
    rows = items["stimulation_and_ketamine"].rows
    notes = [row.pop("notes") for row in rows]
    assert notes[0] == ""
    assert all("Moved from medication trials" in note for note in notes[1:]), notes
    assert rows == [
        {
            "kind": "rTMS",
            "sessions": "30",
            "dates": "2024-01-08 – ?",
            "response": "not recorded",
            "relapse": "not recorded",
            **NO_DETAIL,
        },
        {
            "kind": "Esketamine (nasal)",
            "sessions": "—",
            "dates": "? – 2025-12-19",
            "response": "Partial",
            "relapse": "not recorded",
            **NO_DETAIL,
        },
        {
            "kind": "Ketamine (IV)",
            "sessions": "—",
            "dates": "2024-05-02 – 2024-05-30",
            "response": "not recorded",
            "relapse": "not recorded",
            **NO_DETAIL,
        },
        {
            "kind": "Ketamine (oral)",
            "sessions": "—",
            "dates": "—",
            "response": "not recorded",
            "relapse": "not recorded",
            **NO_DETAIL,
        },
    ]
    # No longer an augmentation "taken while" an antidepressant ran.
    assert not items["augmentations"].recorded


BEFORE_ZURANOLONE = [("reviews", "0014_ketamine_rows_to_procedures")]


@pytest.fixture
def before_zuranolone(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_ZURANOLONE)
    yield executor.loader.project_state(BEFORE_ZURANOLONE).apps
    migrate_to_latest()


def test_a_drafts_zuranolone_is_no_longer_an_antidepressant_trial(before_zuranolone):
    apps = before_zuranolone
    trials = apps.get_model("reviews", "MedicationTrial")
    draft, final = old_review(apps, status="draft"), old_review(apps, status="final")
    for review in (draft, final):
        trials.objects.create(review=review, drug="Zurzuvae", drug_class="other_antidepressant")
        trials.objects.create(review=review, drug="sertraline", drug_class="ssri")

    call_command("migrate", verbosity=0)  # as a deployment runs it: post_migrate follows

    from reviews.models import MedicationTrial, Review

    classes = dict(
        MedicationTrial.objects.filter(review_id=draft.pk).values_list("drug", "drug_class")
    )
    assert classes == {"Zurzuvae": "other", "sertraline": "ssri"}
    kept = MedicationTrial.objects.get(review_id=final.pk, drug="Zurzuvae")
    assert kept.drug_class == "other_antidepressant"
    # The draft's stored counts were computed again once the migrations were applied.
    from reviews.services import FACTS_VERSION

    assert Review.objects.get(pk=draft.pk).facts_version == FACTS_VERSION
