"""Final means final: a final review only changes by amendment, into a new version."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reviews import services
from reviews.exports.interchange import export_review
from reviews.models import Review, StepDraft
from reviews.steps import STEPS_BY_SLUG
from tests.factories import MedicationTrialFactory
from tests.reviews.builders import summary_of, summary_pdf
from tests.reviews.samples import procedure, rich_review


@pytest.fixture
def final(clinician):
    review = services.import_review(data=rich_review(), by=clinician)
    return services.finalise_review(
        review=review, expected_version=review.lock_version, by=review.clinician
    )


def test_amending_creates_the_next_version_as_a_linked_draft(final, clinician):
    before = export_review(final)

    amendment = services.amend_review(review=final, by=clinician, reason="dose typo")

    assert amendment.status == "draft"
    assert amendment.revision == 2
    assert amendment.amends == final
    assert amendment.amend_reason == "dose typo"
    assert export_review(amendment) == before  # a full copy to correct
    final.refresh_from_db()
    assert final.is_final and export_review(final) == before


def test_an_esketamine_trial_of_a_final_review_is_amended_as_a_procedure(clinician):
    # Recorded before the medication form refused it; the final review keeps it as it was.
    review = services.import_review(data=rich_review(), by=clinician)
    MedicationTrialFactory(
        review=review,
        drug="Spravato",
        drug_class="other",
        role="augmentation",
        start="2025-09",
        end="2025-12-19",
        response="partial",
        notes="Twice weekly for a month.",
    )
    final = services.finalise_review(
        review=review, expected_version=review.lock_version, by=clinician
    )
    before = export_review(final)

    amendment = services.amend_review(review=final, by=clinician, reason="esketamine")

    copy = export_review(amendment)
    assert copy["medication_trials"] == before["medication_trials"][:-1]
    assert copy["procedures"] == [
        *before["procedures"],
        procedure(
            "esketamine",
            end="2025-12-19",
            response="partial",
            notes="Twice weekly for a month.\n"
            'Moved from medication trials (entered as "Spravato"; Role: Augmentation; '
            "Start: 2025-09).",
        ),
    ]
    assert export_review(Review.objects.get(pk=final.pk)) == before


@pytest.mark.pdf
def test_the_amended_version_stays_printable(signed_in_client, final, clinician):
    services.amend_review(review=final, by=clinician, reason="dose typo")
    response = signed_in_client.get(reverse("review_pdf", args=[final.pk]))
    assert response.status_code == 200


@pytest.mark.pdf
def test_the_pdf_of_an_amendment_says_what_it_amends(final, clinician):
    amendment = services.amend_review(review=final, by=clinician, reason="dose typo")
    text = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(summary_pdf(summary_of(amendment)))).pages
    )
    assert "Version 2 amends version 1" in " ".join(text.split())
    assert "· version 2 · Depression treatment review — summary" in " ".join(text.split())
    assert "dose typo" in text


def test_a_draft_is_not_amended(clinician):
    draft = services.import_review(data=rich_review(), by=clinician)
    with pytest.raises(services.NotFinal):
        services.amend_review(review=draft, by=clinician, reason="x")


def test_a_version_is_amended_once(final, clinician):
    services.amend_review(review=final, by=clinician, reason="first")
    with pytest.raises(services.AlreadyAmended):
        services.amend_review(review=final, by=clinician, reason="second")
    assert Review.objects.count() == 2


def test_no_service_changes_a_final_review(final):
    """Every service that writes to a review refuses a final one and leaves it as it was."""
    by, version = final.clinician, final.lock_version
    notes = STEPS_BY_SLUG["notes"]
    before = export_review(Review.objects.get(pk=final.pk))
    writes = {
        "finalise": lambda: services.finalise_review(review=final, expected_version=version, by=by),
        "save a step": lambda: services.save_step(
            review=final,
            step=notes,
            values={"clinician_notes": "changed"},
            expected_version=version,
            by=by,
        ),
        "autosave": lambda: services.save_step_draft(
            review=final, step=notes, data={"clinician_notes": ["changed"]}, by=by
        ),
        "discard": lambda: services.discard_draft(review=final, by=by),
    }
    for name, write in writes.items():
        with pytest.raises(services.ReviewIsFinal):
            write()
        assert export_review(Review.objects.get(pk=final.pk)) == before, name
    assert not StepDraft.objects.exists()


def test_the_list_shows_only_the_newest_version(signed_in_client, final, clinician):
    amendment = services.amend_review(review=final, by=clinician, reason="dose typo")
    listed = list(signed_in_client.get(reverse("home")).context["reviews"])
    assert listed == [amendment]


def test_amend_page_asks_for_a_reason(signed_in_client, final):
    url = reverse("review_amend", args=[final.pk])
    response = signed_in_client.post(url, {"reason": "   "})
    assert response.status_code == 200
    assert response.context["form"].has_error("reason", "required")
    assert Review.objects.count() == 1

    response = signed_in_client.post(url, {"reason": "wrong start date"})
    amendment = Review.objects.get(amends=final)
    assert response["Location"] == reverse("review_step", args=[amendment.pk, "visit"])
    detail = signed_in_client.get(reverse("review_detail", args=[amendment.pk])).content.decode()
    assert "amends" in detail and "wrong start date" in detail
