"""Times say their time zone (the `with_zone` filter), and clinicians appear by full name, on the
list, a review's page, its audit trail and the patient timeline."""

import datetime
import re
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.models import Review
from reviews.templatetags.zoned_times import with_zone
from tests.factories import make_clinician
from tests.reviews.samples import blank_review

MOMENT = datetime.datetime(2026, 11, 27, 14, 5, 9, tzinfo=datetime.UTC)
SUMMER = datetime.datetime(2026, 7, 1, 9, 30, tzinfo=datetime.UTC)


def test_a_time_is_told_in_the_projects_zone_and_says_which():
    assert with_zone(MOMENT) == "27 Nov 2026, 14:05 UTC"
    assert with_zone(MOMENT, "seconds") == "27 Nov 2026, 14:05:09 UTC"
    assert with_zone(None) == ""


@pytest.mark.parametrize(
    ("zone", "moment", "expected"),
    [
        ("Europe/London", MOMENT, "27 Nov 2026, 14:05 GMT"),
        ("Europe/London", SUMMER, "1 Jul 2026, 10:30 BST"),
        ("America/New_York", MOMENT, "27 Nov 2026, 09:05 EST"),
    ],
)
def test_the_zone_is_the_settings_one_whatever_zone_is_active(settings, zone, moment, expected):
    settings.TIME_ZONE = zone
    with timezone.override("Asia/Tokyo"):
        assert with_zone(moment) == expected


def add_review(clinician, patient_ref="MRN-7781", final=False, at=None) -> Review:
    data = blank_review()
    data.update(patient_ref=patient_ref, visit_date="2026-11-20")
    with mock.patch("reviews.audit.timezone.now", return_value=at or timezone.now()):
        review = services.import_review(data=data, by=clinician)
    if final:
        services.finalise_review(review=review, expected_version=review.lock_version, by=clinician)
        review.refresh_from_db()
    return review


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def nameless(practice):
    return make_clinician(practice=practice, username="locum.7")


def test_the_list_names_clinicians_and_says_the_zone_of_last_changed(
    signed_in_client, clinician, nameless, settings
):
    settings.TIME_ZONE = "Europe/London"
    mine, theirs = add_review(clinician, "MRN-1"), add_review(nameless, "MRN-2")
    Review.objects.filter(pk=mine.pk).update(updated_at=SUMMER)
    Review.objects.filter(pk=theirs.pk).update(updated_at=MOMENT)

    text = text_of(signed_in_client.get(reverse("home")))

    assert "MRN-1 2026-11-20 Ada Byrne Draft 1 Jul 2026, 10:30 BST" in text
    assert "MRN-2 2026-11-20 locum.7 Draft 27 Nov 2026, 14:05 GMT" in text
    assert "dr.ada" not in text


def test_the_audit_trail_names_the_clinician_and_times_to_the_second_with_the_zone(
    signed_in_client, clinician
):
    review = add_review(clinician, at=MOMENT)  # audit rows cannot be changed afterwards

    text = text_of(signed_in_client.get(reverse("review_audit", args=[review.pk])))

    assert "27 Nov 2026, 14:05:09 UTC Imported" in text
    assert "Ada Byrne" in text and "dr.ada" not in text
    assert "When (UTC)" not in text


def test_a_reviews_page_names_the_clinician_in_its_heading_and_audit_table(
    signed_in_client, clinician
):
    review = add_review(clinician, at=MOMENT)  # audit rows cannot be changed afterwards

    response = signed_in_client.get(reverse("review_detail", args=[review.pk]))

    heading = re.search(r'data-testid="review-heading">(.*?)</p>', response.content.decode(), re.S)
    assert "Ada Byrne, Riverside Clinic" in " ".join(heading.group(1).split())
    assert "27 Nov 2026, 14:05:09 UTC" in text_of(response)
    assert "dr.ada" not in text_of(response)


def test_the_timeline_names_the_clinician_and_says_when_each_review_was_finalised(
    signed_in_client, clinician, nameless
):
    final = add_review(clinician, final=True)
    draft = add_review(nameless)
    Review.objects.filter(pk=final.pk).update(finalised_at=MOMENT)
    Review.objects.filter(pk=draft.pk).update(updated_at=SUMMER)

    text = text_of(signed_in_client.get(reverse("patient_timeline", args=[final.pk])))

    assert "· Ada Byrne Final Finalised 27 Nov 2026, 14:05 UTC" in text
    assert "· locum.7 Draft Last changed 1 Jul 2026, 09:30 UTC" in text
