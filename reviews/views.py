"""Request handling: fetch through the access helper, validate with a form, call a service."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django.views.generic import ListView

from reviews import catalogue, drugs, services, steps
from reviews.access import get_review_for, reviews_for
from reviews.forms import ReviewDatesMixin, StartReviewForm, StepControlForm, VersionForm
from reviews.rules import trial_weeks
from reviews.summary import build_summary

CONFLICT_MESSAGE = (
    "This review was saved from another tab or window while this page was open, so your input "
    "below was not saved. Check it, then save again to keep it."
)
FINAL_MESSAGE = "This review is final and can no longer be changed."
GOTO_CHOICES = (*steps.SLUGS, steps.FINISH)


class ReviewListView(ListView):
    template_name = "reviews/home.html"
    context_object_name = "reviews"
    paginate_by = 50

    def get_queryset(self):
        return reviews_for(self.request.user).select_related("clinician").order_by("-updated_at")


home = ReviewListView.as_view()


@require_http_methods(["GET", "POST"])
def review_start(request):
    form = StartReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        review = services.start_review(clinician=request.user, **form.cleaned_data)
        return redirect("review_step", pk=review.pk, step=steps.next_slug(steps.FIRST_STEP))
    return render(request, "reviews/start.html", {"form": form})


def review_resume(request, pk: int):
    review = get_review_for(request.user, pk)
    if review.is_final:
        return redirect("review_detail", pk=review.pk)
    slug = steps.resume_slug(review.last_step, review.completed_steps)
    return redirect("review_step", pk=review.pk, step=slug)


def bind_step(step: steps.Step, review, data=None):
    """The step's form and formset, bound to the review (and to `data` when posted)."""
    dates = {"visit_date": review.visit_date}
    form = None
    if step.form is not None:
        kwargs = dates if issubclass(step.form, ReviewDatesMixin) else {}
        form = step.form(data, instance=review, **kwargs)
    formset = step.formset(data, instance=review, form_kwargs=dates) if step.formset else None
    return form, formset


@require_http_methods(["GET", "POST"])
def review_step(request, pk: int, step: str):
    review = get_review_for(request.user, pk)
    current = steps.STEPS_BY_SLUG.get(step)
    if current is None:
        raise Http404("No such step")
    if review.is_final:
        messages.info(request, FINAL_MESSAGE)
        return redirect("review_detail", pk=review.pk)

    if request.method == "GET":
        form, formset = bind_step(current, review)
        control = StepControlForm(initial={"version": review.version}, slugs=GOTO_CHOICES)
        return render_step(request, review, current, form, formset, control)

    form, formset = bind_step(current, review, request.POST)
    control = StepControlForm(request.POST, slugs=GOTO_CHOICES)
    parts = [part for part in (form, formset, control) if part is not None]
    if not all([part.is_valid() for part in parts]):  # a list: validate every part, show all errors
        return render_step(request, review, current, form, formset, control, status=400)

    heading_to = steps.destination(
        current.slug, control.cleaned_data["action"], control.cleaned_data["goto"]
    )
    try:
        services.save_step(
            review=review,
            step=current,
            form=form,
            formset=formset,
            expected_version=control.cleaned_data["version"],
            heading_to=heading_to if heading_to in steps.STEPS_BY_SLUG else "",
        )
    except services.ReviewIsFinal:
        messages.error(request, FINAL_MESSAGE)
        return redirect("review_detail", pk=review.pk)
    except services.StaleReview as stale:
        # Keep the clinician's input on screen; saving again is a deliberate overwrite.
        data = request.POST.copy()
        data["version"] = str(stale.current_version)
        control = StepControlForm(data, slugs=GOTO_CHOICES)
        messages.error(request, CONFLICT_MESSAGE)
        return render_step(request, review, current, form, formset, control, status=409)

    if heading_to == steps.HOME:
        messages.success(request, f"Saved. Review of {review.patient_ref} is kept as a draft.")
        return redirect("home")
    if heading_to == steps.FINISH:
        return redirect("review_finish", pk=review.pk)
    return redirect("review_step", pk=review.pk, step=heading_to)


def render_step(request, review, step, form, formset, control, status=200):
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
    }
    if step.slug == "medication":
        note_saved_weeks(formset, review)
    return render(request, "reviews/step.html", context, status=status)


def note_saved_weeks(formset, review) -> None:
    """Give each saved trial's form the weeks the summary counts, to show beside the row."""
    for form in formset.forms:
        trial = form.instance
        if trial.pk:
            form.saved_weeks = trial_weeks(
                {
                    "weeks": trial.weeks,
                    "start": trial.start.isoformat() if trial.start else None,
                    "end": trial.end.isoformat() if trial.end else None,
                },
                review.visit_date,
            )


@require_http_methods(["GET", "POST"])
def review_finish(request, pk: int):
    review = get_review_for(request.user, pk)
    if review.is_final:
        messages.info(request, FINAL_MESSAGE)
        return redirect("review_detail", pk=review.pk)
    form = VersionForm(request.POST or None, initial={"version": review.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.finalise_review(review=review, expected_version=form.cleaned_data["version"])
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
    context = {
        "review": review,
        "form": form,
        "progress": steps.progress(None, review.completed_steps),
    }
    return render(request, "reviews/finish.html", context)


def review_detail(request, pk: int):
    review = get_review_for(request.user, pk)
    context = {
        "review": review,
        "summary": build_summary(review),
        "safety_note": catalogue.SAFETY_NOTE,
        "disclaimer": catalogue.DISCLAIMER,
    }
    return render(request, "reviews/detail.html", context)
