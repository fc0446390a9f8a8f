"""Pages audited when viewed or acted on (issue 15): the list, the finish and amend pages, and
password changes; and file uploads refused where no view expects one."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reviews import services
from reviews.models import AuditEvent, Review
from tests.factories import PASSWORD
from tests.reviews.samples import rich_review


@pytest.fixture
def review(clinician):
    return services.import_review(data=rich_review(), by=clinician)


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-id").first()


def test_viewing_the_list_is_audited_without_search_values(signed_in_client, clinician, review):
    signed_in_client.get(reverse("home"))
    event = last_event()
    assert (event.action, event.user, event.detail) == ("view", clinician, "list, page 1")

    signed_in_client.post(reverse("home"), {"patient_ref": "MRN", "match": "prefix"}, follow=True)
    assert last_event().detail == "list, page 1, searched"
    assert not AuditEvent.objects.filter(detail__contains="MRN").exists()


def test_viewing_the_finish_and_amend_pages_is_audited(signed_in_client, clinician, review):
    signed_in_client.get(reverse("review_finish", args=[review.pk]))
    assert (last_event().action, last_event().review_id) == ("view", review.pk)
    assert last_event().detail == "finish page"

    services.finalise_review(review=review, expected_version=review.lock_version, by=clinician)
    signed_in_client.get(reverse("review_amend", args=[review.pk]))
    assert (last_event().review_id, last_event().detail) == (review.pk, "amend page")


def test_a_password_change_is_audited(signed_in_client, clinician):
    response = signed_in_client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase-9",
            "new_password2": "a-new-long-passphrase-9",
        },
    )
    assert response.status_code == 302
    assert (last_event().action, last_event().user) == ("password_change", clinician)


def test_a_refused_password_change_is_not_recorded_as_a_change(signed_in_client):
    signed_in_client.post(reverse("password_change"), {"old_password": "wrong"})
    assert not AuditEvent.objects.filter(action="password_change").exists()


def test_a_post_carrying_a_file_is_refused_with_a_clear_page(signed_in_client, review):
    url = reverse("review_step", args=[review.pk, "notes"])
    before = Review.objects.get(pk=review.pk).clinician_notes
    upload = SimpleUploadedFile("notes.txt", b"hello", content_type="text/plain")
    response = signed_in_client.post(
        url,
        {"version": review.lock_version, "action": "next", "clinician_notes": "x", "file": upload},
    )
    assert response.status_code == 400
    assert "Files are not accepted here" in response.content.decode()
    assert Review.objects.get(pk=review.pk).clinician_notes == before


@pytest.mark.parametrize("name", ["home", "review_start", "keep_signed_in", "login"])
def test_uploads_are_refused_on_every_post_endpoint(signed_in_client, name):
    upload = SimpleUploadedFile("x.bin", b"\0" * 10)
    response = signed_in_client.post(reverse(name), {"file": upload})
    assert response.status_code == 400


def test_a_post_without_files_is_untouched(signed_in_client):
    response = signed_in_client.post(reverse("home"), {"patient_ref": "MRN", "match": "prefix"})
    assert response.status_code == 302
