"""Going on from a review: a follow-up of the patient at a later visit, and an amendment of a
final review (a new version, the old one kept as it was)."""

from django.contrib import messages
from django.shortcuts import redirect, render

from reviews import audit, schema, services, steps
from reviews.choices import Status
from reviews.facts import phrases
from reviews.forms import AmendForm
from reviews.models import Review
from reviews.views.common import review_view


@review_view("POST")
def review_follow_up(request, review):
    """Start a follow-up review of the same patient, or open the one already started."""
    was_open = review.follow_ups.filter(status=Status.DRAFT).exists()
    follow_up = services.start_follow_up(review=review, by=request.user)
    if was_open:
        messages.info(request, "A follow-up of this review was started already; it opens here.")
        return redirect("review_resume", pk=follow_up.pk)
    carried = phrases.capitalised(phrases.in_words(schema.carried_names()))
    afresh = phrases.in_words([section.title.lower() for section in schema.ASKED_AFRESH])
    messages.success(
        request,
        f"Follow-up review started as a draft dated {follow_up.visit_date:%Y-%m-%d}. {carried} "
        f"were carried forward from the review of {review.visit_date:%Y-%m-%d}, ready to update. "
        f"{phrases.capitalised(afresh)} are asked afresh; each offers that review's answers to "
        f"confirm.",
    )
    return redirect("review_step", pk=follow_up.pk, step=services.FOLLOW_UP_OPENS_ON)


@review_view("GET", "POST")
def review_amend(request, review):
    form = AmendForm(request.POST or None)
    if request.method != "POST":
        audit.record(audit.Action.VIEW, review=review, detail="amend page")
    if request.method != "POST" or not form.is_valid():
        return render(request, "reviews/amend.html", {"review": review, "form": form})
    try:
        amendment = services.amend_review(
            review=review, reason=form.cleaned_data["reason"], by=request.user
        )
    except services.NotFinal:
        messages.info(request, "This review is a draft: it can be changed directly.")
        return redirect("review_resume", pk=review.pk)
    except services.AlreadyAmended:
        messages.info(request, "This version has been amended already; the newer one opens.")
        return redirect("review_detail", pk=Review.objects.get(amends=review).pk)
    messages.success(
        request,
        f"Version {amendment.revision} started as a draft. "
        f"Version {review.revision} stays as it was.",
    )
    return redirect("review_step", pk=amendment.pk, step=steps.FIRST_STEP)
