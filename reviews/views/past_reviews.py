"""Past reviews: the practice's list and its CSV, a patient's timeline (their reviews over
time), and the two ways to go on from a review (a follow-up of the patient, an amendment of a
final review)."""

import csv

from django.conf import settings
from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from reviews import audit, schema, selectors, services, steps
from reviews.access import AuthenticatedRequest
from reviews.charts import timeline as charts
from reviews.charts.severity import severity_svg
from reviews.choices import Status
from reviews.exports.interchange import export_review
from reviews.exports.list_csv import EchoBuffer, csv_rows
from reviews.facts import patient_timeline, phrases, trials
from reviews.forms import AmendForm
from reviews.kept_searches import keep_search, kept_search
from reviews.models import Review
from reviews.pagination import PAGE_SIZE, page_of
from reviews.reading import ROW_RELATIONS
from reviews.search import DEFAULT_SORT, ListPageForm, ReviewSearchForm, column_sorts
from reviews.views.common import review_view


class ReviewListView(ListView):
    """The practice's reviews, the newest version of each, narrowed by a search that is POSTed
    and kept in the session: URLs carry an opaque token, never a patient reference (see
    reviews.kept_searches)."""

    request: AuthenticatedRequest
    template_name = "reviews/home.html"
    context_object_name = "reviews"
    paginate_by = PAGE_SIZE
    http_method_names = ["get", "post"]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        page_form = ListPageForm(request.GET)
        self.token = page_form.value("q", "")
        self.sort = page_form.value("sort", DEFAULT_SORT)
        self.page_number = page_form.value("page", 1)
        self.posted_form = None
        self.search_invalid = False

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if request.method == "GET":  # a refused search is shown by post(), not viewed
            searched = ", searched" if self.criteria is not None else ""
            audit.record(audit.Action.VIEW, detail=f"list, page {self.page_number}{searched}")
        return response

    def post(self, request, *args, **kwargs):
        form = ReviewSearchForm(request.POST, practice_id=request.user.practice_id)
        if not form.is_valid():
            self.posted_form = form
            response = self.get(request, *args, **kwargs)
            response.status_code = 400
            return response
        used = form.used()
        audit.record(audit.Action.SEARCH, detail=("by " + ", ".join(used)) if used else "all")
        self.token = keep_search(request.session, form.stored())
        self.sort = ListPageForm(request.POST).value("sort", DEFAULT_SORT)
        self.page_number = 1
        return redirect(self.list_url("home"))

    def get_queryset(self):
        kept = kept_search(
            self.request.session, self.token, practice_id=self.request.user.practice_id
        )
        if kept.expired:
            messages.info(self.request, "That search has expired. Search again.")
            self.token = ""
        self.search_form = self.posted_form or kept.form
        self.criteria = kept.criteria
        # A refused search lists nothing: a count of every review under a search's errors
        # would read as that search's result.
        self.search_invalid = self.posted_form is not None or kept.invalid
        if self.search_invalid:
            return Review.objects.none()
        return selectors.list_matches(self.request.user, kept.criteria)

    def paginate_queryset(self, queryset, page_size):
        page = page_of(queryset, sort=self.sort, number=self.page_number, size=page_size)
        return None, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        sorts = {
            column: {"header": header, "url": self.list_url("home", sort=header.next_sort)}
            for column, header in column_sorts(self.sort).items()
        }
        context.update(
            search_form=self.search_form,
            search_invalid=self.search_invalid,
            sorts=sorts,
            token=self.token,
            sort=self.sort,
            searching=self.criteria is not None,
            previous_url=self.list_url("home", page.number - 1) if page.has_previous else "",
            next_url=self.list_url("home", page.number + 1) if page.has_next else "",
            csv_url=self.list_url("reviews_csv"),
            min_trial_weeks=settings.TRDREVIEW_MIN_TRIAL_WEEKS,
            count_rules=" ".join(trials.COUNT_RULES),
        )
        return context

    def list_url(self, name: str, page: int = 1, sort: str = "") -> str:
        """The list (or its CSV) with the current search token, sort and page: nothing else."""
        query = {"q": self.token, "sort": sort or self.sort, "page": page}
        defaults = {"q": "", "sort": DEFAULT_SORT, "page": 1}
        kept = {key: value for key, value in query.items() if value != defaults[key]}
        return reverse(name) + (f"?{urlencode(kept)}" if kept else "")


home = ReviewListView.as_view()


@require_GET
def reviews_csv(request):
    """The list as CSV: every review the kept search matches, in its sort, the list's columns."""
    page_form = ListPageForm(request.GET)
    token = page_form.value("q", "")
    kept = kept_search(request.session, token, practice_id=request.user.practice_id)
    if kept.expired or (token and kept.criteria is None):
        messages.info(request, "That search can no longer be run. Search again, then download.")
        return redirect("home")
    matched = selectors.list_matches(request.user, kept.criteria)
    sort = page_form.value("sort", DEFAULT_SORT)
    audit.record(audit.Action.EXPORT, detail="list as CSV" + (", searched" if token else ""))
    writer = csv.writer(EchoBuffer())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in csv_rows(matched, sort)),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"trd-reviews-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@review_view("GET")
def patient_timeline_page(request, review):
    """Every review of this review's patient in the practice (the newest version of each), in
    visit order. Reached by the review's id, so the patient reference stays out of the URL."""
    reviews = list(
        selectors.patient_reviews(selectors.practice_reviews(request.user), review.patient_ref)
        .select_related("clinician")
        .prefetch_related(*ROW_RELATIONS)
    )
    audit.record(audit.Action.VIEW, review=review, detail="patient timeline")
    context = {"review": review, **timeline_context(reviews, review)}
    return render(request, "reviews/patient_timeline.html", context)


def timeline_context(reviews: list[Review], review: Review) -> dict:
    """The page's data: each review with its facts and what changed since the one before, the
    trials on one time axis and the severity scores."""
    exported = [export_review(each) for each in reviews]
    min_weeks = settings.TRDREVIEW_MIN_TRIAL_WEEKS
    entries = [
        {
            "review": each,
            "changes": patient_timeline.changes_between(exported[index - 1], data)
            if index
            else None,
            "previous": reviews[index - 1] if index else None,
        }
        for index, (each, data) in enumerate(zip(reviews, exported, strict=True))
    ]
    points = patient_timeline.severity_points(exported)
    bars = patient_timeline.timeline_bars(exported)
    latest_visit = reviews[-1].visit_date if reviews else review.visit_date
    return {
        "entries": entries,
        "timeline": charts.timeline_svg_for(bars, latest_visit),
        "timeline_bars": bars,  # the chart's text alternative lists them
        "severity_chart": severity_svg(points),
        "severity_points": points,
        "min_trial_weeks": min_weeks,
        "count_rules": " ".join(trials.COUNT_RULES),
    }


@review_view("POST")
def review_follow_up(request, review):
    """Start a follow-up review of the same patient, or open the one already started."""
    was_open = review.follow_ups.filter(status=Status.DRAFT).exists()
    follow_up = services.start_follow_up(review=review, by=request.user)
    if was_open:
        messages.info(request, "A follow-up of this review was started already; it opens here.")
        return redirect("review_resume", pk=follow_up.pk)
    carried = phrases.capitalised(phrases.in_words(schema.carried_names()))
    afresh = phrases.in_words([section.title.lower() for section in schema.ASKED_AFRESH])
    messages.success(
        request,
        f"Follow-up review started as a draft dated {follow_up.visit_date:%Y-%m-%d}. {carried} "
        f"were carried forward from the review of {review.visit_date:%Y-%m-%d}, ready to update. "
        f"{phrases.capitalised(afresh)} are asked afresh; each offers that review's answers to "
        f"confirm.",
    )
    return redirect("review_step", pk=follow_up.pk, step=services.FOLLOW_UP_OPENS_ON)


@review_view("GET", "POST")
def review_amend(request, review):
    form = AmendForm(request.POST or None)
    if request.method != "POST":
        audit.record(audit.Action.VIEW, review=review, detail="amend page")
    if request.method != "POST" or not form.is_valid():
        return render(request, "reviews/amend.html", {"review": review, "form": form})
    try:
        amendment = services.amend_review(
            review=review, reason=form.cleaned_data["reason"], by=request.user
        )
    except services.NotFinal:
        messages.info(request, "This review is a draft: it can be changed directly.")
        return redirect("review_resume", pk=review.pk)
    except services.AlreadyAmended:
        messages.info(request, "This version has been amended already; the newer one opens.")
        return redirect("review_detail", pk=Review.objects.get(amends=review).pk)
    messages.success(
        request,
        f"Version {amendment.revision} started as a draft. "
        f"Version {review.revision} stays as it was.",
    )
    return redirect("review_step", pk=amendment.pk, step=steps.FIRST_STEP)
