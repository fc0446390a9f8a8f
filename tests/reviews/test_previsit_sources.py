"""Issue 25: a PHQ-9 the clinician added from the patient's answers says it came from the
patient's report, on the summary page, the summary PDF and the documentation sheet; a score the
clinician entered says nothing of the kind."""

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from reviews.models import Invitation, Review, SeverityScore
from tests.reviews.builders import sheet_of, sheet_pdf, summary_of, summary_pdf
from tests.reviews.test_previsit import invite, patient, review, used  # noqa: F401

pytestmark = pytest.mark.django_db


def added_from_the_patient(signed_in_client, review) -> SeverityScore:  # noqa: F811
    used(signed_in_client, review, Client())
    signed_in_client.post(
        reverse("invitation_phq9", args=[review.pk]),
        {"invitation": Invitation.objects.get().pk, "add": "on"},
    )
    return Review.objects.get(pk=review.pk).severity_scores.get()


def scores_table(page: str) -> str:
    table = re.search(r'aria-labelledby="scores-heading".*?</table>', page, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", table).split())


def test_the_added_score_records_its_source(signed_in_client, review):  # noqa: F811
    assert added_from_the_patient(signed_in_client, review).info_source == "patient_report"


def test_the_summary_page_marks_the_patients_phq9(signed_in_client, review):  # noqa: F811
    added_from_the_patient(signed_in_client, review)
    page = signed_in_client.get(reverse("review_detail", args=[review.pk])).content.decode()
    assert "PHQ-9 9 / 27 (information from: Patient report)" in scores_table(page)


def test_a_score_the_clinician_entered_is_not_marked(signed_in_client, review):  # noqa: F811
    SeverityScore.objects.create(review=review, scale="phq9", score=12, date="2026-03-02")
    page = signed_in_client.get(reverse("review_detail", args=[review.pk])).content.decode()
    assert "PHQ-9 12 / 27" in scores_table(page)
    assert "Patient report" not in scores_table(page)


def test_the_documentation_sheet_marks_it(signed_in_client, review):  # noqa: F811
    added_from_the_patient(signed_in_client, review)
    items = {item.id: item for item in sheet_of(review).items}
    assert items["latest_scores"].rows[0]["information_from"] == "Patient report"


def pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split()
    )


@pytest.mark.pdf
def test_the_summary_pdf_and_the_sheet_pdf_mark_it(signed_in_client, review):  # noqa: F811
    added_from_the_patient(signed_in_client, review)
    assert "Patient report" in pdf_text(summary_pdf(summary_of(review)))
    assert "Patient report" in pdf_text(sheet_pdf(sheet_of(review)))
