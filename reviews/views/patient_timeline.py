"""A patient's timeline: their reviews over time, reached by one review's id."""

from django.shortcuts import render

from reviews import audit, selectors
from reviews.reading import ROW_RELATIONS
from reviews.timeline_page import timeline_context
from reviews.views.common import review_view


@review_view("GET")
def patient_timeline_page(request, review):
    """Every review of this review's patient in the practice (the newest version of each), in
    visit order. Reached by the review's id, so the patient reference stays out of the URL."""
    reviews = list(
        selectors.patient_reviews(selectors.practice_reviews(request.user), review.patient_ref)
        .select_related("clinician")
        .prefetch_related(*ROW_RELATIONS)
    )
    audit.record(audit.Action.VIEW, review=review, detail="patient timeline")
    context = {"review": review, **timeline_context(reviews, review)}
    return render(request, "reviews/patient_timeline.html", context)
