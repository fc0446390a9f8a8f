"""Click to PDF through the queue, in chromium: the click shows that the PDF is being prepared,
a worker renders it (the test runs the worker's loop itself), and the page starts the download
when the status URL says it is ready."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from reviews import services
from tests.browser.test_accessibility import sign_in
from tests.reviews.samples import rich_review


@pytest.fixture(autouse=True)
def on_the_queue(settings):
    settings.TRDREVIEW_PDF_RENDERING = "queue"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["pdf"]}}


def test_a_click_waits_on_a_page_then_the_pdf_downloads(live_server, page: Page, clinician):
    review = services.import_review(data=rich_review(), by=clinician)
    sign_in(page, live_server, clinician)
    page.goto(f"{live_server.url}/reviews/{review.pk}/")

    page.get_by_role("link", name="Download", exact=True).click()

    expect(page.get_by_role("heading", name="The PDF is being prepared")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("summary is being rendered")
    with page.expect_download() as started:
        call_command("pdf_worker", batch=True)  # a worker takes the render from the queue
    download = started.value
    assert download.suggested_filename == f"trd-review-{review.pk}-{review.visit_date}.pdf"
    with open(download.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
