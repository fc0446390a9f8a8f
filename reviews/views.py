"""Request handling: fetch through the access helper, validate with a form, call a service."""

import copy

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django.views.generic import ListView

from reviews import audit, catalogue, drugs, services, steps
from reviews.access import get_review_for, reviews_for
from reviews.forms import (
    AmendForm,
    PdfOptionsForm,
    ReviewDatesMixin,
    StartReviewForm,
    StepControlForm,
    VersionForm,
)
from reviews.models import AuditEvent, Review
from reviews.pdf import render_pdf
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
        # Only the newest revision of each review; older ones are reached from it.
        return (
            reviews_for(self.request.user)
            .filter(amended_by__isnull=True)
            .select_related("clinician")
            .order_by("-updated_at")
        )


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
        audit.record(audit.Action.VIEW, review=review, detail=f"step {current.slug}")
        form, formset = bind_step(current, review)
        control = StepControlForm(initial={"version": review.version}, slugs=GOTO_CHOICES)
        return render_step(request, review, current, form, formset, control)

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
    try:
        services.save_step(
            review=edited,
            step=current,
            form=form,
            formset=formset,
            expected_version=control.cleaned_data["version"],
            heading_to=heading_to if heading_to in steps.STEPS_BY_SLUG else "",
        )
    except services.ReviewIsFinal:
        messages.error(request, FINAL_MESSAGE)
        return redirect("review_detail", pk=review.pk)
    except services.StaleReview:
        # Another tab saved between our check above and the save.
        review.refresh_from_db()
        return render_conflict(request, review, current, formset)

    if heading_to == steps.HOME:
        messages.success(request, f"Saved. Review of {edited.patient_ref} is kept as a draft.")
        return redirect("home")
    if heading_to == steps.FINISH:
        return redirect("review_finish", pk=review.pk)
    return redirect("review_step", pk=review.pk, step=heading_to)


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
        "status_code": status,
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
    audit.record(audit.Action.VIEW, review=review)
    context = {
        "review": review,
        "summary": build_summary(review),
        "safety_note": catalogue.SAFETY_NOTE,
        "disclaimer": catalogue.DISCLAIMER,
        "amended_by": Review.objects.filter(amends=review).only("pk", "revision").first(),
        "history": AuditEvent.objects.filter(review_id=review.pk).select_related("user")[:200],
    }
    return render(request, "reviews/detail.html", context)


def review_pdf(request, pk: int):
    """The PDF summary, inline (or as a download), named by review id and visit date only."""
    review = get_review_for(request.user, pk)
    options = PdfOptionsForm(request.GET)
    paper, download = ("a4", False)
    if options.is_valid():
        paper, download = options.cleaned_data["paper"] or "a4", options.cleaned_data["download"]
    audit.record(audit.Action.PDF, review=review, detail=f"paper {paper}")
    response = HttpResponse(render_pdf(build_summary(review), paper=paper), "application/pdf")
    disposition = "attachment" if download else "inline"
    filename = f"trd-review-{review.pk}-{review.visit_date:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def review_amend(request, pk: int):
    review = get_review_for(request.user, pk)
    form = AmendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            amendment = services.amend_review(
                review=review, clinician=request.user, reason=form.cleaned_data["reason"]
            )
        except services.NotFinal:
            messages.info(request, "This review is a draft: it can be changed directly.")
            return redirect("review_resume", pk=review.pk)
        except services.AlreadyAmended:
            messages.info(request, "This version has been amended already; the newer one opens.")
            newer = Review.objects.get(amends=review)
            return redirect("review_detail", pk=newer.pk)
        messages.success(
            request,
            f"Version {amendment.revision} started as a draft. "
            f"Version {review.revision} stays as it was.",
        )
        return redirect("review_step", pk=amendment.pk, step=steps.FIRST_STEP)
    return render(request, "reviews/amend.html", {"review": review, "form": form})
