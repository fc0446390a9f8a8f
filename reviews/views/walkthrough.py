"""The walk-through: start a review, show and save its steps (with autosave and discard of the
autosaved input), resume where it was left, and finish it."""

import copy
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import CheckboxInput, RadioSelect
from django.forms.formsets import BaseFormSet
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from reviews import audit, selectors, services, steps
from reviews.exports.interchange import export_review
from reviews.facts import drugs, trials
from reviews.forms import ReviewDatesMixin, StartReviewForm, StepControlForm, VersionForm
from reviews.middleware import passive
from reviews.models import Review, StepDraft
from reviews.views.common import review_view

CONFLICT_MESSAGE = (
    "This review was saved from another tab or window while this page was open, so your input "
    "below was not saved. Check it, then save again to keep it."
)
FINAL_MESSAGE = "This review is final and can no longer be changed."
GOTO_CHOICES = (*steps.SLUGS, steps.FINISH)
NOT_INPUT = {"csrfmiddlewaretoken"}


@require_http_methods(["GET", "POST"])
def review_start(request):
    form = StartReviewForm(request.POST or None, initial={"start_token": uuid.uuid4()})
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


def step_of(slug: str) -> steps.Step:
    current = steps.STEPS_BY_SLUG.get(slug)
    if current is None:
        raise Http404("No such step")
    return current


@review_view("GET", "POST")
def review_step(request, review, step: str):
    current = step_of(step)
    if review.is_final:
        messages.info(request, FINAL_MESSAGE)
        return redirect("review_detail", pk=review.pk)
    if request.method == "POST":
        return save_step(request, review, current)
    audit.record(audit.Action.VIEW, review=review, detail=f"step {current.slug}")
    draft = StepDraft.objects.filter(review=review, step=current.slug, author=request.user).first()
    if draft is not None:
        return render_restored(request, review, current, draft)
    form, formset = bind_step(current, review)
    control = StepControlForm(initial={"version": review.version}, slugs=GOTO_CHOICES)
    return render_step(request, review, current, form, formset, control)


def save_step(request, review, current: steps.Step):
    control = StepControlForm(request.POST, slugs=GOTO_CHOICES)
    # Bound to a copy: validation writes typed values onto the instance, and the page around an
    # error (heading, title) must keep showing what is saved.
    edited = copy.copy(review)
    form, formset = bind_step(current, edited, request.POST)
    if control.is_valid() and control.cleaned_data["version"] != review.version:
        return render_conflict(request, review, current, formset)
    parts = [part for part in (form, formset, control) if part is not None]
    if not all([part.is_valid() for part in parts]):  # a list: validate every part, show all errors
        return render_step(request, review, current, form, formset, control, status=400)
    heading_to = steps.destination(
        current.slug, control.cleaned_data["action"], control.cleaned_data["goto"]
    )
    changes, changed_forms = row_changes(formset) if formset is not None else (None, [])
    try:
        services.save_step(
            review=edited,
            step=current,
            values=cleaned_values(form) if form is not None else {},
            rows=changes,
            expected_version=control.cleaned_data["version"],
            heading_to=heading_to if heading_to in steps.STEPS_BY_SLUG else "",
            by=request.user,
        )
    except services.InvalidRow as error:
        changed_forms[error.position].add_error(None, error)
        return render_step(request, review, current, form, formset, control, status=400)
    except ValidationError as error:  # what a hand-made POST slipped past the form
        form.add_error(None, error)
        return render_step(request, review, current, form, formset, control, status=400)
    except services.ReviewIsFinal:
        messages.error(request, FINAL_MESSAGE)
        return redirect("review_detail", pk=review.pk)
    except services.StaleReview:
        review.refresh_from_db()  # another tab saved between the check above and the save
        return render_conflict(request, review, current, formset)
    return redirect_after_save(request, edited, heading_to)


def redirect_after_save(request, review, heading_to: str):
    if heading_to == steps.HOME:
        messages.success(request, f"Saved. Review of {review.patient_ref} is kept as a draft.")
        return redirect("home")
    if heading_to == steps.FINISH:
        return redirect("review_finish", pk=review.pk)
    return redirect("review_step", pk=review.pk, step=heading_to)


def cleaned_values(form) -> dict:
    """A validated model form's values for the fields it edits, as the form applied them to its
    instance (a field left out of the POST keeps its stored value, as Django's forms do)."""
    return {name: getattr(form.instance, name) for name in form.Meta.fields}


def row_changes(formset) -> tuple[services.RowChanges, list]:
    """A validated formset as the rows to keep (changed or new, with their ids) and to remove;
    and the forms of the kept rows, in the same order, to show an error on."""
    kept, removed, forms = [], [], []
    for form in formset.forms:
        saved = form.cleaned_data.get("id")  # the row's instance; None for a new row
        if form.cleaned_data.get("DELETE"):
            removed += [saved.pk] if saved is not None else []
        elif form.has_changed():
            kept.append((saved.pk if saved is not None else None, cleaned_values(form)))
            forms.append(form)
    return services.RowChanges(kept=tuple(kept), removed=tuple(removed)), forms


def bind_step(step: steps.Step, review, data=None):
    """The step's form and formset, bound to the review (and to `data` when posted)."""
    dates = {"visit_date": review.visit_date}
    form = None
    if step.form is not None:
        kwargs = dates if issubclass(step.form, ReviewDatesMixin) else {}
        form = step.form(data, instance=review, **kwargs)
    formset = step.formset(data, instance=review, form_kwargs=dates) if step.formset else None
    return form, formset


def without_errors(*parts) -> None:
    """Drop the errors of validated forms and formsets, through their public error containers:
    the values still show as typed, but nothing is marked wrong."""
    for part in parts:
        if isinstance(part, BaseFormSet):
            part.non_form_errors().clear()
            without_errors(*part.forms)
        elif part is not None:
            part.errors.clear()


def render_restored(request, review, step, draft):
    """The step as the clinician left it, from their autosaved draft: shown, not yet checked.
    Saving validates it like any input (and answers a stale version with the conflict page)."""
    data = QueryDict(mutable=True)
    for name, values in draft.data.items():
        data.setlist(name, values)
    form, formset = bind_step(step, copy.copy(review), data)
    control = StepControlForm(data, slugs=GOTO_CHOICES)
    # Not a submission yet: an unfinished date is no error until the clinician saves.
    without_errors(form, formset, control)
    messages.info(
        request,
        f"Your unsaved input from {timezone.localtime(draft.saved_at):%H:%M} was restored. "
        "Save to keep it, or discard it.",
    )
    return render_step(request, review, step, form, formset, control, restored=True)


def render_conflict(request, review, step, formset):
    """The page as the clinician posted it, marked as not saved, ready to save over the newer
    version on purpose. Rows the other tab removed come back as new rows if saved again."""
    data = request.POST.copy()
    data["version"] = str(review.version)
    if formset is not None:
        existing = {str(pk) for pk in formset.get_queryset().values_list("pk", flat=True)}
        for row in formset.forms:
            key = row.add_prefix("id")
            if data.get(key) and data[key] not in existing:
                data[key] = ""
    form, formset = bind_step(step, copy.copy(review), data)
    control = StepControlForm(data, slugs=GOTO_CHOICES)
    messages.error(request, CONFLICT_MESSAGE)
    return render_step(request, review, step, form, formset, control, status=409)


def render_step(
    request, review, step, form, formset, control, status=200, restored=False, filled_from=None
):
    if step.slug == "medication":
        note_saved_weeks(formset, review)
    if request.method == "POST" and control.is_bound:
        # Input shown but not saved (a refused save, a conflict, "Same as") is kept as the draft,
        # so leaving the page loses nothing and the page's autosave of changes builds on it.
        data = {name: values for name, values in control.data.lists() if name not in NOT_INPUT}
        services.save_step_draft(review=review, step=step, data=data, by=request.user)
    context = {
        "review": review,
        "step": step,
        "step_number": steps.step_number(step.slug),
        "step_count": len(steps.STEPS),
        "progress": steps.progress(step.slug, review.completed_steps),
        "previous_slug": steps.previous_slug(step.slug),
        "form": form,
        "formset": formset,
        "control": control,
        "drug_classes": dict(drugs.DRUG_CLASS_BY_NAME) if step.slug == "medication" else None,
        "status_code": status,
        "restored": restored,
        "same_as": selectors.same_as_offer(review, step.section) if step.section else None,
        "filled_from": filled_from,  # the review whose answers "Same as" just filled in
    }
    return render(request, "reviews/step.html", context, status=status)


def note_saved_weeks(formset, review) -> None:
    """Give each saved trial's form what the summary makes of it, to show beside the row."""
    notes = trials.row_notes(export_review(review), min_weeks=settings.TRDREVIEW_MIN_TRIAL_WEEKS)
    saved = [form for form in formset.forms if form.instance.pk]
    for index, form in enumerate(saved):
        form.saved_note = notes.get(index, "")


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
    current = step_of(step)
    if CHANGED_FIELDS in request.POST:
        names = set(request.POST.getlist(CHANGED_FIELDS)) - NOT_INPUT - {CHANGED_FIELDS}
        data = {name: request.POST.getlist(name) for name in names}
        base = lambda: posted_input(current, review)  # noqa: E731
    else:
        data = {name: values for name, values in request.POST.lists() if name not in NOT_INPUT}
        base = None
    try:
        services.save_step_draft(review=review, step=current, data=data, by=request.user, base=base)
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


def posted_input(step: steps.Step, review) -> dict[str, list[str]]:
    """The step's saved input as its page would post it unchanged: the base an autosave of the
    changed fields only is merged into when no draft is stored yet."""
    form, formset = bind_step(step, review)
    control = StepControlForm(initial={"version": review.version}, slugs=GOTO_CHOICES)
    parts = [form, control, *([formset.management_form, *formset.forms] if formset else [])]
    data = {}
    for part in parts:
        for field in part or ():
            if field.name in StepControlForm.base_fields and field.name != "version":
                continue  # the buttons' action and destination: posted only by a button
            values = as_posted(field)
            if values:
                data[field.html_name] = values
    return data


def as_posted(bound_field) -> list[str]:
    """What a browser posts for the field as the page shows it."""
    widget = bound_field.field.widget
    value = bound_field.value()
    if isinstance(widget, CheckboxInput):
        return ["on"] if widget.check_test(value) else []
    formatted = widget.format_value(value)
    if isinstance(formatted, list):
        return [str(item) for item in formatted]
    return [] if formatted is None and isinstance(widget, RadioSelect) else [formatted or ""]


@review_view("POST")
def review_step_discard(request, review, step: str):
    current = step_of(step)
    services.discard_step_draft(review=review, step=current, by=request.user)
    messages.info(request, "The restored input was discarded; the page shows what is saved.")
    return redirect("review_step", pk=review.pk, step=current.slug)


@review_view("GET", "POST")
def review_finish(request, review):
    if review.is_final:
        messages.info(request, FINAL_MESSAGE)
        return redirect("review_detail", pk=review.pk)
    form = VersionForm(request.POST or None, initial={"version": review.version})
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
