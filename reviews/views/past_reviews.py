"""Past reviews: the practice's list, searched, sorted and paged, and its CSV."""

import csv

from django.conf import settings
from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from reviews import audit, selectors
from reviews.access import AuthenticatedRequest
from reviews.exports.list_csv import EchoBuffer, csv_rows
from reviews.facts import trials
from reviews.kept_searches import keep_search, kept_search
from reviews.models import Review
from reviews.pagination import PAGE_SIZE, page_of
from reviews.search import DEFAULT_SORT, ListPageForm, ReviewSearchForm, column_sorts


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
