"""A restored draft and the review's version: the clinician's own saves of other steps since the
draft are no conflict; a save of the same step, or anyone else's save, still is."""

import pytest
from django.test import Client
from django.urls import reverse

from reviews import services
from reviews.models import Review
from tests.factories import make_clinician
from tests.reviews.views.answers import CONFLICT, VISIT
from tests.reviews.views.pages import answers_as_changes, page_text, shown, step_url, submit

TYPED = "notes"  # the step typed into and left unsaved
OTHER = "safety"  # the step saved in between


@pytest.fixture
def review(clinician):
    return services.start_review(by=clinician, patient_ref="MRN-0042", visit_date=VISIT)


def type_without_saving(client, review, slug) -> dict:
    """The page loaded, some answers typed, the autosave sent; then the page is left."""
    changes = answers_as_changes(slug)
    data = {**shown(client.get(step_url(review, slug))), **changes}
    response = client.post(reverse("review_step_autosave", args=[review.pk, slug]), data)
    assert response.json() == {"saved": True}
    return changes


def come_back_and_save(client, review, slug):
    restored = client.get(step_url(review, slug))
    assert "was restored" in page_text(restored)
    return submit(client, review, slug, page=restored)


def test_own_saves_of_other_steps_since_the_draft_are_no_conflict(signed_in_client, review):
    changes = type_without_saving(signed_in_client, review, TYPED)
    assert submit(signed_in_client, review, OTHER, {}).status_code == 302

    response = come_back_and_save(signed_in_client, review, TYPED)

    assert response.status_code == 302, page_text(response)
    stored = Review.objects.get(pk=review.pk)
    assert stored.lock_version == 3
    assert stored.clinician_notes == changes["clinician_notes"]


def test_a_concurrent_edit_of_the_same_step_still_conflicts(signed_in_client, review, practice):
    type_without_saving(signed_in_client, review, TYPED)
    colleague = Client()
    colleague.force_login(make_clinician(practice=practice, username="dr.cy"))
    assert submit(colleague, review, TYPED, {}).status_code == 302

    response = come_back_and_save(signed_in_client, review, TYPED)

    assert response.status_code == 409
    assert CONFLICT in page_text(response)


def test_a_colleagues_save_since_the_draft_still_conflicts(signed_in_client, review, practice):
    type_without_saving(signed_in_client, review, TYPED)
    colleague = Client()
    colleague.force_login(make_clinician(practice=practice, username="dr.bo"))
    assert submit(colleague, review, OTHER, {}).status_code == 302

    assert come_back_and_save(signed_in_client, review, TYPED).status_code == 409


def test_a_draft_from_another_session_still_conflicts(client, clinician, review):
    first = Client()
    first.force_login(clinician)
    type_without_saving(first, review, TYPED)
    assert submit(first, review, OTHER, {}).status_code == 302

    client.force_login(clinician)  # the same clinician, signed in elsewhere
    assert come_back_and_save(client, review, TYPED).status_code == 409
