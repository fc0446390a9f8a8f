"""Django's debug page (what `make run` shows on an error) carries no patient data: not what was
posted, not a frame's values, not an exception's message, not a patient's link, not the demo
login's password from the environment (trdreview/error_reports.py)."""

import sys
from datetime import date

import pytest
from django.test import RequestFactory, override_settings
from django.views.debug import technical_500_response

from reviews import services
from reviews.previsit import services as previsit

# Joined, so that the page's excerpts of this file's own code cannot show them whole.
REF, TOKEN, PASSWORD, TYPED = (
    "-".join(words)
    for words in (
        ("MRN", "SECRET", "77"),
        ("tok3n", "of", "the", "patient"),
        ("demo", "pw", "in", "env"),
        ("typed", "by", "the", "patient"),
    )
)


def failing_view(patient_ref: str) -> None:
    typed = TYPED  # a frame's local value
    raise ValueError(f"{patient_ref} {typed}")  # a message quoting input


@override_settings(DEBUG=True)
def test_the_debug_page_withholds_posted_values_locals_messages_links_and_env_secrets():
    request = RequestFactory().post(
        f"/p/{TOKEN}/",
        {"patient_ref": REF},
        TRDREVIEW_DEMO_LOGIN_NOTE=f"username 'demo', password '{PASSWORD}'",
        HTTP_COOKIE=f"resume={TOKEN}",
    )
    try:
        failing_view(request.POST["patient_ref"])
    except ValueError:
        page = technical_500_response(request, *sys.exc_info()).content.decode()

    assert "ValueError" in page and "failing_view" in page  # still of use to a developer
    assert "patient_ref" in page  # the posted field's name, not its value
    assert "/p/[link removed]/" in page
    for secret in (REF, TOKEN, PASSWORD, TYPED):
        assert secret not in page, secret


@override_settings(DEBUG=True)
@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_a_refused_post_to_a_patients_link_shows_no_link_on_the_debug_page(client, clinician):
    """More fields than DATA_UPLOAD_MAX_NUMBER_FIELDS on a good link: Django answers 400 with
    its debug page, which showed the link."""
    review = services.start_review(by=clinician, patient_ref="MRN-0042", visit_date=date.today())
    _invitation, token = previsit.create_invitation(review=review, by=clinician)
    fields = {f"field{number}": "x" for number in range(2600)}
    page = client.post(f"/p/{token}/", fields)
    assert page.status_code == 400
    assert token not in page.content.decode()
