"""Dates as the visit takes them (issue 25, part 2): the visit is today unless changed, a new
score is dated on the visit, and every date is typed as text at the precision known."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.models import Review
from reviews.steps import SLUGS
from tests.reviews.views.answers import VISIT
from tests.reviews.views.pages import read_form, step_url


@pytest.fixture
def review(clinician):
    return services.start_review(by=clinician, patient_ref="MRN-0042", visit_date=VISIT)


def test_the_start_page_offers_today_as_the_visit_date(signed_in_client):
    fields = read_form(signed_in_client.get(reverse("review_start")), form_id="start-form").fields
    assert fields["visit_date"] == [timezone.localdate().isoformat()]


def test_a_new_score_is_dated_on_the_visit_and_a_blank_row_saves_nothing(signed_in_client, review):
    page = signed_in_client.get(step_url(review, "episode"))
    form = read_form(page)
    assert form.fields["severity_scores-0-date"] == ["2026-03-02"]
    data = {name: values[0] for name, values in form.fields.items() if len(values) == 1}
    saved = signed_in_client.post(step_url(review, "episode"), data)
    assert saved.status_code == 302
    assert not review.severity_scores.exists()  # offered, untouched: no row
    form = read_form(signed_in_client.get(step_url(review, "episode")))
    data = {name: values[0] for name, values in form.fields.items() if len(values) == 1}
    data.update({"severity_scores-0-scale": "phq9", "severity_scores-0-score": "18"})
    signed_in_client.post(step_url(review, "episode"), data)
    assert review.severity_scores.get().date == "2026-03-02"


@pytest.mark.parametrize("slug", SLUGS)
def test_no_step_uses_the_browsers_date_picker(signed_in_client, review, slug):
    page = signed_in_client.get(step_url(review, slug)).content.decode()
    assert not re.search(r'type="date"', page)


def test_a_therapy_dated_to_a_year_and_a_month_is_saved_as_typed(signed_in_client, review):
    page = signed_in_client.get(step_url(review, "psychotherapies"))
    data = {name: values[0] for name, values in read_form(page).fields.items() if values}
    data.update(
        {
            "psychotherapies-0-modality": "cbt",
            "psychotherapies-0-start": "2019",
            "psychotherapies-0-end": "2019-06",
        }
    )
    assert signed_in_client.post(step_url(review, "psychotherapies"), data).status_code == 302
    therapy = Review.objects.get(pk=review.pk).psychotherapies.get()
    assert (therapy.start, therapy.end) == ("2019", "2019-06")


def test_a_visit_date_is_still_a_day(signed_in_client):
    page = signed_in_client.post(
        reverse("review_start"), {"patient_ref": "MRN-1", "visit_date": "2026-03"}
    )
    assert page.status_code == 200
    assert not Review.objects.exists()
    assert "Enter a valid date." in page.content.decode()
