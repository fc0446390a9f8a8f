"""The one place that decides who may see a review."""

from django.shortcuts import get_object_or_404

from reviews.models import Review


def reviews_for(user):
    """The reviews a signed-in clinician may see: those of their practice."""
    return Review.objects.filter(practice_id=user.practice_id)


def get_review_for(user, pk: int) -> Review:
    """The review, or 404 for anyone outside its practice (never 403: ids reveal nothing)."""
    return get_object_or_404(reviews_for(user).select_related("clinician", "practice"), pk=pk)
