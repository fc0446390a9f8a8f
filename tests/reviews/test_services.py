"""Writes of a review: starting, saving a step under the version check, finalising."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from reviews import schema, selectors, services
from reviews.exports.interchange import export_review
from reviews.facts import rules
from reviews.models import AuditEvent, Psychotherapy, Review, StepDraft
from reviews.services import ReviewIsFinal, StaleReview
from reviews.steps import STEPS_BY_SLUG
from tests.factories import make_clinician

VISIT = datetime.date(2026, 3, 2)


@pytest.fixture
def review(clinician):
    return services.start_review(by=clinician, patient_ref="MRN-0042", visit_date=VISIT)


def snapshot(review: Review) -> dict:
    """Everything stored for a review: its columns and its rows."""
    fresh = Review.objects.get(pk=review.pk)
    return {
        "review": Review.objects.filter(pk=review.pk).values().get(),
        "scores": list(fresh.severity_scores.values()),
        "trials": list(fresh.medication_trials.values()),
        "therapies": list(fresh.psychotherapies.values()),
        "procedures": list(fresh.procedures.values()),
    }


def save_episode(review, *, expected_version, psychiatrist="yes", heading_to="medication"):
    return services.save_step(
        review=review,
        step=STEPS_BY_SLUG["episode"],
        values={"episode_psychiatrist_involved": psychiatrist, "episode_prior_episodes": 2},
        rows=services.RowChanges(kept=((None, {"scale": "phq9", "score": 19}),)),
        expected_version=expected_version,
        heading_to=heading_to,
        by=review.clinician,
    )


def save_therapy(review, *, expected_version):
    return services.save_step(
        review=review,
        step=STEPS_BY_SLUG["psychotherapies"],
        values={},
        rows=services.RowChanges(
            kept=((None, {"modality": "cbt", "sessions": 12, "benefit": "partial"}),)
        ),
        expected_version=expected_version,
        by=review.clinician,
    )


# --- start ----------------------------------------------------------------------------------


def test_start_review_creates_a_draft_in_the_clinicians_practice(clinician):
    review = services.start_review(by=clinician, patient_ref="MRN-7", visit_date=VISIT)
    stored = Review.objects.get(pk=review.pk)
    assert stored.status == "draft" and not stored.is_final
    assert stored.practice == clinician.practice
    assert stored.clinician == clinician
    assert (stored.patient_ref, stored.visit_date) == ("MRN-7", VISIT)
    assert stored.lock_version == 1
    assert stored.completed_steps == ["visit"]


def test_start_review_leaves_every_answer_unknown(clinician):
    review = services.start_review(by=clinician, patient_ref="MRN-7", visit_date=VISIT)
    stored = Review.objects.get(pk=review.pk)
    defaults = [
        (column, question.default)
        for column, question in schema.review_columns()
        if column not in ("patient_ref", "visit_date")  # the two answers a start asks for
    ]
    assert defaults  # every other question of the review, whatever the schema holds
    for column, default in defaults:
        assert getattr(stored, column) == default, column
    for rows in ("severity_scores", "medication_trials", "psychotherapies", "procedures"):
        assert not getattr(stored, rows).exists(), rows
    # What a reader sees: every assessment of the review is listed as not assessed.
    assert rules.not_assessed(export_review(stored)) == rules.ASSESSMENTS


def test_start_review_refuses_an_invalid_reference_and_writes_nothing(clinician):
    with pytest.raises(ValidationError):
        services.start_review(by=clinician, patient_ref="x" * 65, visit_date=VISIT)
    with pytest.raises(ValidationError):
        services.start_review(by=clinician, patient_ref="", visit_date=VISIT)
    assert not Review.objects.exists()


def test_the_same_start_posted_twice_is_one_draft(clinician):
    token = uuid.uuid4()
    first, second = (
        services.start_review(
            by=clinician, patient_ref="MRN-7", visit_date=VISIT, start_token=token
        )
        for _ in range(2)
    )
    assert first.pk == second.pk
    assert Review.objects.count() == 1
    assert AuditEvent.objects.filter(action="start").count() == 1


def test_a_start_page_corrected_after_going_back_makes_the_corrected_draft(clinician):
    token = uuid.uuid4()
    mistaken = services.start_review(
        by=clinician, patient_ref="MRN-7", visit_date=VISIT, start_token=token
    )
    corrected = services.start_review(
        by=clinician, patient_ref="MRN-8", visit_date=VISIT, start_token=token
    )
    assert corrected.pk != mistaken.pk
    assert Review.objects.get(pk=corrected.pk).patient_ref == "MRN-8"
    # ... and posting the corrected page twice still opens one draft.
    again = services.start_review(
        by=clinician, patient_ref="MRN-8", visit_date=VISIT, start_token=token
    )
    assert again.pk == corrected.pk


def test_starts_without_a_token_are_each_a_new_draft(clinician):
    for _ in range(2):
        services.start_review(by=clinician, patient_ref="MRN-7", visit_date=VISIT)
    assert Review.objects.count() == 2


# --- save a step ----------------------------------------------------------------------------


def test_save_step_stores_the_answers_and_bumps_the_version(review):
    save_episode(review, expected_version=1)
    stored = Review.objects.get(pk=review.pk)
    assert stored.lock_version == 2
    assert stored.episode_psychiatrist_involved == "yes"
    assert stored.episode_prior_episodes == 2
    assert [(s.scale, s.score) for s in stored.severity_scores.all()] == [("phq9", 19)]


def test_save_step_records_the_completed_step_and_where_the_clinician_was_heading(review):
    save_episode(review, expected_version=1, heading_to="medication")
    stored = Review.objects.get(pk=review.pk)
    assert stored.completed_steps == ["visit", "episode"]
    assert stored.last_step == "medication"


def test_saving_a_step_again_does_not_repeat_it_in_completed_steps(review):
    save_episode(review, expected_version=1)
    save_episode(review, expected_version=2, psychiatrist="no", heading_to="safety")
    stored = Review.objects.get(pk=review.pk)
    assert stored.lock_version == 3
    assert stored.completed_steps == ["visit", "episode"]
    assert stored.last_step == "safety"
    assert stored.episode_psychiatrist_involved == "no"


def test_save_step_keeps_the_columns_of_other_sections(review):
    Review.objects.filter(pk=review.pk).update(safety_notes="seen by crisis team")
    review = Review.objects.get(pk=review.pk)
    save_therapy(review, expected_version=1)
    stored = Review.objects.get(pk=review.pk)
    assert stored.safety_notes == "seen by crisis team"
    assert stored.psychotherapies.get().sessions == 12


def test_the_returned_review_carries_the_new_version(review):
    saved = save_episode(review, expected_version=1)
    assert saved.lock_version == 2
    assert save_therapy(saved, expected_version=saved.lock_version).lock_version == 3


def test_a_stale_version_raises_and_changes_nothing(review):
    save_episode(review, expected_version=1)  # another tab saved: now at version 2
    before = snapshot(review)
    page = Review.objects.get(pk=review.pk)
    with pytest.raises(StaleReview) as raised:
        save_episode(page, expected_version=1, psychiatrist="no", heading_to="safety")
    assert raised.value.current_version == 2
    assert snapshot(review) == before


def test_a_stale_version_of_a_formset_step_adds_no_row(review):
    save_therapy(review, expected_version=1)
    before = snapshot(review)
    with pytest.raises(StaleReview):
        save_therapy(Review.objects.get(pk=review.pk), expected_version=1)
    assert snapshot(review) == before
    assert Psychotherapy.objects.count() == 1


def test_of_two_tabs_saving_the_same_version_only_the_first_wins(review):
    first_tab = Review.objects.get(pk=review.pk)
    second_tab = Review.objects.get(pk=review.pk)
    save_episode(first_tab, expected_version=1, psychiatrist="yes")
    with pytest.raises(StaleReview):
        save_episode(second_tab, expected_version=1, psychiatrist="no")
    stored = Review.objects.get(pk=review.pk)
    assert stored.episode_psychiatrist_involved == "yes"
    assert stored.severity_scores.count() == 1


def test_a_version_from_the_future_is_stale_too(review):
    with pytest.raises(StaleReview):
        save_episode(review, expected_version=5)
    assert Review.objects.get(pk=review.pk).lock_version == 1


# --- finalise -------------------------------------------------------------------------------


def test_finalise_makes_the_review_final(review):
    services.finalise_review(review=review, expected_version=1, by=review.clinician)
    stored = Review.objects.get(pk=review.pk)
    assert stored.is_final
    assert stored.finalised_at is not None
    assert stored.lock_version == 2


def test_finalise_with_a_stale_version_raises_and_leaves_a_draft(review):
    save_episode(review, expected_version=1)
    with pytest.raises(StaleReview):
        services.finalise_review(
            review=Review.objects.get(pk=review.pk), expected_version=1, by=review.clinician
        )
    stored = Review.objects.get(pk=review.pk)
    assert not stored.is_final and stored.finalised_at is None


def test_saving_a_final_review_raises_and_changes_nothing(review):
    services.finalise_review(review=review, expected_version=1, by=review.clinician)
    before = snapshot(review)
    page = Review.objects.get(pk=review.pk)
    with pytest.raises(ReviewIsFinal):
        save_episode(page, expected_version=2, psychiatrist="no")
    with pytest.raises(ReviewIsFinal):
        save_therapy(Review.objects.get(pk=review.pk), expected_version=2)
    assert snapshot(review) == before


def test_saving_a_final_review_with_an_old_version_says_final_not_stale(review):
    services.finalise_review(review=review, expected_version=1, by=review.clinician)
    with pytest.raises(ReviewIsFinal):
        save_episode(Review.objects.get(pk=review.pk), expected_version=1)


def test_finalising_twice_raises(review):
    services.finalise_review(review=review, expected_version=1, by=review.clinician)
    before = snapshot(review)
    with pytest.raises(ReviewIsFinal):
        services.finalise_review(
            review=Review.objects.get(pk=review.pk), expected_version=2, by=review.clinician
        )
    assert snapshot(review) == before


def test_save_step_validates_every_value_and_row_before_writing_anything(review):
    before = snapshot(review)
    with pytest.raises(ValidationError):
        services.save_step(
            review=Review.objects.get(pk=review.pk),
            step=STEPS_BY_SLUG["episode"],
            values={"episode_psychiatrist_involved": "perhaps"},
            expected_version=1,
            by=review.clinician,
        )
    with pytest.raises(ValidationError):
        services.save_step(
            review=Review.objects.get(pk=review.pk),
            step=STEPS_BY_SLUG["episode"],
            values={"episode_psychiatrist_involved": "yes"},
            rows=services.RowChanges(kept=((None, {"scale": "phq9", "score": None}),)),
            expected_version=1,
            by=review.clinician,
        )
    assert snapshot(review) == before


def test_a_step_cannot_set_the_reviews_record_keeping(review):
    with pytest.raises(ValueError):
        services.save_step(
            review=Review.objects.get(pk=review.pk),
            step=STEPS_BY_SLUG["episode"],
            values={"status": "final"},
            expected_version=1,
            by=review.clinician,
        )
    assert Review.objects.get(pk=review.pk).status == "draft"


def test_the_acting_clinician_is_the_one_named_in_the_audit_trail(review, clinician):
    colleague = make_clinician(practice=clinician.practice, username="colleague")
    save_episode(review, expected_version=1)
    services.save_step(
        review=Review.objects.get(pk=review.pk),
        step=STEPS_BY_SLUG["episode"],
        values={"episode_prior_episodes": 3},
        expected_version=2,
        by=colleague,
    )
    saves = AuditEvent.objects.filter(review_id=review.pk, action="save").order_by("id")
    assert [event.user for event in saves] == [clinician, colleague]


# --- discard a draft ------------------------------------------------------------------------


def test_discarding_removes_the_draft_and_its_rows_and_keeps_the_audit_trail(review, clinician):
    save_therapy(review, expected_version=1)
    services.discard_draft(review=review, by=clinician)
    assert not Review.objects.filter(pk=review.pk).exists()
    assert not Psychotherapy.objects.exists()
    actions = list(
        AuditEvent.objects.filter(review_id=review.pk)
        .order_by("at")
        .values_list("action", flat=True)
    )
    assert actions == ["start", "save", "discard"]
    discard = AuditEvent.objects.get(action="discard")
    assert discard.user_id == clinician.pk


def test_a_final_review_is_never_discarded(review, clinician):
    services.finalise_review(review=review, expected_version=1, by=clinician)
    with pytest.raises(ReviewIsFinal):
        services.discard_draft(review=review, by=clinician)
    assert Review.objects.filter(pk=review.pk).exists()
    assert not AuditEvent.objects.filter(action="discard").exists()


def test_discarding_an_amendment_leaves_the_final_version_newest_and_amendable(review, clinician):
    final = services.finalise_review(review=review, expected_version=1, by=clinician)
    amendment = services.amend_review(review=final, reason="Wrong date", by=clinician)
    services.discard_draft(review=amendment, by=clinician)
    assert list(selectors.latest_versions(Review.objects.all())) == [final]
    again = services.amend_review(review=final, reason="Wrong date", by=clinician)
    assert again.revision == 2


def test_a_save_arriving_after_the_discard_finds_no_review(review, clinician):
    stale_copy = Review.objects.get(pk=review.pk)
    services.discard_draft(review=review, by=clinician)
    with pytest.raises(Http404):
        save_episode(stale_copy, expected_version=1)
    assert not Review.objects.exists()


def test_counts_stored_under_older_rules_are_computed_again_after_migrating(clinician):
    from django.apps import apps as django_apps

    from reviews.apps import refresh_stale_facts
    from tests.reviews.samples import rich_review

    review = services.import_review(data=rich_review(), by=clinician)
    # As a review saved under the rules before issue 21: the ongoing bupropion was uncertain.
    Review.objects.filter(pk=review.pk).update(
        facts_version=1, failed_trials_4=2, uncertain_trials_4=1, ongoing_trials_4=None
    )
    refresh_stale_facts(sender=django_apps.get_app_config("reviews"), using="default")
    review.refresh_from_db()
    assert review.facts_version == services.FACTS_VERSION
    assert str(review.trial_count(4)) == "2 counted"
    assert services.refresh_stale_facts() == 0  # nothing left to do


def test_an_autosave_just_before_finishing_leaves_no_draft_on_the_final_review(review):
    episode = STEPS_BY_SLUG["episode"]
    services.save_step_draft(review=review, step=episode, data={"x": ["1"]}, by=review.clinician)
    services.finalise_review(review=review, expected_version=1, by=review.clinician)
    assert not StepDraft.objects.filter(review=review).exists()
    # and one arriving just after is refused, leaving nothing behind either
    with pytest.raises(ReviewIsFinal):
        services.save_step_draft(
            review=review, step=episode, data={"x": ["2"]}, by=review.clinician
        )
    assert not StepDraft.objects.filter(review=review).exists()
