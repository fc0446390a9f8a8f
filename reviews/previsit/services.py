"""Every write of the pre-visit questionnaire: keyword-only, one transaction each, audited.

The patient's side (`open_invitation`, `submit_answers`) acts without a clinician: its audit
rows name the review by id and the address, never a token or an answer. Nothing the patient
sends reaches the review but through `decide_score` and `decide_reported`, which only a
clinician of the review's practice calls (the views get the invitation through the review's
access helper).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reviews import audit
from reviews.facts import drugs
from reviews.models import AuditEvent, Clinician, Invitation, Review, SeverityScore
from reviews.previsit import phq9, reported, tokens
from reviews.services.reviews import ReviewIsFinal
from reviews.services.stored_facts import store_facts

Action = AuditEvent.Action


@transaction.atomic
def create_invitation(
    *, review: Review, by: Clinician, show_medicines: bool = False
) -> tuple[Invitation, str]:
    """A new invitation for the review; returns it and its token, which is never stored and
    so can be shown only now. With `show_medicines`, the names of the medicines recorded so far
    are copied into it for the patient's page (names only: no dose, date or other entry)."""
    if review.is_final:
        raise ReviewIsFinal
    token = tokens.new_token()
    now = timezone.now()
    invitation = Invitation.objects.create(
        review=review,
        created_by=by,
        created_at=now,
        expires_at=now + datetime.timedelta(days=settings.TRDREVIEW_INVITATION_DAYS),
        token_hash=tokens.token_hash(token),
        recorded_medicines=recorded_names(review) if show_medicines else [],
    )
    shown = " with the recorded medicines' names" if show_medicines else ""
    audit.record(Action.INVITE, review=review, detail=f"invitation {invitation.pk}{shown}")
    return invitation, token


def recorded_names(review: Review) -> list[str]:
    """The review's medicines by name as recorded, each once (case aside), in the step's order."""
    names: list[str] = []
    for trial in review.medication_trials.all():
        name = trial.drug.strip()
        if name and name.casefold() not in {known.casefold() for known in names}:
            names.append(name)
    return names


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by: Clinician) -> None:
    if invitation.revoked_at is None:
        Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
        audit.record(
            Action.INVITE_REVOKE,
            review_id=invitation.review_id,
            detail=f"invitation {invitation.pk}",
        )


def locked_out(address: str | None) -> bool:
    """Whether this address sent too many refused links lately (the audit trail counts them)."""
    since = timezone.now() - datetime.timedelta(
        minutes=settings.TRDREVIEW_INVITATION_LOCKOUT_MINUTES
    )
    refused = AuditEvent.objects.filter(
        action=Action.INVITE_REFUSED, address=address, at__gte=since
    )
    return refused.count() >= settings.TRDREVIEW_INVITATION_FAILURES


@transaction.atomic
def open_invitation(
    *, token: str, address: str | None, resume_secret: str = ""
) -> Invitation | None:
    """The invitation a link opens, or None (unknown, expired, used, revoked, kept answers
    asked for without the browser's second secret, or the address locked out): every refusal
    is one audit row and looks the same to the visitor."""
    if locked_out(address):
        audit.record(Action.INVITE_REFUSED, outcome=AuditEvent.Outcome.REFUSED, detail="locked out")
        return None
    invitation = (
        Invitation.objects.select_for_update().filter(token_hash=tokens.token_hash(token)).first()
    )
    reason = _refusal(invitation)
    if not reason and invitation is not None and _secret_missing(invitation, resume_secret):
        reason = f"invitation {invitation.pk}: kept answers, browser secret missing"
    if reason:
        review_id = invitation.review_id if invitation else None
        audit.record(
            Action.INVITE_REFUSED,
            review_id=review_id,
            outcome=AuditEvent.Outcome.REFUSED,
            detail=reason,
        )
        return None
    assert invitation is not None
    if invitation.opened_at is None:
        invitation.opened_at = timezone.now()
        invitation.save(update_fields=["opened_at"])
    audit.record(
        Action.INVITE_OPEN, review_id=invitation.review_id, detail=f"invitation {invitation.pk}"
    )
    return invitation


def _secret_missing(invitation: Invitation, resume_secret: str) -> bool:
    """Answers kept to finish later open only in the browser holding the second secret."""
    return bool(invitation.resume_hash) and (
        tokens.token_hash(resume_secret) != invitation.resume_hash
    )


def _refusal(invitation: Invitation | None) -> str:
    if invitation is None:
        return "unknown link"
    if invitation.revoked_at is not None:
        return f"invitation {invitation.pk} withdrawn"
    if invitation.submitted_at is not None:
        return f"invitation {invitation.pk} already answered"
    if invitation.expires_at <= timezone.now():
        return f"invitation {invitation.pk} expired"
    if invitation.review.is_final:
        return f"invitation {invitation.pk}: review final"
    return ""


@transaction.atomic
def submit_answers(*, invitation: Invitation, answers: dict) -> None:
    """Keep the patient's answers with the invitation, once: it cannot be opened again."""
    updated = Invitation.objects.filter(pk=invitation.pk, submitted_at__isnull=True).update(
        answers=answers, submitted_at=timezone.now(), saved={}
    )
    if updated:
        audit.record(
            Action.INVITE_SUBMIT,
            review_id=invitation.review_id,
            detail=f"invitation {invitation.pk}",
        )


class CannotAdd(Exception):
    """The reported row does not make a valid row of its step as it stands (its messages say
    why); nothing was added."""


@transaction.atomic
def decide_score(*, invitation: Invitation, add: bool, by: Clinician) -> None:
    """The clinician's "Add to the review" (a PHQ-9 score dated the day it was given) or "Leave
    out" for the patient's PHQ-9. Decided once."""
    review = Review.objects.select_for_update().get(pk=invitation.review_id)
    if review.is_final:
        raise ReviewIsFinal
    given = phq9.Phq9.of(invitation.answers)
    decisions = Invitation.objects.get(pk=invitation.pk).decisions  # as of the review's lock
    if given is None or invitation.submitted_at is None or "phq9" in decisions:
        return
    if add:
        answered = timezone.localdate(invitation.submitted_at)
        if answered > review.visit_date:
            # A score is dated on or before its review's visit, as the episode step checks; a
            # draft started before the visit keeps the day it was started until changed.
            raise CannotAdd(
                [
                    f"the patient answered on {answered.isoformat()}, after this review's visit"
                    f" date ({review.visit_date.isoformat()}). If the visit is today, change the"
                    " visit date on the Visit step first."
                ]
            )
        day = answered.isoformat()
        SeverityScore.objects.create(
            review=review, scale="phq9", score=given.total, date=day, info_source="patient_report"
        )
        Review.objects.filter(pk=review.pk).update(lock_version=F("lock_version") + 1)
    decisions = {**decisions, "phq9": "added" if add else "left_out"}
    Invitation.objects.filter(pk=invitation.pk).update(decisions=decisions)
    action = Action.INVITE_ACCEPT if add else Action.INVITE_LEAVE
    audit.record(action, review_id=review.pk, detail=f"invitation {invitation.pk}: PHQ-9")


def item9_to_show(review: Review) -> Invitation | None:
    """The first opening of the review after a patient's answers with a positive item 9 (any
    answer but "Not at all") shows it at the top, once; marked as shown here."""
    for invitation in review.invitations.filter(submitted_at__isnull=False, item9_shown_at=None):
        given = phq9.Phq9.of(invitation.answers)
        if given is not None and given.item9 > 0:
            Invitation.objects.filter(pk=invitation.pk).update(item9_shown_at=timezone.now())
            return invitation
    return None


def _refusals(form, reported_row: dict) -> list[str]:
    """Why a reported row was not added, in words that fit the panel, which has no field to
    correct: the row form's "Choose the class: …" becomes what the drug table did not know."""
    said = []
    for errors in form.errors.as_data().values():
        for error in errors:
            if error.code == "class_required":
                name = reported_row.get("name", "")
                hint = drugs.ambiguity_hint(name).removesuffix("Choose the class.").strip()
                said.append(
                    hint
                    or f"the drug table does not know “{name}”, so its class cannot be filled in."
                )
            else:
                said.extend(error.messages)
    return said


@transaction.atomic
def decide_reported(
    *, invitation: Invitation, part: reported.Part, index: int, add: bool, by: Clinician
) -> bool:
    """ "Add to the review" (a row checked by the step's own row form, marked as the patient's
    report) or "Leave out" for the patient's row number `index` of `part` (a medicine, a
    therapy, a procedure). Decided once: False when it was decided before (or no such row)."""
    review = Review.objects.select_for_update().get(pk=invitation.review_id)
    if review.is_final:
        raise ReviewIsFinal
    rows = invitation.answers.get(part.key) or []
    key = f"{part.noun}{index}"
    decisions = Invitation.objects.get(pk=invitation.pk).decisions  # as of the review's lock
    if not 0 <= index < len(rows) or key in decisions:
        return False
    if add:
        form = part.form(data=part.row(rows[index]), visit_date=review.visit_date)
        if not form.is_valid():
            raise CannotAdd(_refusals(form, rows[index]))
        row = form.save(commit=False)
        row.review = review
        row.save()
        Review.objects.filter(pk=review.pk).update(lock_version=F("lock_version") + 1)
        store_facts(review)
    decisions = {**decisions, key: "added" if add else "left_out"}
    Invitation.objects.filter(pk=invitation.pk).update(decisions=decisions)
    action = Action.INVITE_ACCEPT if add else Action.INVITE_LEAVE
    audit.record(
        action,
        review_id=review.pk,
        detail=f"invitation {invitation.pk}: {part.noun} {index + 1}",
    )
    return True


@transaction.atomic
def save_progress(*, invitation: Invitation, data: dict) -> str:
    """Keep what the patient typed so far (unchecked, as posted); returns the browser's second
    secret, made at the first save (to be set as a cookie), or "" when the browser has it."""
    secret = ""
    fields: dict[str, object] = {"saved": data}
    if not invitation.resume_hash:
        secret = tokens.new_token()
        fields["resume_hash"] = tokens.token_hash(secret)
    Invitation.objects.filter(pk=invitation.pk, submitted_at__isnull=True).update(**fields)
    audit.record(
        Action.INVITE_SAVE, review_id=invitation.review_id, detail=f"invitation {invitation.pk}"
    )
    return secret
