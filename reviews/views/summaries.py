"""A review's page and its exports (JSON, FHIR): what the review records, never changed
here."""

from django.http import JsonResponse
from django.shortcuts import render

from reviews import audit, selectors
from reviews.exports.fhir import export_fhir
from reviews.models import Review
from reviews.previsit import panel
from reviews.previsit import services as previsit_services
from reviews.printing import registry
from reviews.printing.sheets import documentation, summary
from reviews.reading import read
from reviews.views.common import download, review_view

EVENTS_SHOWN = 50  # on the review's page, newest first; the audit trail page lists every one


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
