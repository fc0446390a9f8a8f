"""A review's page, its PDF and its exports (JSON, FHIR): what the review records, never changed
here."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from reviews import audit, selectors
from reviews.exports.fhir import export_fhir
from reviews.exports.interchange import export_review
from reviews.facts import catalogue
from reviews.forms import PdfOptionsForm
from reviews.models import Review
from reviews.printing.engine import pdf_for_download
from reviews.printing.sheets import documentation
from reviews.printing.sheets.summary import build_summary
from reviews.views.common import review_view

EVENTS_SHOWN = 50  # on the review's page, newest first; the audit trail page lists every one


def download(response: HttpResponse, review: Review, extension: str, *, inline=False):
    """Name the file by review id and visit date only, and keep it out of every cache."""
    disposition = "inline" if inline else "attachment"
    filename = f"trd-review-{review.pk}-{review.visit_date:%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@review_view("GET")
def review_detail(request, review):
    audit.record(audit.Action.VIEW, review=review)
    summary = build_summary(review)
    context = {
        "review": review,
        "summary": summary,
        # On screen every item, the head-device one too; printing picks the request.
        "sheet": documentation.build_sheet(
            summary.data,
            request="other",
            header=summary.header,
            min_weeks=settings.TRDREVIEW_MIN_TRIAL_WEEKS,
        ),
        "sheet_statement": documentation.STATEMENT,
        "sheet_requests": documentation.REQUESTS,
        "safety_note": catalogue.SAFETY_NOTE,
        "disclaimer": catalogue.DISCLAIMER,
        "amended_by": Review.objects.filter(amends=review).only("pk", "revision").first(),
        **latest_events(review),
    }
    return render(request, "reviews/detail.html", context)


def latest_events(review: Review) -> dict:
    """The newest of the review's own audit events for its page; the audit trail page has all."""
    events = selectors.review_events(review)
    return {
        "audit_events": list(events[:EVENTS_SHOWN]),
        "audit_total": events.count(),
        "refused_requests": selectors.refused_request_count(review),
    }


@review_view("GET")
def review_pdf(request, review):
    """The PDF summary, or the documentation sheet (?sheet=documentation&treatment=tms), inline
    (or as a download)."""
    options = PdfOptionsForm(request.GET)
    chosen = options.cleaned_data if options.is_valid() else {}
    paper = chosen.get("paper") or "a4"
    descriptions = bool(chosen.get("descriptions"))
    sheet = chosen.get("sheet") or "summary"
    request_for = (chosen.get("treatment") or "other") if sheet == "documentation" else ""
    printed = pdf_for_download(
        review, paper=paper, with_descriptions=descriptions, sheet=sheet, request_for=request_for
    )
    if sheet == "documentation":
        document = f"documentation sheet for {documentation.REQUESTS[request_for]}"
    else:
        document = f"summary{' with descriptions' if descriptions else ''}"
    detail = f"{document}, paper {paper}, sha256 {printed.sha256}"
    audit.record(audit.Action.PDF, review=review, detail=detail)
    response = HttpResponse(printed.content, "application/pdf")
    return download(response, review, "pdf", inline=not chosen.get("download"))


@review_view("GET", "HEAD")
def review_export_json(request, review):
    """The review in the interchange format (docs/format.md), as a download."""
    audit.record(audit.Action.EXPORT, review=review, detail="JSON")
    data = export_review(review)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    return download(response, review, "json")


@review_view("GET", "HEAD")
def review_export_fhir(request, review):
    """The review as a FHIR R4 Bundle (docs/fhir.md): a document once final, a collection while
    a draft; as a download."""
    audit.record(audit.Action.EXPORT, review=review, detail="FHIR")
    bundle = export_fhir(review)
    # Not indented: for a 100-trial review, indenting takes longer than making the Bundle.
    response = JsonResponse(
        bundle, content_type="application/fhir+json", json_dumps_params={"ensure_ascii": False}
    )
    return download(response, review, "fhir.json")
