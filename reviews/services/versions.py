"""New versions of a final review: an amendment, and a follow-up at a later visit."""

from django.db import transaction
from django.utils import timezone

from reviews import audit, schema
from reviews.choices import Status
from reviews.exports.interchange import export_review, trials_as_procedures
from reviews.importing import parse_review
from reviews.models import Clinician, Review
from reviews.services.reviews import create_review
from reviews.steps import FIRST_STEP, SLUGS, STEPS


class AlreadyAmended(Exception):
    """Each revision is amended at most once; the newer revision is the one to amend."""


class NotFinal(Exception):
    """Only a final review is amended; a draft is simply edited."""


@transaction.atomic
def amend_review(*, review: Review, reason: str, by: Clinician) -> Review:
    """Start revision n+1 of a final review: a draft copy linked to it, for the clinician to
    correct. Revision n stays exactly as it was, and printable."""
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if not locked.is_final:
        raise NotFinal
    if Review.objects.filter(amends=locked).exists():
        raise AlreadyAmended
    amendment = create_review(
        # A final review recorded before esketamine rows were refused still holds them.
        parsed=parse_review(trials_as_procedures(export_review(locked))),
        clinician=by,
        revision=locked.revision + 1,
        amends=locked,
        amend_reason=reason.strip(),
        completed_steps=list(SLUGS),
    )
    audit.record(
        audit.Action.AMEND, review=locked, detail=f"revision {amendment.revision}", user=by
    )
    return amendment


# A follow-up carries forward what describes the patient's history (the schema marks it: a
# question's or a repeatable section's `carried`); what describes one visit starts afresh.
FOLLOW_UP_OPENS_ON = "safety"  # asked early at every visit, then the episode and the trials


def carried_forward(data: dict) -> dict:
    """The parts of a review (interchange format) that a follow-up copies."""
    carried: dict = {}
    for part in schema.PARTS:
        if isinstance(part, schema.Rows):
            if part.carried:
                carried[part.key] = data[part.key]
        elif part.key is None:  # top-level questions (the visit's, the notes')
            carried |= {q.key: data[q.key] for q in part.questions if q.carried}
        else:
            kept = {q.key: data[part.key][q.key] for q in part.questions if q.carried}
            if kept:
                carried[part.key] = kept
    return carried


def carried_steps() -> list[str]:
    """The visit, and the steps whose every part is carried whole, count as completed."""

    def whole(part: schema.Section | schema.Rows) -> bool:
        if isinstance(part, schema.Rows):
            return part.carried
        return all(q.carried for q in part.questions) and all(r.carried for r in part.rows)

    return [FIRST_STEP] + [
        step.slug for step in STEPS[1:] if all(whole(part) for part in step.parts)
    ]


@transaction.atomic
def start_follow_up(*, review: Review, by: Clinician) -> Review:
    """Start a draft review of the same patient, dated today, carrying `review`'s history forward
    for the clinician to update: the answers the schema marks as carried (carried_forward).

    A trial ongoing at the earlier visit stays ongoing (no end date), so its weeks count to the
    new visit date. `review` itself is not changed. The carried steps count as completed and the
    draft resumes on the medication step.
    """
    if by.practice_id != review.practice_id:
        raise PermissionError("a follow-up is started within the review's own practice")
    # Locked first: a racing press waits here, then finds the draft this one makes; the one-draft
    # constraint never refuses an insert (which the database server would log, answers and all).
    Review.objects.select_for_update().filter(pk=review.pk).values_list("pk").first()
    open_draft = review.follow_ups.filter(status=Status.DRAFT).first()
    if open_draft is not None:  # a second press, or another clinician's earlier one
        return open_draft
    data = trials_as_procedures(export_review(review))  # as amend_review does
    carried = {
        "format": data["format"],
        "format_version": data["format_version"],
        "patient_ref": data["patient_ref"],
        # Never before the earlier visit: its dates must not fall after the new visit date.
        "visit_date": max(timezone.localdate(), review.visit_date).isoformat(),
        **carried_forward(data),
    }
    follow_up = create_review(
        parsed=parse_review(carried),  # keys left out take their blank defaults
        clinician=by,
        completed_steps=carried_steps(),
        last_step=FOLLOW_UP_OPENS_ON,
        follows=review,
    )
    audit.record(audit.Action.FOLLOW_UP, review=follow_up, user=by, detail=f"of review {review.pk}")
    return follow_up
