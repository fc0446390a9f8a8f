"""What a FHIR export needs of a stored review beyond its answers (`ReviewMeta`): its ids and
revision, whether it is final, its times, its clinician and practice, the revision it amends and
who finalised or amended it, read from the review, its reading and its audit events."""

import datetime
from dataclasses import dataclass

from reviews.exports.fhir_resources import AMENDED, FINALISED, Person, Signing
from reviews.models import AuditEvent
from reviews.reading import Reading


@dataclass(frozen=True)
class Revision:
    """One stored version of a review: its id and when it was made (which makes its FHIR ids
    unique beyond this installation)."""

    review_id: int
    created_at: datetime.datetime
    revision: int = 1


@dataclass(frozen=True)
class ReviewMeta:
    """What the export needs of a stored review beyond its answers."""

    review: Revision
    final: bool
    changed_at: datetime.datetime  # the last save
    finalised_at: datetime.datetime | None
    clinician: Person
    practice: str
    amends: Revision | None = None  # the final revision this one amends
    signings: tuple[Signing, ...] = ()


def review_meta(reading: Reading) -> ReviewMeta:
    """The facts of a stored review `document_bundle` needs: from the review, its reading's
    header (the clinician named as every sheet names them) and the audit events of its
    finalising and of the amendment that started it. Without such an event (a review made final
    by other means) the review's own clinician and times stand in."""
    review = reading.review
    clinician = Person(str(review.clinician_id), reading.header.clinician)

    def person(user) -> Person:
        if user is None or user.pk == review.clinician_id:
            return clinician
        return Person(str(user.pk), user.get_full_name().strip() or user.username)

    signings = []
    if review.amends_id is not None:
        amended = _event(
            AuditEvent.Action.AMEND, review.amends_id, detail=f"revision {review.revision}"
        )
        signings.append(
            Signing(
                AMENDED,
                amended.at if amended else review.created_at,
                person(amended.user if amended else None),
                review.amend_reason,
            )
        )
    if review.is_final:
        finalised = _event(AuditEvent.Action.FINALISE, review.pk)
        signings.append(
            Signing(
                FINALISED,
                finalised.at if finalised else review.finalised_at or review.updated_at,
                person(finalised.user if finalised else None),
            )
        )
    amends = None
    if review.amends is not None:
        amends = Revision(review.amends.pk, review.amends.created_at, review.amends.revision)
    return ReviewMeta(
        review=Revision(review.pk, review.created_at, review.revision),
        final=review.is_final,
        changed_at=review.updated_at,
        finalised_at=review.finalised_at,
        clinician=clinician,
        practice=reading.header.practice,
        amends=amends,
        signings=tuple(signings),
    )


def _event(action: str, review_id: int, detail: str | None = None) -> AuditEvent | None:
    events = AuditEvent.objects.filter(action=action, review_id=review_id, outcome="ok")
    if detail is not None:
        events = events.filter(detail=detail)
    return events.select_related("user").order_by("-id").first()
