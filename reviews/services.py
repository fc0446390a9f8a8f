"""Every write of TRD Review: plain values in, keyword-only arguments with the acting clinician
as `by=`, one transaction, validation before saving, and the audit row in that transaction.

The request's address still reaches the audit row through reviews.audit's context (it is request
metadata, not a party to the change); who acted is always the `by=` a service is given."""

import datetime
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404
from django.utils import timezone

from reviews import audit, schema, selectors, trials
from reviews.choices import Status
from reviews.importing import ParsedReview, parse_review
from reviews.interchange import export_review, trials_as_procedures
from reviews.models import Clinician, Practice, Review, StepDraft
from reviews.steps import FIRST_STEP, SLUGS, STEPS, Step
from reviews.summary import build_summary

DEMO_PRACTICE = "Demo practice"
DEMO_USERNAME = "demo"
DEMO_FULL_NAME = "Demo Clinician"  # pages show clinicians by name
DEMO_PASSWORD = "demo-trd-review"


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
def create_clinician(
    *,
    username: str,
    practice_name: str,
    password: str,
    full_name: str = "",
    validate_password: bool = True,
) -> Clinician:
    """Create a clinician in the named practice (created too if new).

    `full_name` is the name pages and printed summaries show, kept whole as written (names do
    not split one way into given and family names); without it they show the username.
    Raises ValidationError when the username is taken (ignoring case) or the password is weak.
    """
    practice, _ = Practice.objects.get_or_create(name=practice_name.strip())
    clinician = Clinician(
        username=username.strip(), first_name=full_name.strip(), practice=practice
    )
    if validate_password:
        password_validation.validate_password(password, user=clinician)
    clinician.set_password(password)
    clinician.full_clean()
    clinician.save()
    return clinician


def ensure_demo_clinician() -> Clinician | None:
    """Create the demo practice and clinician when no clinician exists yet.

    Returns the demo clinician (new or from an earlier run), or None when the database has other
    clinicians and no demo account, as a real installation would.
    """
    existing = Clinician.objects.filter(username=DEMO_USERNAME).first()
    if existing or Clinician.objects.exists():
        return existing
    return create_clinician(
        username=DEMO_USERNAME,
        full_name=DEMO_FULL_NAME,
        practice_name=DEMO_PRACTICE,
        password=DEMO_PASSWORD,
        validate_password=False,
    )


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
    try:
        with transaction.atomic():  # a savepoint: the racing post's row may win
            review.save()
    except IntegrityError:
        started = Review.objects.filter(start_token=key, clinician=by).first()
        if key is None or started is None:
            raise
        return started
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
        pk=review.pk, version=expected_version, status=Status.DRAFT
    ).update(version=F("version") + 1, updated_at=timezone.now())
    if not claimed:
        current = Review.objects.values("status", "version").filter(pk=review.pk).first()
        if current is None:  # discarded (discard_draft) while this save was on its way
            raise Http404("No such review")
        if current["status"] == Status.FINAL:
            raise ReviewIsFinal
        raise StaleReview(current["version"])
    review.version = expected_version + 1


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
        "version",
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
        assert step.formset is not None  # rows come only from a step with rows
        step.formset.model.objects.filter(pk__in=removed).delete()
    if step.slug not in review.completed_steps:
        review.completed_steps = [*review.completed_steps, step.slug]
    review.last_step = heading_to
    review.save(update_fields=[*changed, "completed_steps", "last_step"])
    store_facts(review)
    audit.record(audit.Action.SAVE, review=review, detail=_save_detail(review, step), user=by)
    StepDraft.objects.filter(review=review, step=step.slug, author=by).delete()
    return review


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
    assert step.formset is not None
    model, link = step.formset.model, step.formset.fk.name  # type: ignore[attr-defined]
    existing = model.objects.filter(**{link: review}).in_bulk()
    if any(pk not in existing for pk, _ in rows.kept if pk is not None):
        raise StaleReview(review.version)  # another tab removed a row this page still showed
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
def save_step_draft(
    *, review: Review, step: Step, data: dict, by: Clinician, base: Callable[[], dict] | None = None
) -> None:
    """Keep what the author has typed into a step so far, unvalidated (autosave).

    With `base`, `data` holds only the fields changed since the last autosave (an empty list: a
    field no longer posted, such as an unticked box); they are merged into the stored draft, or
    into base() (the step's saved input, as its form posts it) when there is none yet.

    Not audited: it is not a change to the record, and it happens every few seconds.
    Raises Review.DoesNotExist when the draft was discarded meanwhile (the review's row is
    locked, so a discard waits for this save or this save sees it gone).
    """
    locked = Review.objects.select_for_update().only("status").get(pk=review.pk)
    if locked.is_final:
        raise ReviewIsFinal
    if base is not None:
        stored = (
            StepDraft.objects.select_for_update()
            .filter(review=review, step=step.slug, author=by)
            .values_list("data", flat=True)
            .first()
        )
        merged = dict(stored if stored is not None else base())
        for name, values in data.items():
            if values:
                merged[name] = values
            else:
                merged.pop(name, None)
        data = merged
    StepDraft.objects.update_or_create(
        review=review,
        step=step.slug,
        author=by,
        defaults={"data": data, "saved_at": timezone.now()},
    )


def discard_step_draft(*, review: Review, step: Step, by: Clinician) -> None:
    StepDraft.objects.filter(review=review, step=step.slug, author=by).delete()


@transaction.atomic
def finalise_review(*, review: Review, expected_version: int, by: Clinician) -> Review:
    """Make the review final: read-only from now on.

    The catalogue-dependent part of its summary is stored with it, so a later catalogue or
    setting change never alters what a final review's summary and PDF say.
    """
    _claim_version(review, expected_version)
    snapshot = build_summary(review).catalogue_snapshot()
    review.status = Status.FINAL
    review.finalised_at = timezone.now()
    review.catalogue_version = snapshot["catalogue_version"]
    review.summary_snapshot = snapshot
    review.save(update_fields=["status", "finalised_at", "catalogue_version", "summary_snapshot"])
    audit.record(audit.Action.FINALISE, review=review, user=by)
    return review


def _create_review(*, parsed: ParsedReview, clinician: Clinician, **fields) -> Review:
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


# The rules the stored facts were computed with: bump it whenever trials.py, treatment_steps.py
# or courses.py changes what a count gives, so that refresh_stale_facts computes them again.
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
    """Store the facts the list and the patient timeline show, computed by reviews.trials from
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


@transaction.atomic
def import_review(*, data: object, by: Clinician) -> Review:
    """Create a draft review for the practice of `by` from data in the DESIGN.md §5 format.

    Always a draft, whatever the data looks like: a clinician reads it through before it is final.
    The steps whose part the data holds count as completed. Raises
    reviews.importing.InvalidReviewData, listing every problem, before anything is written.
    """
    parsed = parse_review(data)
    review = _create_review(
        parsed=parsed, clinician=by, completed_steps=list(parsed.completed_steps)
    )
    audit.record(audit.Action.IMPORT, review=review, user=by)
    return review


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
    amendment = _create_review(
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
    try:
        with transaction.atomic():  # a savepoint: a racing press may have made the draft
            follow_up = _create_review(
                parsed=parse_review(carried),  # keys left out take their blank defaults
                clinician=by,
                completed_steps=carried_steps(),
                last_step=FOLLOW_UP_OPENS_ON,
                follows=review,
            )
    except (IntegrityError, ValidationError):
        open_draft = review.follow_ups.filter(status=Status.DRAFT).first()
        if open_draft is None:
            raise
        return open_draft
    audit.record(audit.Action.FOLLOW_UP, review=follow_up, user=by, detail=f"of review {review.pk}")
    return follow_up
