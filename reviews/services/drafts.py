"""Unsaved input kept as it is typed (autosave), apart from the review until a step is saved."""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from reviews.models import Clinician, Review, StepDraft
from reviews.services.reviews import ReviewIsFinal
from reviews.steps import Step


@transaction.atomic
def save_step_draft(
    *,
    review: Review,
    step: Step,
    data: dict,
    by: Clinician,
    base: Callable[[], dict] | None = None,
    session: str = "",
) -> None:
    """Keep what the author has typed into a step so far, unvalidated (autosave).

    With `base`, `data` holds only the fields changed since the last autosave (an empty list: a
    field no longer posted, such as an unticked box); they are merged into the stored draft, or
    into base() (the step's saved input, as its form posts it) when there is none yet.
    `session` tells the sign-in session that typed it (reviews.step_page.session_tag).

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
        defaults={"data": data, "saved_at": timezone.now(), "session": session},
    )


def discard_step_draft(*, review: Review, step: Step, by: Clinician) -> None:
    StepDraft.objects.filter(review=review, step=step.slug, author=by).delete()
