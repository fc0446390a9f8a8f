"""The one place that decides who may see a review."""

from django.http import Http404, HttpRequest

from reviews import audit
from reviews.models import Clinician, Review


class AuthenticatedRequest(HttpRequest):
    """The type of a request to a view behind login: its user is a clinician, never anonymous."""

    user: Clinician


def reviews_for(user):
    """The reviews a signed-in clinician may see: those of their practice."""
    return Review.objects.filter(practice_id=user.practice_id)


def get_review_for(user, pk: int) -> Review:
    """The review, or 404 for anyone outside its practice (never 403: ids reveal nothing).

    A refusal is audited with the id that was asked for.
    """
    review = reviews_for(user).select_related("clinician", "practice").filter(pk=pk).first()
    if review is None:
        audit.record(audit.Action.REFUSED, review_id=pk, outcome=audit.Outcome.REFUSED)
        raise Http404("No such review")
    return review
