"""The walk-through: start a review, show and save its steps (with autosave and discard of the
autosaved input), resume where it was left, and finish it."""

import copy
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from reviews import audit, services, step_page, steps
from reviews.answer_forms import StartReviewForm
from reviews.forms import StepControlForm, VersionForm
from reviews.middleware import passive
from reviews.models import Review, StepDraft
from reviews.views.common import review_view


@require_http_methods(["GET", "POST"])
def review_start(request):
    form = StartReviewForm(
        request.POST or None,
        initial={"start_token": uuid.uuid4(), "visit_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        review = services.start_review(**form.cleaned_data, by=request.user)
        return redirect("review_step", pk=review.pk, step=steps.next_slug(steps.FIRST_STEP))
    return render(request, "reviews/start.html", {"form": form})


@review_view("GET")
def review_resume(request, review):
    if review.is_final:
        return redirect("review_detail", pk=review.pk)
    slug = steps.resume_slug(review.last_step, review.completed_steps)
    return redirect("review_step", pk=review.pk, step=slug)


@review_view("GET", "POST")
def review_step(request, review, step: str):
    current = step_page.step_of(step)
    if review.is_final:
        messages.info(request, step_page.FINAL_MESSAGE)
        return redirect("review_detail", pk=review.pk)
    if request.method == "POST":
        return save_step(request, review, current)
    audit.record(audit.Action.VIEW, review=review, detail=f"step {current.slug}")
    draft = StepDraft.objects.filter(review=review, step=current.slug, author=request.user).first()
    if draft is not None:
        return step_page.render_restored(request, review, current, draft)
    form, formset = step_page.bind_step(current, review)
    control = StepControlForm(
        initial={"version": review.lock_version}, slugs=step_page.GOTO_CHOICES
    )
    return step_page.render_step(request, review, current, form, formset, control)


def save_step(request, review, current: steps.Step):
    control = StepControlForm(request.POST, slugs=step_page.GOTO_CHOICES)
    # Bound to a copy: validation writes typed values onto the instance, and the page around an
    # error (heading, title) must keep showing what is saved.
    edited = copy.copy(review)
    form, formset = step_page.bind_step(current, edited, request.POST)
    if control.is_valid() and control.cleaned_data["version"] != review.lock_version:
        return step_page.render_conflict(request, review, current, formset)
    parts = [part for part in (form, formset, control) if part is not None]
    if not all([part.is_valid() for part in parts]):  # a list: validate every part, show all errors
        return step_page.render_step(request, review, current, form, formset, control, status=400)
    heading_to = steps.destination(
        current.slug, control.cleaned_data["action"], control.cleaned_data["goto"]
    )
    changes, changed_forms = step_page.row_changes(formset) if formset is not None else (None, [])
    try:
        services.save_step(
            review=edited,
            step=current,
            values=step_page.cleaned_values(form) if form is not None else {},
            rows=changes,
            expected_version=control.cleaned_data["version"],
            heading_to=heading_to if heading_to in steps.STEPS_BY_SLUG else "",
            by=request.user,
        )
    except services.InvalidRow as error:
        changed_forms[error.position].add_error(None, error)
        return step_page.render_step(request, review, current, form, formset, control, status=400)
    except ValidationError as error:  # what a hand-made POST slipped past the form
        form.add_error(None, error)
        return step_page.render_step(request, review, current, form, formset, control, status=400)
    except services.ReviewIsFinal:
        messages.error(request, step_page.FINAL_MESSAGE)
        return redirect("review_detail", pk=review.pk)
    except services.StaleReview:
        review.refresh_from_db()  # another tab saved between the check above and the save
        return step_page.render_conflict(request, review, current, formset)
    for notice in step_page.saved_notices(current, edited):
        messages.info(request, notice)
    return redirect_after_save(request, edited, heading_to)


def redirect_after_save(request, review, heading_to: str):
    if heading_to == steps.HOME:
        messages.success(request, f"Saved. Review of {review.patient_ref} is kept as a draft.")
        return redirect("home")
    if heading_to == steps.FINISH:
        return redirect("review_finish", pk=review.pk)
    return redirect("review_step", pk=review.pk, step=heading_to)


@passive
@review_view("POST")
def review_step_autosave(request, review, step: str):
    """Keep the step's input as typed so far (unvalidated), for its author only; called by the
    page every few seconds while the clinician types, and when it is left.

    The page sends only the fields changed since its last acknowledged autosave, named in
    CHANGED_FIELDS (so the body stays small at any number of trials); they are merged into the
    stored draft. A POST without CHANGED_FIELDS replaces the draft with what it carries.

    Only AUTOSAVE_OK (JSON {"saved": true} and the AUTOSAVE_HEADER) means saved: anything else
    the page gets, such as the sign-in page after the session ended, is "not saved".
    """
    current = step_page.step_of(step)
    if CHANGED_FIELDS in request.POST:
        names = set(request.POST.getlist(CHANGED_FIELDS)) - step_page.NOT_INPUT - {CHANGED_FIELDS}
        data = {name: request.POST.getlist(name) for name in names}
        base = lambda: step_page.posted_input(current, review)  # noqa: E731
    else:
        data = {
            name: values for name, values in request.POST.lists() if name not in step_page.NOT_INPUT
        }
        base = None
    try:
        services.save_step_draft(
            review=review,
            step=current,
            data=data,
            by=request.user,
            base=base,
            session=step_page.session_tag(request),
        )
    except services.ReviewIsFinal:
        return HttpResponse(status=409)
    except Review.DoesNotExist:  # discarded in another tab while this one typed
        raise Http404 from None
    return autosave_ok()


CHANGED_FIELDS = "_changed"
AUTOSAVE_HEADER = "X-TRD-Autosave"


def autosave_ok() -> JsonResponse:
    response = JsonResponse({"saved": True})
    response[AUTOSAVE_HEADER] = "saved"
    return response


@review_view("POST")
def review_step_discard(request, review, step: str):
    current = step_page.step_of(step)
    services.discard_step_draft(review=review, step=current, by=request.user)
    messages.info(request, "The restored input was discarded; the page shows what is saved.")
    return redirect("review_step", pk=review.pk, step=current.slug)


@review_view("GET", "POST")
def review_finish(request, review):
    if review.is_final:
        messages.info(request, step_page.FINAL_MESSAGE)
        return redirect("review_detail", pk=review.pk)
    form = VersionForm(request.POST or None, initial={"version": review.lock_version})
    if request.method == "POST" and form.is_valid():
        try:
            services.finalise_review(
                review=review, expected_version=form.cleaned_data["version"], by=request.user
            )
        except services.StaleReview:
            messages.error(
                request,
                "This review was saved from another tab or window since this page was opened. "
                "Check the summary below, then finalise again.",
            )
            return redirect("review_finish", pk=review.pk)
        except services.ReviewIsFinal:
            pass
        messages.success(request, "The review is final.")
        return redirect("review_detail", pk=review.pk)
    if request.method == "GET":
        audit.record(audit.Action.VIEW, review=review, detail="finish page")
    context = {
        "review": review,
        "form": form,
        "progress": steps.progress(None, review.completed_steps),
    }
    return render(request, "reviews/finish.html", context)
