"""Request handling: fetch through the access helper, validate with a form, call a service."""

import copy
import csv

from django.conf import settings
from django.contrib import messages
from django.forms.utils import ErrorDict
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseNotAllowed,
    JsonResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import ListView

from reviews import audit, catalogue, charts, drugs, history, listing, rules, services, steps
from reviews.access import get_review_for, reviews_for
from reviews.forms import (
    AmendForm,
    KeepSignedInForm,
    PdfOptionsForm,
    ReviewDatesMixin,
    StartReviewForm,
    StepControlForm,
    VersionForm,
)
from reviews.interchange import export_review
from reviews.middleware import passive
from reviews.models import AuditEvent, Review, StepDraft
from reviews.pdf import render_pdf
from reviews.rules import trial_weeks
from reviews.summary import ROW_RELATIONS, build_summary

CONFLICT_MESSAGE = (
    "This review was saved from another tab or window while this page was open, so your input "
    "below was not saved. Check it, then save again to keep it."
)
FINAL_MESSAGE = "This review is final and can no longer be changed."
GOTO_CHOICES = (*steps.SLUGS, steps.FINISH)
NOT_INPUT = {"csrfmiddlewaretoken"}


class ReviewListView(ListView):
    """The practice's reviews, the newest version of each, narrowed by a search that is POSTed
    and kept in the session: URLs carry an opaque token, never a patient reference (see
    reviews.listing)."""

    template_name = "reviews/home.html"
    context_object_name = "reviews"
    paginate_by = listing.PAGE_SIZE

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        page_form = listing.ListPageForm(request.GET)
        self.token = page_form.value("q", "")
        self.sort = page_form.value("sort", listing.DEFAULT_SORT)
        self.page_number = page_form.value("page", 1)
        self.posted_form = None

    def post(self, request, *args, **kwargs):
        form = listing.ReviewSearchForm(request.POST, practice_id=request.user.practice_id)
        if not form.is_valid():
            self.posted_form = form
            response = self.get(request, *args, **kwargs)
            response.status_code = 400
            return response
        used = form.used()
        audit.record(audit.Action.SEARCH, detail=("by " + ", ".join(used)) if used else "all")
        self.token = listing.keep_search(request.session, form.stored())
        self.sort = listing.ListPageForm(request.POST).value("sort", listing.DEFAULT_SORT)
        self.page_number = 1
        return redirect(self.list_url("home"))

    def get_queryset(self):
        kept = listing.kept_search(
            self.request.session, self.token, practice_id=self.request.user.practice_id
        )
        if kept.expired:
            messages.info(self.request, "That search has expired. Search again.")
            self.token = ""
        self.search_form = self.posted_form or kept.form
        self.criteria = kept.criteria
        return listing.matching(self.request.user, kept.criteria)

    def paginate_queryset(self, queryset, page_size):
        page = listing.page_of(queryset, sort=self.sort, number=self.page_number, size=page_size)
        return None, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context.update(
            search_form=self.search_form,
            sort_form=listing.ListPageForm(initial={"sort": self.sort}),
            token=self.token,
            sort=self.sort,
            searching=self.criteria is not None,
            previous_url=self.list_url("home", page.number - 1) if page.has_previous else "",
            next_url=self.list_url("home", page.number + 1) if page.has_next else "",
            csv_url=self.list_url("reviews_csv"),
            min_trial_weeks=settings.TRDREVIEW_MIN_TRIAL_WEEKS,
        )
        return context

    def list_url(self, name: str, page: int = 1) -> str:
        """The list (or its CSV) with the current search token, sort and page: nothing else."""
        query = {"q": self.token, "sort": self.sort, "page": page}
        defaults = {"q": "", "sort": listing.DEFAULT_SORT, "page": 1}
        kept = {key: value for key, value in query.items() if value != defaults[key]}
        return reverse(name) + (f"?{urlencode(kept)}" if kept else "")


home = ReviewListView.as_view()


def reviews_csv(request):
    """The list as CSV: every review the kept search matches, in its sort, the list's columns."""
    page_form = listing.ListPageForm(request.GET)
    token = page_form.value("q", "")
    kept = listing.kept_search(request.session, token, practice_id=request.user.practice_id)
    if kept.expired or (token and kept.criteria is None):
        messages.info(request, "That search has expired. Search again, then download.")
        return redirect("home")
    matched = listing.matching(request.user, kept.criteria)
    sort = page_form.value("sort", listing.DEFAULT_SORT)
    audit.record(audit.Action.EXPORT, detail="list as CSV" + (", searched" if token else ""))
    writer = csv.writer(EchoBuffer())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in listing.csv_rows(matched, sort)),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"trd-reviews-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class EchoBuffer:
    """A file for csv.writer that hands each written line back, for streaming."""

    def write(self, value: str) -> str:
        return value


def review_history(request, pk: int):
    """Every review of this review's patient in the practice (the newest version of each), in
    visit order: the trials and severity scores across them on one time axis, and what each
    review records differently from the one before. Reached by the review's id, so the patient
    reference stays out of the URL."""
    review = get_review_for(request.user, pk)
    reviews = list(
        reviews_for(request.user)
        .filter(patient_ref=review.patient_ref, amended_by__isnull=True)
        .select_related("clinician")
        .prefetch_related(*ROW_RELATIONS)
        .order_by("visit_date", "pk")
    )
    audit.record(audit.Action.VIEW, review=review, detail="patient history")
    exported = [export_review(each) for each in reviews]
    min_weeks = settings.TRDREVIEW_MIN_TRIAL_WEEKS
    entries = [
        {
            "review": each,
            "facts": rules.compute_facts(data, min_trial_weeks=min_weeks),
            "changes": history.changes_between(exported[index - 1], data) if index else None,
            "previous": reviews[index - 1] if index else None,
        }
        for index, (each, data) in enumerate(zip(reviews, exported, strict=True))
    ]
    points = history.severity_points(exported)
    bars = history.history_bars(exported)
    latest_visit = reviews[-1].visit_date if reviews else review.visit_date
    context = {
        "review": review,
        "entries": entries,
        "timeline": charts.timeline_svg_for(bars, latest_visit, id_prefix="history"),
        "timeline_bars": bars,  # the chart's text alternative lists them
        "severity_chart": charts.severity_svg(points),
        "severity_points": points,
        "min_trial_weeks": min_weeks,
    }
    return render(request, "reviews/history.html", context)


def review_follow_up(request, pk: int):
    """Start a follow-up review of the same patient (POST only; access is checked first, so
    anyone outside the practice gets the same 404 whatever they send)."""
    review = get_review_for(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    follow_up = services.start_follow_up(review=review, clinician=request.user)
    messages.success(
        request,
        f"Follow-up review started as a draft dated {follow_up.visit_date:%Y-%m-%d}. Medication "
        f"trials, psychotherapies, procedures, physical health, differentials and pharmacogenomic "
        f"testing were carried forward from the review of {review.visit_date:%Y-%m-%d}, ready "
        f"to update.",
    )
    return redirect("review_step", pk=follow_up.pk, step=services.FOLLOW_UP_OPENS_ON)


def review_export_json(request, pk: int):
    """The review in the interchange format (DESIGN.md §5), as a download named by id and visit
    date only."""
    review = get_review_for(request.user, pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    audit.record(audit.Action.EXPORT, review=review, detail="JSON")
    response = JsonResponse(
        export_review(review), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    filename = f"trd-review-{review.pk}-{review.visit_date:%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


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
        draft = StepDraft.objects.filter(
            review=review, step=current.slug, author=request.user
        ).first()
        if draft is not None:
            return render_restored(request, review, current, draft)
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
            author=request.user,
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


def render_restored(request, review, step, draft):
    """The step as the clinician left it, from their autosaved draft: shown, not yet checked.
    Saving validates it like any input (and answers a stale version with the conflict page)."""
    data = QueryDict(mutable=True)
    for name, values in draft.data.items():
        data.setlist(name, values)
    form, formset = bind_step(step, copy.copy(review), data)
    control = StepControlForm(data, slugs=GOTO_CHOICES)
    # Not validated yet: an unfinished date is no error until the clinician saves.
    for part in (form, control, *(formset.forms if formset is not None else ())):
        if part is not None:
            part._errors = ErrorDict()
    if formset is not None:
        formset._errors, formset._non_form_errors = [], formset.error_class()
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


def render_step(request, review, step, form, formset, control, status=200, restored=False):
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
    }
    if step.slug == "medication":
        note_saved_weeks(formset, review)
    return render(request, "reviews/step.html", context, status=status)


def note_saved_weeks(formset, review) -> None:
    """Give each saved trial's form the weeks the summary counts, to show beside the row."""
    for form in formset.forms:
        trial = form.instance
        if trial.pk:
            row = {"weeks": trial.weeks, "start": trial.start, "end": trial.end}
            form.saved_weeks = trial_weeks(row, review.visit_date)


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


def posted_step(request, pk: int, step: str):
    """The review and step of a POST-only URL. Access is checked before the method, so anyone
    outside the practice gets the same 404 whatever they send."""
    review = get_review_for(request.user, pk)
    current = steps.STEPS_BY_SLUG.get(step)
    if current is None:
        raise Http404("No such step")
    return review, current


@passive
def review_step_autosave(request, pk: int, step: str):
    """Keep the step's input as typed so far (unvalidated), for its author only. Answers 204;
    called by the page every few seconds while the clinician types, and when it is left."""
    review, current = posted_step(request, pk, step)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    data = {name: values for name, values in request.POST.lists() if name not in NOT_INPUT}
    try:
        services.save_step_draft(review=review, step=current, author=request.user, data=data)
    except services.ReviewIsFinal:
        return HttpResponse(status=409)
    return HttpResponse(status=204)


def review_step_discard(request, pk: int, step: str):
    review, current = posted_step(request, pk, step)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.discard_step_draft(review=review, step=current, author=request.user)
    messages.info(request, "The restored input was discarded; the page shows what is saved.")
    return redirect("review_step", pk=review.pk, step=current.slug)


@require_POST
def keep_signed_in(request):
    """ "Stay signed in": a request that counts as activity, and nothing else."""
    form = KeepSignedInForm(request.POST, host=request.get_host())
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return redirect(form.cleaned_data["next"] if form.is_valid() else "home")


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
