"""One reading of a review: what it records, read from the database once per request and worked
into its trial facts once, then handed to every page, printed sheet, export and rule that shows
it. Nothing downstream reads the review again or works the trial rules out a second time: they
take a `Reading` (or its parts), so a second computation cannot happen by accident.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import prefetch_related_objects

from reviews import schema, selectors
from reviews.exports.interchange import export_review
from reviews.facts import trials
from reviews.models import Review

# The review's repeatable rows, fetched once for everything a reading serves.
ROW_RELATIONS = tuple(rows.key for rows in schema.ROWS)


@dataclass(frozen=True)
class Header:
    """Who and what a printed or shown review is about, as every page and sheet heads it."""

    review_id: int
    patient_ref: str
    visit_date: datetime.date
    clinician: str  # the clinician's full name; the username only when no name is on record
    practice: str
    status: str
    # Review.revision, shown as "Version n": 1, then n+1 for each amendment. Not the save
    # counter that guards against two tabs saving over each other.
    revision: int
    amends_revision: int | None
    amend_reason: str
    finalised_at: datetime.datetime | None = None

    @property
    def is_draft(self) -> bool:
        return self.finalised_at is None


@dataclass(frozen=True)
class Reading:
    review: Review
    data: dict  # the review in the interchange format (docs/format.md)
    header: Header
    trial_facts: trials.TrialFacts
    # The patient's review just before this one, in the interchange format with its id as
    # "_id"; None for a first review.
    previous: dict | None

    @property
    def min_weeks(self) -> int:
        return self.trial_facts.min_weeks


def read(review: Review) -> Reading:
    """The reading of a review: its rows fetched once, the trial rules worked out once (with the
    weeks its summary was made with when final, else the practice's)."""
    prefetch_related_objects([review], *ROW_RELATIONS)
    data = export_review(review)
    snapshot = review.summary_snapshot
    min_weeks = snapshot["min_trial_weeks"] if snapshot else settings.TRDREVIEW_MIN_TRIAL_WEEKS
    return Reading(
        review=review,
        data=data,
        header=_header(review),
        trial_facts=trials.trial_facts(data, min_weeks=min_weeks),
        previous=_previous(review),
    )


def _header(review: Review) -> Header:
    name = review.clinician.get_full_name().strip()
    return Header(
        review_id=review.pk,
        patient_ref=review.patient_ref,
        visit_date=review.visit_date,
        clinician=name or f"{review.clinician.username} (no full name on record)",
        practice=str(review.practice),
        status=review.get_status_display(),
        revision=review.revision,
        amends_revision=review.revision - 1 if review.amends_id else None,
        amend_reason=review.amend_reason,
        finalised_at=review.finalised_at if review.is_final else None,
    )


def _previous(review: Review) -> dict | None:
    """The review just before this one (selectors.previous_review), in the format."""
    older = selectors.previous_review(review)
    if older is None:
        return None
    prefetch_related_objects([older], *ROW_RELATIONS)
    return {**export_review(older), "_id": older.pk}
