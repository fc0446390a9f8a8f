"""PDFs on the queue: a click shows that the PDF is being prepared, a worker renders it, the
page's status URL says when it is ready, and the same URL then serves it. The tests run the
worker's loop themselves (`pdf_worker --batch`), so nothing depends on timing."""

import io
import logging
import signal
import subprocess

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from reviews import services
from reviews.models import AuditEvent, PdfRender, StoredPdf
from reviews.printing import engine, jobs
from tests.reviews.samples import rich_review

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.pdf]


@pytest.fixture(autouse=True)
def on_the_queue(settings):
    settings.TRDREVIEW_PDF_RENDERING = "queue"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["pdf"]}}


@pytest.fixture
def review(clinician):
    return services.import_review(data=rich_review(), by=clinician)


def work() -> str:
    """One worker: warms up, renders everything queued, stops."""
    out = io.StringIO()
    call_command("pdf_worker", batch=True, stdout=out)
    return out.getvalue()


def pdf_url(review, **query):
    url = reverse("review_pdf", args=[review.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def status_of(client, review, **query) -> str:
    url = reverse("review_pdf_status", args=[review.pk])
    return client.get(url, query).json()["state"]


def test_a_click_waits_for_the_worker_then_the_same_url_serves_the_pdf(signed_in_client, review):
    waiting = signed_in_client.get(pdf_url(review, paper="letter"))

    assert waiting.status_code == 202
    page = waiting.content.decode()
    assert "The PDF is being prepared" in page
    assert 'http-equiv="refresh"' in page  # without JavaScript, the page asks again itself
    assert reverse("review_pdf_status", args=[review.pk]) + "?paper=letter" in page
    assert review.patient_ref not in waiting["Content-Type"]
    assert status_of(signed_in_client, review, paper="letter") == "waiting"
    assert not AuditEvent.objects.filter(review_id=review.pk, action="pdf").exists()

    assert "warmed up" in work()

    assert status_of(signed_in_client, review, paper="letter") == "ready"
    served = signed_in_client.get(pdf_url(review, paper="letter"))
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(review_id=review.pk, action="pdf", outcome="ok").count() == 1


def test_two_clicks_queue_one_render(signed_in_client, review):
    signed_in_client.get(pdf_url(review))
    signed_in_client.get(pdf_url(review))
    assert PdfRender.objects.filter(review=review).count() == 1
    work()
    assert StoredPdf.objects.filter(review=review).count() == 1


def test_the_status_url_is_the_practices_only(client, outsider, review):
    client.force_login(outsider)
    assert client.get(reverse("review_pdf_status", args=[review.pk])).status_code == 404


def test_a_final_is_rendered_when_finalised_so_its_first_download_is_immediate(
    signed_in_client, clinician, review
):
    services.finalise_review(review=review, expected_version=review.lock_version, by=clinician)
    work()

    for query in ({}, {"paper": "letter"}, {"sheet": "documentation"}):
        response = signed_in_client.get(pdf_url(review, **query))
        assert response.status_code == 200, query
        assert response["Content-Type"] == "application/pdf"


def test_a_failed_render_is_tried_again_then_offered_again_and_logged_without_patient_data(
    signed_in_client, review, monkeypatch, caplog
):
    def broken(*args, **kwargs):
        raise RuntimeError(f"layout failed for {review.patient_ref}")

    monkeypatch.setattr(engine, "render", broken)
    signed_in_client.get(pdf_url(review))
    with caplog.at_level(logging.WARNING, logger="reviews.pdf"):
        work()

    assert PdfRender.objects.get(review=review).attempts == 2
    assert status_of(signed_in_client, review) == "failed"
    page = signed_in_client.get(pdf_url(review))
    assert "The PDF could not be prepared" in page.content.decode()
    assert "Try again" in page.content.decode()
    logged = [record.getMessage() for record in caplog.records]
    assert len(logged) == 3 and "RuntimeError" in logged[0]
    assert not [line for line in logged if review.patient_ref in line]

    monkeypatch.undo()
    retried = signed_in_client.post(reverse("review_pdf_retry", args=[review.pk]))
    assert retried.status_code == 302
    work()
    assert signed_in_client.get(pdf_url(review))["Content-Type"] == "application/pdf"


def test_a_render_left_by_a_killed_worker_is_taken_up_by_the_next(signed_in_client, review):
    signed_in_client.get(pdf_url(review))
    gone = subprocess.Popen(["true"])
    gone.wait()  # a process that has ended: the worker that was killed mid-render
    host = jobs.worker_name().rsplit(":", 1)[0]
    PdfRender.objects.filter(review=review).update(
        state="rendering", attempts=1, worker=f"{host}:{gone.pid}"
    )
    assert status_of(signed_in_client, review) == "waiting"

    assert "queued again" in work()

    assert status_of(signed_in_client, review) == "ready"
    assert signed_in_client.get(pdf_url(review))["Content-Type"] == "application/pdf"


def test_a_render_running_past_the_time_limit_is_stopped(monkeypatch):
    monkeypatch.setitem(jobs.TIME_LIMITS, "enabled", True)
    with pytest.raises(jobs.RenderTimedOut), jobs._time_limit(1):
        while True:  # a render that never ends
            pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_waiting_page_and_status_never_name_the_patient(signed_in_client, review):
    page = signed_in_client.get(pdf_url(review))
    urls = [reverse("review_pdf_status", args=[review.pk]), pdf_url(review)]
    assert all(review.patient_ref not in url for url in urls)
    assert Client().get(urls[0]).status_code == 302  # sign-in first
    assert page["Cache-Control"] == "no-store"
