"""A review's printed sheets as PDFs: served at once when kept for the review as it is now,
otherwise rendered by a worker (reviews.printing.jobs) while a page says the PDF is being
prepared, polls a small status URL, and starts the download when it is ready (without JavaScript
the page refreshes itself). Every PDF served is audited with the SHA-256 of its bytes."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from reviews import audit
from reviews.forms import PdfOptionsForm
from reviews.models import PdfRender
from reviews.printing import downloads, jobs
from reviews.views.common import download, review_view

WAIT_SECONDS = 2  # how often the page without JavaScript asks again


@review_view("GET")
def review_pdf(request, review):
    """A printed sheet of the review (the summary unless ?sheet= names another, with its
    options: ?sheet=documentation&treatment=tms), inline or as a download."""
    kind, options, paper, as_download = PdfOptionsForm(request.GET).chosen()
    printed = downloads.kept_pdf(review, kind=kind, options=options, paper=paper)
    if printed is None:
        job = jobs.request_render(review, kind=kind, options=options, paper=paper)
        # Rendered already when rendering happens in the request (TRDREVIEW_PDF_RENDERING).
        printed = downloads.kept_pdf(review, kind=kind, options=options, paper=paper)
        if printed is None:
            return waiting_page(request, review, job, kind.describe(options))
    detail = f"{kind.describe(options)}, paper {paper}, sha256 {printed.sha256}"
    audit.record(audit.Action.PDF, review=review, detail=detail)
    response = HttpResponse(printed.content, "application/pdf")
    return download(response, review, "pdf", inline=not as_download)


def waiting_page(request, review, job: PdfRender, what: str):
    query = request.GET.urlencode()
    failed = jobs.status(job) == "failed"
    context = {
        "review": review,
        "what": what,
        "failed": failed,
        "pdf_url": f"{reverse('review_pdf', args=[review.pk])}?{query}",
        "status_url": f"{reverse('review_pdf_status', args=[review.pk])}?{query}",
        "retry_url": f"{reverse('review_pdf_retry', args=[review.pk])}?{query}",
        "wait_seconds": WAIT_SECONDS,
    }
    response = render(request, "reviews/pdf_wait.html", context, status=200 if failed else 202)
    response["Cache-Control"] = "no-store"
    return response


def job_for(request, review) -> PdfRender | None:
    """The render asked for by the query (the PDF URL's own), for the review as it is now."""
    kind, options, paper, _ = PdfOptionsForm(request.GET).chosen()
    return PdfRender.objects.filter(
        review=review,
        sheet=kind.name,
        options=downloads.options_key(kind, options),
        paper=paper,
        lock_version=review.lock_version,
    ).first()


@review_view("GET")
def review_pdf_status(request, review):
    """{"state": "waiting" | "ready" | "failed"}: whether the PDF URL with the same query now
    serves the PDF. "ready" also when there is nothing to wait for (the review changed since):
    the PDF URL then asks for the new render itself."""
    job = job_for(request, review)
    state = jobs.status(job) if job is not None else "ready"
    response = JsonResponse({"state": state})
    response["Cache-Control"] = "no-store"
    return response


@review_view("POST")
def review_pdf_retry(request, review):
    """Try a failed render again, then wait for it on the PDF URL."""
    job = job_for(request, review)
    if job is not None and jobs.status(job) == "failed":
        jobs.retry(job)
    return redirect(f"{reverse('review_pdf', args=[review.pk])}?{request.GET.urlencode()}")
