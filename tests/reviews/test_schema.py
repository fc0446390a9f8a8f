"""The review's one declaration, and what is derived from it."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from reviews import forms, schema, services
from reviews.facts import rules
from reviews.importing import LAYOUT
from reviews.models import Review


def test_every_choice_question_has_a_value_set_and_keys_are_unique():
    for part in (*schema.SECTIONS, *schema.ROWS):
        keys = [question.key for question in part.questions]
        assert len(keys) == len(set(keys)), part
        for question in part.questions:
            kinds_with_codes = (schema.Kind.CHOICE, schema.Kind.CHOICES)
            assert (question.value_set is not None) == (question.kind in kinds_with_codes)


def test_review_columns_and_form_labels_come_from_the_schema():
    columns = {field.name for field in Review._meta.fields}
    assert {column for column, _question in schema.review_columns()} <= columns
    episode = forms.EpisodeForm()
    assert episode.fields["episode_psychiatrist_involved"].label == (
        "Is a psychiatrist involved in care?"
    )
    trial = forms.MedicationTrialForm()
    assert list(trial.fields)[: len(schema.MEDICATION_TRIALS.keys)] == list(
        schema.MEDICATION_TRIALS.keys
    )


def test_the_format_and_the_not_assessed_list_follow_the_schema():
    assert [part.name for part in LAYOUT] == [part.key for part in schema.PARTS]
    assert "physical_health.chronic_pain" in rules.ASSESSMENTS
    assert "physical_health.other" not in rules.ASSESSMENTS  # free text is no assessment


def test_an_empty_choice_posted_keeps_the_question_open(db):
    form = forms.EpisodeForm(data={"episode_psychiatrist_involved": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["episode_psychiatrist_involved"] == "unknown"


def test_the_database_refuses_a_code_outside_the_value_set(clinician):
    review = services.start_review(
        by=clinician, patient_ref="MRN-1", visit_date=datetime.date(2026, 11, 20)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(episode_psychiatrist_involved="")
