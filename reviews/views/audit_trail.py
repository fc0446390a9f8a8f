"""The audit trail of one review, page by page, as its own practice sees it."""

from django.core.paginator import Paginator
from django.shortcuts import render

from reviews import audit, selectors
from reviews.views.common import review_view

EVENTS_PER_PAGE = 100


@review_view("GET")
def review_audit(request, review):
    """Every event the review's practice recorded for it, newest first; refused requests from
    other practices are counted, not listed (selectors.review_events)."""
    audit.record(audit.Action.VIEW, review=review, detail="audit trail")
    paginator = Paginator(selectors.review_events(review), EVENTS_PER_PAGE)
    context = {
        "review": review,
        "page_obj": paginator.get_page(request.GET.get("page")),
        "refused_requests": selectors.refused_request_count(review),
    }
    return render(request, "reviews/audit_trail.html", context)
