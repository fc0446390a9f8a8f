"""The invitation's table, kept with the pre-visit package it serves; `reviews.models` names it
so Django (and every caller) finds it among the app's models. It refers to the review by name,
so this module imports nothing of the app's."""

from django.conf import settings
from django.db import models


class Invitation(models.Model):
    """A one-time link for the patient to answer before the visit (reviews/previsit/).

    The link carries a random token only; this row keeps its SHA-256, never the token. The
    patient's answers stay here, apart from the review, until the clinician adds each one.
    """

    review = models.ForeignKey(
        "reviews.Review", on_delete=models.CASCADE, related_name="invitations"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    token_hash = models.CharField(max_length=64, unique=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)  # the patient's, as sent
    decisions = models.JSONField(default=dict, blank=True)  # answer key -> "added" / "left_out"
    item9_shown_at = models.DateTimeField(null=True, blank=True)
    # The names of the medicines recorded when the invitation was made, when the clinician chose
    # to show them to the patient ("names only"): copied then, so the patient's page never reads
    # the record, and the patient says only what changed.
    recorded_medicines = models.JSONField(default=list, blank=True)
    # "Save and finish later": what the patient typed so far, reopened only in the browser that
    # holds the second secret whose hash is kept here (a cookie), never by the link alone.
    saved = models.JSONField(default=dict, blank=True)
    resume_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"invitation {self.pk} of review {self.review_id}"
