"""Every review URL goes through one access helper (reviews/views/common.py): another practice
gets a 404 on each of them, and nothing it posts is stored."""

import pytest
from django.urls import reverse

import reviews.urls
from reviews import services
from reviews.models import Review
from reviews.steps import SLUGS
from tests.reviews.views.pages import snapshot


def review_urls(review) -> list[str]:
    """Every URL of the app that names a review, read from the URLconf so new ones are covered."""
    urls = []
    for pattern in reviews.urls.urlpatterns:
        converters = pattern.pattern.converters
        if "pk" not in converters:
            continue
        slugs = SLUGS if "step" in converters else [None]
        for slug in slugs:
            kwargs = {"pk": review.pk} | ({"step": slug} if slug else {})
            urls.append(reverse(pattern.name, kwargs=kwargs))
    return urls


@pytest.mark.parametrize("state", ["draft", "final"])
def test_another_practice_gets_404_on_every_review_url(client, outsider, review, state):
    if state == "final":
        review = services.finalise_review(
            review=review, expected_version=review.lock_version, by=review.clinician
        )
    client.force_login(outsider)
    before = snapshot(review)
    count = Review.objects.count()
    urls = review_urls(review)
    assert len(urls) >= len(SLUGS) + 3  # steps, resume, finish, detail at least
    assert reverse("review_export_fhir", args=[review.pk]) in urls  # and every export
    for url in urls:
        assert client.get(url).status_code == 404, url
        data = {"version": str(review.lock_version), "action": "next", "patient_ref": "STOLEN"}
        data |= {"visit_date": "2026-01-01", "clinician_notes": "overwritten", "reason": "x"}
        assert client.post(url, data).status_code == 404, url
    assert snapshot(review) == before
    assert Review.objects.count() == count
