"""A review's life as a draft: started, saved step by step, discarded, finalised, imported."""

import datetime
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from reviews import audit, schema, selectors
from reviews.choices import Status
from reviews.facts import trials
from reviews.importing import ParsedReview, parse_review
from reviews.models import Clinician, Review, StepDraft
from reviews.printing import jobs
from reviews.printing.sheets import summary
from reviews.reading import read
from reviews.services.stored_facts import store_facts
from reviews.steps import FIRST_STEP, Step


class InvalidRow(ValidationError):
    """A row of a repeatable section failed validation; `position` is its place in
    RowChanges.kept."""

    def __init__(self, error: ValidationError, *, position: int):
        super().__init__(error.error_dict if hasattr(error, "error_dict") else error.error_list)
        self.position = position


class ReviewIsFinal(Exception):
    """A final review is read-only; amendments create a new version instead."""


class StaleReview(Exception):
    """The review was saved elsewhere (another tab) since the page was drawn."""

    def __init__(self, current_version: int):
        super().__init__(f"the review is now at version {current_version}")
        self.current_version = current_version


@transaction.atomic
def start_review(
    *,
    patient_ref: str,
    visit_date: datetime.date,
    by: Clinician,
    start_token: uuid.UUID | None = None,
    **answers: Any,
) -> Review:
    """A new draft; `answers` are the visit section's other answers (e.g. adult="yes").

    `start_token` is the start page's one-time token. The same page posted again with the same
    answers (a double click, a resent form, a post racing the first) gets the draft the first
    post made instead of a second review; posted with other answers (the clinician went back and
    corrected the reference), it is another start and makes its own draft.
    """
    key = _start_key(start_token, patient_ref, visit_date, answers)
    if key is not None:
        # The clinician's row is locked first, so a racing post of the same page waits here and
        # then finds this draft: no insert is ever refused by the token's unique constraint, and
        # the database server never logs a refused insert, with the patient reference in it.
        Clinician.objects.select_for_update().filter(pk=by.pk).values_list("pk").first()
        started = Review.objects.filter(start_token=key, clinician=by).first()
        if started is not None:
            return started
    review = Review(
        practice=by.practice,
        clinician=by,
        patient_ref=patient_ref,
        visit_date=visit_date,
        completed_steps=[FIRST_STEP],
        start_token=key,
        **answers,
    )
    review.full_clean(validate_unique=False)
    review.save()
    audit.record(audit.Action.START, review=review, user=by)
    return review


def _start_key(
    token: uuid.UUID | None, patient_ref: str, visit_date: datetime.date, answers: Mapping
) -> uuid.UUID | None:
    """The stored start token: the page's token joined with what was posted on it, so that only
    a repeat of the same post finds the same draft."""
    if token is None:
        return None
    posted = (patient_ref, visit_date.isoformat(), sorted(answers.items()))
    return uuid.uuid5(token, repr(posted))


def _claim_version(review: Review, expected_version: int) -> None:
    """Move the review to the next version, or raise if it is final or was saved since.

    The conditional UPDATE takes the row's write lock (PostgreSQL) or the database's (SQLite), so
    of two tabs posting the same version exactly one wins; the other gets StaleReview.
    """
    claimed = Review.objects.filter(
        pk=review.pk, lock_version=expected_version, status=Status.DRAFT
    ).update(lock_version=F("lock_version") + 1, updated_at=timezone.now())
    if not claimed:
        current = Review.objects.values("status", "lock_version").filter(pk=review.pk).first()
        if current is None:  # discarded (discard_draft) while this save was on its way
            raise Http404("No such review")
        if current["status"] == Status.FINAL:
            raise ReviewIsFinal
        raise StaleReview(current["lock_version"])
    review.lock_version = expected_version + 1


@dataclass(frozen=True)
class RowChanges:
    """A repeatable section's rows as the clinician left them on a step: each row to keep as its
    id (None for a new row) and its cleaned values, and the ids of the rows to remove."""

    kept: tuple[tuple[int | None, Mapping[str, object]], ...] = ()
    removed: tuple[int, ...] = ()


# What a step may never set: the record-keeping of the review itself.
NOT_STEP_FIELDS = frozenset(
    {
        "id",
        "practice",
        "clinician",
        "status",
        "lock_version",
        "revision",
        "amends",
        "amend_reason",
        "completed_steps",
        "last_step",
        "finalised_at",
        "catalogue_version",
        "summary_snapshot",
        "created_at",
        "updated_at",
    }
)


@transaction.atomic
def save_step(
    *,
    review: Review,
    step: Step,
    values: Mapping[str, object],
    rows: RowChanges | None = None,
    expected_version: int,
    heading_to: str = "",
    by: Clinician,
) -> Review:
    """Save one step's cleaned values (and, for a repeatable section, its rows) as a new version
    of the review.

    Everything is validated before anything is written. `heading_to` is the step the clinician
    goes to next, kept so a later visit resumes there. The clinician's autosaved draft of the
    step is now saved for real, so it goes. Raises ValidationError (InvalidRow for a row),
    StaleReview when the review was saved since
    `expected_version` (or a row it names is gone), ReviewIsFinal when it is final.
    """
    changed = _apply(review, values)
    review.full_clean(exclude=_other_fields(changed), validate_unique=False)
    kept, removed = _checked_rows(review, step, rows) if rows is not None else ([], [])
    _claim_version(review, expected_version)
    for row in kept:
        row.save()
    if removed:
        assert step.rows is not None  # rows come only from a step with rows
        getattr(review, step.rows.key).model.objects.filter(pk__in=removed).delete()
    if step.slug not in review.completed_steps:
        review.completed_steps = [*review.completed_steps, step.slug]
    review.last_step = heading_to
    review.save(update_fields=[*changed, "completed_steps", "last_step"])
    if _reads_trials(step):
        store_facts(review)
    audit.record(audit.Action.SAVE, review=review, detail=_save_detail(review, step), user=by)
    StepDraft.objects.filter(review=review, step=step.slug, author=by).delete()
    return review


def _reads_trials(step: Step) -> bool:
    """Whether the step shows an answer the trial rules read (trials.READS)."""
    shown = {step.rows.key} if step.rows is not None else set()
    if step.section is not None:
        shown |= {schema.path(step.section, question) for question in step.section.questions}
    return bool(shown & trials.READS)


def _save_detail(review: Review, step: Step) -> str:
    """ "step safety", and for a section asked afresh whose answers were saved as they were at
    the previous review: that they were confirmed at this visit, naming that review by id."""
    detail = f"step {step.slug}"
    if step.section not in schema.ASKED_AFRESH or not schema.has_answers(review, step.section):
        return detail
    previous = selectors.previous_review(review)
    if previous is not None and schema.section_answers(
        previous, step.section
    ) == schema.section_answers(review, step.section):
        detail += f"; confirmed unchanged since review {previous.pk}"
    return detail


@transaction.atomic
def discard_draft(*, review: Review, by: Clinician) -> None:
    """Remove a draft started by mistake, with its rows and unsaved input; a final review is never
    removed. The audit trail keeps the review's id (a plain number) and who discarded it."""
    locked = Review.objects.select_for_update().get(pk=review.pk)
    if locked.is_final:
        raise ReviewIsFinal
    audit.record(audit.Action.DISCARD, review=locked, user=by, detail=f"revision {locked.revision}")
    locked.delete()


def _apply(instance, values: Mapping[str, object]) -> list[str]:
    """Set the values on the instance; the names set."""
    for name, value in values.items():
        if name in NOT_STEP_FIELDS:
            raise ValueError(f"{name} is not set by a step")
        setattr(instance, name, value)
    return list(values)


def _other_fields(names: list[str]) -> list[str]:
    return [field.name for field in Review._meta.fields if field.name not in names]


def _checked_rows(review: Review, step: Step, rows: RowChanges) -> tuple[list, list[int]]:
    """The rows to save, validated, and the ids of the review's rows to remove."""
    assert step.rows is not None
    # The rows' table, reached through the review's relation named as the schema names them.
    model, link = getattr(review, step.rows.key).model, "review"
    existing = model.objects.filter(**{link: review}).in_bulk()
    if any(pk not in existing for pk, _ in rows.kept if pk is not None):
        raise StaleReview(review.lock_version)  # another tab removed a row this page still showed
    kept = []
    for position, (pk, values) in enumerate(rows.kept):
        row = existing[pk] if pk is not None else model(**{link: review})
        _apply(row, values)
        try:
            row.full_clean(exclude=[link])
        except ValidationError as error:
            raise InvalidRow(error, position=position) from error
        kept.append(row)
    return kept, [pk for pk in rows.removed if pk in existing]


@transaction.atomic
def finalise_review(
    *, review: Review, expected_version: int, by: Clinician, prepare_pdfs: bool = True
) -> Review:
    """Make the review final: read-only from now on. Its PDFs are queued for a worker to render
    (unless `prepare_pdfs` is false: the demo's hundreds of made-up reviews).

    The catalogue-dependent part of its summary is stored with it, so a later catalogue or
    setting change never alters what a final review's summary and PDF say.
    """
    _claim_version(review, expected_version)
    snapshot = summary.build(read(review)).catalogue_snapshot()
    review.status = Status.FINAL
    review.finalised_at = timezone.now()
    review.catalogue_version = snapshot["catalogue_version"]
    review.summary_snapshot = snapshot
    review.save(update_fields=["status", "finalised_at", "catalogue_version", "summary_snapshot"])
    # Unsaved input can never be saved now. The claim above holds the review's row, and an
    # autosave locks that row before writing, so none lands after this delete (save_step_draft).
    StepDraft.objects.filter(review=review).delete()
    audit.record(audit.Action.FINALISE, review=review, user=by)
    if prepare_pdfs:
        jobs.prepare_final(review)  # rendered by a worker once this commits
    return review


def create_review(*, parsed: ParsedReview, clinician: Clinician, **fields) -> Review:
    """A new draft from validated interchange data, with its rows, in the clinician's practice."""
    review = Review(
        **parsed.fields,
        practice=clinician.practice,
        clinician=clinician,
        status=Status.DRAFT,
        **fields,
    )
    review.full_clean()
    review.save()
    for name, rows in parsed.rows.items():
        model = getattr(review, name).model
        objects = [model(review=review, **values) for values in rows]
        for row in objects:
            # The review was saved just above; checking the link again would cost a query a row.
            row.full_clean(exclude=["review"])
        model.objects.bulk_create(objects)
    store_facts(review)
    return review


@transaction.atomic
def import_review(*, data: object, by: Clinician) -> Review:
    """Create a draft review for the practice of `by` from data in the interchange format
    (docs/format.md).

    Always a draft, whatever the data looks like: a clinician reads it through before it is final.
    The steps whose part the data holds count as completed. Raises
    reviews.importing.InvalidReviewData, listing every problem, before anything is written.
    """
    parsed = parse_review(data)
    review = create_review(
        parsed=parsed, clinician=by, completed_steps=list(parsed.completed_steps)
    )
    audit.record(audit.Action.IMPORT, review=review, user=by)
    return review
