"""A review's page, its PDF and its exports (JSON, FHIR): what the review records, never changed
here."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from reviews import audit, selectors
from reviews.exports.fhir import export_fhir
from reviews.forms import PdfOptionsForm
from reviews.models import Review
from reviews.previsit import panel
from reviews.previsit import services as previsit_services
from reviews.printing import registry
from reviews.printing.downloads import pdf_for_download
from reviews.printing.sheets import documentation, summary
from reviews.reading import read
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
    reading = read(review)
    context = {
        "review": review,
        "summary": summary.build(reading),
        # On screen every item, the head-device one too; printing picks the treatment.
        "sheet": documentation.build(reading),
        "sheet_treatments": documentation.TREATMENTS,
        "menu_sheets": [kind for kind in registry.sheets().values() if kind.menu_label],
        "amended_by": Review.objects.filter(amends=review).only("pk", "revision").first(),
        "invitation_lines": panel.invitation_lines(review),
        "item9_invitation": previsit_services.item9_to_show(review),
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
    """A printed sheet of the review (the summary unless ?sheet= names another, with its
    options: ?sheet=documentation&treatment=tms), inline or as a download."""
    kind, options, paper, as_download = PdfOptionsForm(request.GET).chosen()
    printed = pdf_for_download(review, kind=kind, options=options, paper=paper)
    detail = f"{kind.describe(options)}, paper {paper}, sha256 {printed.sha256}"
    audit.record(audit.Action.PDF, review=review, detail=detail)
    response = HttpResponse(printed.content, "application/pdf")
    return download(response, review, "pdf", inline=not as_download)


@review_view("GET", "HEAD")
def review_export_json(request, review):
    """The review in the interchange format (docs/format.md), as a download."""
    audit.record(audit.Action.EXPORT, review=review, detail="JSON")
    response = JsonResponse(
        read(review).data, json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    return download(response, review, "json")


@review_view("GET", "HEAD")
def review_export_fhir(request, review):
    """The review as a FHIR R4 Bundle (docs/fhir.md): a document once final, a collection while
    a draft; as a download."""
    audit.record(audit.Action.EXPORT, review=review, detail="FHIR")
    bundle = export_fhir(read(review))
    # Not indented: for a 100-trial review, indenting takes longer than making the Bundle.
    response = JsonResponse(
        bundle, content_type="application/fhir+json", json_dumps_params={"ensure_ascii": False}
    )
    return download(response, review, "fhir.json")
