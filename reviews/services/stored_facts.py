"""The counts the list and the patient timeline read, stored on the review when it is saved."""

from django.db import transaction

from reviews.exports.interchange import export_review
from reviews.facts import trials
from reviews.models import Review

FACTS_VERSION = 2
FACT_COLUMNS = (
    "trial_courses",
    *(
        f"{figure}_trials_{weeks}"
        for figure in ("failed", "ongoing", "uncertain")
        for weeks in trials.THRESHOLDS
    ),
    "facts_version",
)


def store_facts(review: Review) -> None:
    """Store the facts the list and the patient timeline show, computed by reviews.facts.trials from
    the saved answers: the same counts, by the same rules, as the summary prints."""
    # Read back from the database: rows the caller holds in a cache may be out of date.
    saved = export_review(Review.objects.get(pk=review.pk))
    found = trials.trial_facts(saved, min_weeks=4)  # the counts do not depend on min_weeks
    counts = found.counts(current_episode=True)
    review.trial_courses = len(found.courses)
    for weeks in trials.THRESHOLDS:
        count = None if counts is None else counts[weeks]
        for figure in ("counted", "ongoing", "uncertain"):
            column = f"{'failed' if figure == 'counted' else figure}_trials_{weeks}"
            setattr(review, column, None if count is None else getattr(count, figure))
    review.facts_version = FACTS_VERSION
    review.save(update_fields=FACT_COLUMNS)


def refresh_stale_facts() -> int:
    """Compute again the stored facts of every review computed with older rules (run after
    migrating, by reviews.apps); the number of reviews refreshed. No audit row: the answers do
    not change, only a cache of what they give."""
    stale = Review.objects.exclude(facts_version=FACTS_VERSION).only("pk")
    refreshed = 0
    for review in stale.iterator(chunk_size=200):
        with transaction.atomic():
            store_facts(review)
        refreshed += 1
    return refreshed
