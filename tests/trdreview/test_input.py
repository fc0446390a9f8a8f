"""Typed input the database cannot store, or that should never be stored, is dealt with before any
query: NUL and lone surrogates are removed, empty choice codes never stored, look-alike patient
references refused. Run on PostgreSQL too (DATABASE_URL), where NUL used to be a 500."""

import datetime
import logging
import sys

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews import services
from reviews.models import Review, StepDraft
from reviews.text import check_patient_ref, storable
from tests.reviews.views.pages import shown, step_url
from trdreview.logsafe import WithholdExceptionMessages


@pytest.fixture
def review(clinician):
    return services.start_review(
        by=clinician, patient_ref="MRN-0042", visit_date=datetime.date(2026, 11, 20)
    )


def test_autosave_with_a_nul_keeps_the_text_without_it(signed_in_client, clinician, review):
    autosave = reverse("review_step_autosave", args=[review.pk, "notes"])
    response = signed_in_client.post(
        autosave,
        "clinician_notes=PHI%00text&notes%00name=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.json() == {"saved": True}  # autosave answers with its own OK
    draft = StepDraft.objects.get(review=review, author=clinician)
    assert draft.data["clinician_notes"] == ["PHItext"]
    assert "notesname" in draft.data


def test_saving_a_step_with_a_nul_saves_the_text_without_it(signed_in_client, review):
    page = signed_in_client.get(step_url(review, "notes"))
    data = {**shown(page), "clinician_notes": "Seen with\x00 partner", "action": "next"}
    response = signed_in_client.post(step_url(review, "notes"), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.clinician_notes == "Seen with partner"


def test_a_nul_in_the_query_string_is_no_error(signed_in_client):
    assert signed_in_client.get(reverse("home") + "?q=a%00b").status_code == 200


def test_storable_removes_nul_and_lone_surrogates_only():
    assert storable("a\x00b\ud800c\udfffé✓") == "abcé✓"


def test_an_empty_choice_code_is_never_stored(signed_in_client, review):
    page = signed_in_client.get(step_url(review, "episode"))
    data = {**shown(page), "episode_psychiatrist_involved": "", "action": "next"}
    signed_in_client.post(step_url(review, "episode"), data)
    assert Review.objects.get(pk=review.pk).episode_psychiatrist_involved == "unknown"


def test_an_unknown_choice_code_is_refused(signed_in_client, review):
    page = signed_in_client.get(step_url(review, "episode"))
    data = {**shown(page), "episode_psychiatrist_involved": "perhaps", "action": "next"}
    response = signed_in_client.post(step_url(review, "episode"), data)
    assert response.status_code == 400
    assert Review.objects.get(pk=review.pk).episode_psychiatrist_involved == "unknown"


@pytest.mark.parametrize(
    "reference",
    [
        "MRN\u200b0042",  # zero-width space
        "MRN-\u202e2400",  # right-to-left override
        "MRN-\n0042",
        "MRN\u00a00042",  # no-break space
        "MRN-\u20280042",  # line separator
        "\ufeffMRN-0042",  # byte-order mark
    ],
)
def test_look_alike_patient_references_are_refused(signed_in_client, reference):
    response = signed_in_client.post(
        reverse("review_start"), {"patient_ref": reference, "visit_date": "2026-11-01"}
    )
    assert response.status_code in (200, 400)
    assert "invisible, right-to-left or line-break" in response.content.decode()
    assert not Review.objects.exists()


def test_ordinary_references_pass():
    for reference in ("MRN-0042", "Ünal 12/3", "患者-7", "O'Brien (2)"):
        assert check_patient_ref(reference) == reference
    with pytest.raises(ValidationError):
        check_patient_ref("A\tB")


def test_logged_tracebacks_withhold_exception_messages():
    formatter = WithholdExceptionMessages()
    cause, refusal = "PHI first cause", "null value in column: PHI patient text"
    try:
        try:
            raise KeyError(cause)
        except KeyError as exc:
            raise ValueError(refusal) from exc
    except ValueError:
        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/x/",),
            exc_info=sys.exc_info(),
        )
    output = formatter.format(record)
    assert "Internal Server Error: /x/" in output
    assert "ValueError" in output and "KeyError" in output
    assert "test_input.py" in output
    assert "PHI" not in output


def test_a_500_logs_no_typed_text(signed_in_client, review, caplog, settings, monkeypatch):
    """An unexpected error while saving what was typed: the log has the path, not the text."""

    def fail(**kwargs):
        raise RuntimeError(f"could not store {kwargs['data']}")

    monkeypatch.setattr(services, "save_step_draft", fail)
    signed_in_client.raise_request_exception = False
    autosave = reverse("review_step_autosave", args=[review.pk, "notes"])
    with caplog.at_level(logging.ERROR):
        response = signed_in_client.post(autosave, {"clinician_notes": "PHI typed"})
    assert response.status_code == 500
    formatter = WithholdExceptionMessages()
    logged = "\n".join(formatter.format(record) for record in caplog.records)
    assert "Internal Server Error" in logged
    assert "PHI typed" not in logged


def test_a_nul_in_a_sign_in_is_an_ordinary_failed_sign_in(client, clinician):
    response = client.post(
        reverse("login"),
        "username=dr.ada%00x&password=wrong",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_a_refused_patient_link_is_logged_without_its_token(db, client, caplog):
    """Django logs the path of every refused request: a bad link's token is not in the line."""
    token = "Eag44-O1ouckl2YTqq7V1iAKO_s138dJ8EK3N_S4jbA"
    with caplog.at_level(logging.WARNING):
        assert client.get(f"/p/{token}/").status_code == 404
    formatter = WithholdExceptionMessages()
    logged = "\n".join(formatter.format(record) for record in caplog.records)
    assert "Not Found: /p/[link removed]/" in logged
    assert token not in logged
