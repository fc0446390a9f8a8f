import pytest

from reviews import services
from reviews.models import Review
from reviews.steps import SLUGS
from tests.reviews.views.answers import VISIT
from tests.reviews.views.pages import store_answers


@pytest.fixture
def review(clinician):
    return services.start_review(by=clinician, patient_ref="MRN-0042", visit_date=VISIT)


@pytest.fixture
def final_review(review):
    for slug in SLUGS:
        store_answers(review, slug)
    return services.finalise_review(
        review=Review.objects.get(pk=review.pk), expected_version=1, by=review.clinician
    )
