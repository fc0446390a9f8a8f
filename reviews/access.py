"""The one place that decides who may see a review."""

from django.http import Http404, HttpRequest

from reviews import audit
from reviews.models import Clinician, Review


class AuthenticatedRequest(HttpRequest):
    """The type of a request to a view behind login: its user is a clinician, never anonymous."""

    user: Clinician


# The largest id a review (a BigAutoField) and the audit's review_id can hold: 2**63 - 1.
LARGEST_ID = 2**63 - 1


def reviews_for(user):
    """The reviews a signed-in clinician may see: those of their practice."""
    return Review.objects.filter(practice_id=user.practice_id)


def get_review_for(user, pk: int) -> Review:
    """The review, or 404 for anyone outside its practice (never 403: ids reveal nothing).

    A refusal is audited with the id that was asked for.
    """
    if pk > LARGEST_ID:
        # No review has it, and the audit's review_id column cannot hold it.
        audit.record(
            audit.Action.REFUSED, outcome=audit.Outcome.REFUSED, detail="id beyond any review's"
        )
        raise Http404("No such review")
    review = reviews_for(user).select_related("clinician", "practice").filter(pk=pk).first()
    if review is None:
        audit.record(audit.Action.REFUSED, review_id=pk, outcome=audit.Outcome.REFUSED)
        raise Http404("No such review")
    return review
