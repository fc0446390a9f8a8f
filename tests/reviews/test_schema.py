"""The review's one declaration, and what is derived from it."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from reviews import answer_forms, row_forms, schema, services
from reviews.exports.interchange import export_review
from reviews.facts import rules
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
    episode = answer_forms.EpisodeForm()
    assert episode.fields["episode_psychiatrist_involved"].label == (
        "Is a psychiatrist involved in care?"
    )
    trial = row_forms.MedicationTrialForm()
    assert list(trial.fields)[: len(schema.MEDICATION_TRIALS.keys)] == list(
        schema.MEDICATION_TRIALS.keys
    )


def test_the_format_and_the_not_assessed_list_follow_the_schema(clinician):
    """A new review's export holds every question of the schema where the schema puts it, and
    its not-assessed list is every assessment, in the schema's order."""
    review = services.start_review(
        by=clinician, patient_ref="MRN-1", visit_date=datetime.date(2026, 11, 20)
    )
    exported = export_review(review)
    for part in schema.PARTS:
        if isinstance(part, schema.Rows):
            assert exported[part.key] == [], part.key
            continue
        answers = exported[part.key] if part.key else exported
        for question in part.questions:
            assert question.key in answers, schema.path(part, question)

    listed = rules.not_assessed(exported)
    assert listed == tuple(
        schema.path(section, question) for section, question in schema.assessments()
    )
    assert "physical_health.chronic_pain" in listed
    assert "physical_health.other" not in listed  # free text is no assessment


def test_an_empty_choice_posted_keeps_the_question_open(db):
    form = answer_forms.EpisodeForm(data={"episode_psychiatrist_involved": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["episode_psychiatrist_involved"] == "unknown"


def test_the_database_refuses_a_code_outside_the_value_set(clinician):
    review = services.start_review(
        by=clinician, patient_ref="MRN-1", visit_date=datetime.date(2026, 11, 20)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(episode_psychiatrist_involved="")


# --- Every question says where it is shown (schema.Shown), and the readers agree ---


def section_questions(place: schema.Shown) -> set[str]:
    return {
        schema.path(section, question)
        for section in schema.SECTIONS
        for question in section.questions
        if place in (question.shown or ())
    }


def test_every_question_declares_where_it_is_shown():
    # A new question without `shown=` fails here: its author decides whether the documentation
    # sheet, the findings or the trial table shows it, or says NOWHERE.
    undeclared = [
        f"{part.key}.{question.key}"
        for part in (*schema.SECTIONS, *schema.ROWS)
        for question in part.questions
        if question.shown is None
    ]
    assert undeclared == []


def test_the_documentation_sheet_shows_exactly_the_questions_that_say_so():
    from reviews.printing.documentation_items import ITEMS, row_questions_shown

    every_answer = {
        schema.path(section, question)
        for section in schema.SECTIONS
        for question in section.questions
    }
    read = {path for item in ITEMS for path in item.paths if path in every_answer}
    assert read == section_questions(schema.Shown.SHEET)
    for rows in schema.ROWS:
        declared = {q.key for q in rows.questions if schema.Shown.SHEET in (q.shown or ())}
        assert row_questions_shown(rows) == declared, rows.key


def test_the_findings_read_exactly_the_questions_that_say_so():
    from reviews.facts.findings import READS

    read = {path for paths in READS.values() for path in paths}
    assert read == section_questions(schema.Shown.FINDINGS)


def test_the_trial_table_shows_exactly_the_trial_questions_that_say_so():
    from reviews.printing.answer_tables import TRIAL_COLUMNS

    shown = {key for column in TRIAL_COLUMNS for key in column.reads}
    declared = {
        question.key
        for question in schema.MEDICATION_TRIALS.questions
        if schema.Shown.TRIAL_TABLE in (question.shown or ())
    }
    assert shown == declared == set(schema.MEDICATION_TRIALS.keys)
