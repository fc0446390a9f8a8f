"""Patient data stays in the review tables and the server-side session, never in a cookie."""

import datetime

from reviews import services
from tests.reviews.views.pages import shown, step_url


def test_save_and_exit_keeps_its_message_out_of_cookies(signed_in_client, clinician):
    review = services.start_review(
        by=clinician, patient_ref="MRN-SECRET-7", visit_date=datetime.date(2026, 11, 20)
    )
    page = signed_in_client.get(step_url(review, "notes"))
    saved = signed_in_client.post(step_url(review, "notes"), {**shown(page), "action": "exit"})
    assert saved.status_code == 302
    assert "messages" not in saved.cookies
    assert all("MRN-SECRET" not in cookie.value for cookie in saved.cookies.values())
    home = signed_in_client.get(saved["Location"])
    assert "Saved. Review of MRN-SECRET-7" in home.content.decode()
