"""The list of past reviews on the home page and its CSV: the criteria a clinician narrows it by,
and the one query behind both.

Patient references never travel in a URL, so access logs, browser history and Referer headers
carry none: the search form is POSTed, its criteria are kept in the session under a short random
token, and the list, its other pages and the CSV name only the token (`/?q=<token>`). Tokens
are per search, so two tabs can hold two searches.

The page costs the same queries whatever the number of reviews (docs/benchmarks.md, "Reviews
list"): the matches are counted up to MATCHES_SHOWN only, the page's rows are picked by id in
index order, and only those get the columns that count trial rows (correlated subqueries).
"""

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import NotSupportedError, connection
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from reviews.access import reviews_for
from reviews.choices import Status, YesNo
from reviews.drugs import ANTIDEPRESSANT_CLASSES
from reviews.forms import DateInput
from reviews.models import Clinician, MedicationTrial, Review

PAGE_SIZE = 50
MATCHES_SHOWN = 1000  # counted exactly up to here; beyond, the page says "more than 1,000"
SESSION_KEY = "review_searches"
SEARCHES_KEPT = 20  # per session; the oldest is forgotten first

# Sort choices: code → (label, ORDER BY). Ties are broken by id in the direction that matches
# the index's own order on SQLite, so the (practice, visit date) and (practice, patient
# reference) indexes serve the ORDER BY and LIMIT without sorting the practice's reviews.
SORTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "visit_desc": ("Visit date, newest first", ("-visit_date", "pk")),
    "visit_asc": ("Visit date, oldest first", ("visit_date", "-pk")),
    "patient_asc": ("Patient reference, A to Z", ("patient_ref", "pk")),
    "patient_desc": ("Patient reference, Z to A", ("-patient_ref", "-pk")),
    "changed_desc": ("Last changed, newest first", ("-updated_at", "pk")),
    "changed_asc": ("Last changed, oldest first", ("updated_at", "-pk")),
}
DEFAULT_SORT = "visit_desc"
LISTED_FIELDS = (
    "patient_ref",
    "visit_date",
    "status",
    "updated_at",
    "clinician__username",
    "clinician__first_name",
    "clinician__last_name",
)
MATCH_PREFIX, MATCH_EXACT = "prefix", "exact"


class ReviewSearchForm(forms.Form):
    """What the list is narrowed to. Kept in the session as submitted and validated again on
    every use, so a clinician removed since, say, simply stops matching."""

    patient_ref = forms.CharField(
        label="Patient reference",
        max_length=Review._meta.get_field("patient_ref").max_length,
        required=False,
        help_text="Upper and lower case count, as in the reference.",
    )
    match = forms.ChoiceField(
        label="Match",
        choices=[(MATCH_PREFIX, "starts with"), (MATCH_EXACT, "is exactly")],
        initial=MATCH_PREFIX,
        required=False,
        widget=forms.RadioSelect,
    )
    status = forms.ChoiceField(
        label="Status", choices=[("", "Any"), *Status.choices], required=False
    )
    clinician = forms.ModelChoiceField(
        label="Clinician", queryset=Clinician.objects.none(), required=False, empty_label="Any"
    )
    visit_from = forms.DateField(label="Visit from", required=False, widget=DateInput())
    visit_to = forms.DateField(label="Visit until", required=False, widget=DateInput())

    def __init__(self, *args, practice_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["clinician"]).queryset = Clinician.objects.filter(
            practice_id=practice_id
        ).order_by("last_name", "first_name", "username")

    def clean_patient_ref(self) -> str:
        return self.cleaned_data["patient_ref"].strip()

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("visit_from"), cleaned.get("visit_to")
        if start and end and end < start:
            self.add_error(
                "visit_to",
                ValidationError("This date is before the “from” date.", code="range_backwards"),
            )
        return cleaned

    def stored(self) -> dict[str, str]:
        """The submitted values, as plain strings for the session."""
        return {name: str(self.data.get(name, "")).strip() for name in self.fields}

    def used(self) -> list[str]:
        """Names of the criteria in use, for the audit trail: which, never their values."""
        return [name for name in self.fields if name != "match" and self.cleaned_data.get(name)]


class ListPageForm(forms.Form):
    """The query string of the list: the search token, the sort and the page (never criteria)."""

    q = forms.RegexField(regex=r"^[A-Za-z0-9_-]{1,32}$", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[(code, label) for code, (label, _) in SORTS.items()],
        required=False,
    )
    page = forms.IntegerField(min_value=1, max_value=1_000_000, required=False)

    def value(self, name: str, default):
        """The field's valid value, else `default`: a bad parameter falls back, never fails."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or default


# --- Searches kept in the session ---


def keep_search(session, criteria: dict[str, str]) -> str:
    """Keep the criteria under a new random token and return the token."""
    token = secrets.token_urlsafe(6)
    searches = dict(session.get(SESSION_KEY, {}))
    searches[token] = criteria
    session[SESSION_KEY] = dict(list(searches.items())[-SEARCHES_KEPT:])
    return token


@dataclass(frozen=True)
class KeptSearch:
    form: ReviewSearchForm  # bound to the kept criteria, or unbound when there are none
    criteria: dict | None  # the cleaned criteria; None lists every review
    expired: bool  # a token was given that this session does not hold (any more)


def kept_search(session, token: str, *, practice_id: int) -> KeptSearch:
    """The search kept under `token`, validated again."""
    stored = session.get(SESSION_KEY, {}).get(token) if token else None
    form = ReviewSearchForm(stored, practice_id=practice_id)
    criteria = form.cleaned_data if stored is not None and form.is_valid() else None
    return KeptSearch(form=form, criteria=criteria, expired=bool(token) and stored is None)


# --- The query ---


class DaysBetween(Func):
    """Whole days from the first date to the second (negative when it runs backwards).

    Date arithmetic is written differently by each database: SQLite stores dates as ISO text and
    subtracts Julian day numbers; PostgreSQL subtracts two dates to an integer directly.
    """

    output_field = IntegerField()
    arity = 2

    def __init__(self, start, end, **extra):
        super().__init__(end, start, **extra)  # the SQL reads "end - start"

    def as_sql(self, compiler, connection, *args, **extra):
        raise NotSupportedError(f"DaysBetween is not written for {connection.vendor}")

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra
        )


def adequate_trials_condition(min_weeks: int) -> Q:
    """DESIGN.md §7's adequate trial, as a filter on MedicationTrial inside a review subquery,
    matching `reviews.rules` exactly: an antidepressant class, dose marked adequate, and at least
    `min_weeks` weeks: the weeks entered when there are any, else whole weeks from start to end,
    or to the review's visit date while ongoing (dates running backwards count as unknown).

    Whole weeks ≥ min_weeks is days ≥ 7 × min_weeks, so no division is needed.
    """
    return Q(
        drug_class__in=sorted(ANTIDEPRESSANT_CLASSES),
        dose_adequate=YesNo.YES,
    ) & (
        Q(weeks__gte=min_weeks)
        | Q(weeks__isnull=True, start__isnull=False, days__gte=max(0, 7 * min_weeks))
    )


def _count(rows: QuerySet) -> Coalesce:
    counted = rows.order_by().values("review").annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_counts(queryset: QuerySet) -> QuerySet:
    """Annotate each review with `trial_count` and `adequate_count` (DESIGN.md §7)."""
    trials = MedicationTrial.objects.filter(review=OuterRef("pk"))
    adequate = trials.alias(
        days=DaysBetween(F("start"), Coalesce(F("end"), OuterRef("visit_date")))
    ).filter(adequate_trials_condition(settings.TRDREVIEW_MIN_TRIAL_WEEKS))
    return queryset.annotate(trial_count=_count(trials), adequate_count=_count(adequate))


def _successor(prefix: str) -> str | None:
    """The smallest string above every string that starts with `prefix` (code point order)."""
    while prefix:
        code = ord(prefix[-1]) + 1
        if code == 0xD800:  # surrogates cannot be stored; skip to the next real character
            code = 0xE000
        if code <= 0x10FFFF:
            return prefix[:-1] + chr(code)
        prefix = prefix[:-1]
    return None


def patient_ref_prefix(prefix: str) -> Q:
    """References that start with `prefix`, upper and lower case as typed, written so an index
    serves it.

    SQLite's LIKE ignores case, so it cannot use the (practice, patient_ref) index, whose
    collation is the binary one; the equivalent range over that binary order can. PostgreSQL's
    LIKE with a prefix is case-sensitive and is served by an index with varchar_pattern_ops (a
    plain btree serves it only under the C collation); a range would be wrong under a
    linguistic collation, which orders "MRN-1" and "MRN.0" by other rules than code points.
    """
    if connection.vendor == "sqlite":
        upper = _successor(prefix)
        condition = Q(patient_ref__gte=prefix)
        return condition & Q(patient_ref__lt=upper) if upper else condition
    return Q(patient_ref__startswith=prefix)


def matching(user, criteria: dict | None) -> QuerySet:
    """The newest version of each of the practice's reviews that meets the cleaned criteria."""
    # NOT EXISTS rather than amended_by__isnull: PostgreSQL plans it as an anti-join with sound
    # estimates, where the LEFT JOIN … IS NULL form made it read every review to find 51.
    amended = Review.objects.filter(amends=OuterRef("pk"))
    queryset = reviews_for(user).filter(~Exists(amended))
    if not criteria:
        return queryset
    if ref := criteria.get("patient_ref"):
        if criteria.get("match") == MATCH_EXACT:
            queryset = queryset.filter(patient_ref=ref)
        else:
            queryset = queryset.filter(patient_ref_prefix(ref))
    if criteria.get("status"):
        queryset = queryset.filter(status=criteria["status"])
    if criteria.get("clinician"):
        queryset = queryset.filter(clinician=criteria["clinician"])
    if criteria.get("visit_from"):
        queryset = queryset.filter(visit_date__gte=criteria["visit_from"])
    if criteria.get("visit_to"):
        queryset = queryset.filter(visit_date__lte=criteria["visit_to"])
    return queryset


def ordered(queryset: QuerySet, sort: str, *, few: bool = False) -> QuerySet:
    """The reviews in the chosen order.

    `few` says the caller counted at most MATCHES_SHOWN of them. The order is then written so no
    index can deliver it, which leaves the database to pick the index that serves the filter
    and sort the few rows: without statistics, SQLite would rather walk the visit-date index
    through every review of the practice than sort the four reviews of one patient.
    """
    _, order = SORTS.get(sort, SORTS[DEFAULT_SORT])
    if few:
        order = tuple(_unindexed(term) for term in order)
    return queryset.order_by(*order)


def listed(queryset: QuerySet, sort: str, *, few: bool = False) -> QuerySet:
    """The list's rows: with the clinician and the counted columns, in the chosen order."""
    # Only the columns shown: a final review's summary snapshot and the notes are large.
    shown = queryset.select_related("clinician").only(*LISTED_FIELDS)
    return ordered(with_counts(shown), sort, few=few)


def _unindexed(term: str):
    """An ORDER BY term meaning the same as `term` that no index serves."""
    name = term.removeprefix("-")
    if name == "pk":
        return term
    expression = Coalesce(F(name), F(name))
    return expression.desc() if term.startswith("-") else expression.asc()


# --- A page without counting every match ---


@dataclass(frozen=True)
class ListPage:
    """One page of the list. `matches` is exact up to MATCHES_SHOWN; `more_matches` says there
    are more. Whether a next page exists comes from fetching one row beyond the page."""

    object_list: list
    number: int
    has_next: bool
    matches: int
    more_matches: bool
    size: int = PAGE_SIZE

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.object_list else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.size + len(self.object_list)


def page_of(matched: QuerySet, *, sort: str, number: int, size: int = PAGE_SIZE) -> ListPage:
    """Page `number` of the reviews `matched` in the `sort` order, in two queries: the number of
    matches, counted up to MATCHES_SHOWN only, then the page (one row more than it shows, to
    know whether another page follows).

    The page's reviews are picked by id first and only those get the counted columns, so the
    trial subqueries run for the rows shown, never for every match a sort has to read.
    """
    matches = count_matches(matched)
    offset = (number - 1) * size
    picked = ordered(matched, sort, few=matches <= MATCHES_SHOWN)[offset : offset + size + 1]
    fetched = list(listed(Review.objects.filter(pk__in=picked.values("pk")), sort, few=True))
    return ListPage(
        object_list=fetched[:size],
        number=number,
        has_next=len(fetched) > size,
        matches=min(matches, MATCHES_SHOWN),
        more_matches=matches > MATCHES_SHOWN,
        size=size,
    )


def count_matches(matched: QuerySet) -> int:
    """The number of matches, up to MATCHES_SHOWN + 1 (which stands for "more")."""
    return matched.order_by()[: MATCHES_SHOWN + 1].count()


# --- CSV ---

CSV_COLUMNS = (
    "Patient reference",
    "Visit date",
    "Clinician",
    "Status",
    "Medication trials",
    "Adequate trials",
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A cell a spreadsheet will not run: text starting like a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_rows(matched: QuerySet, sort: str) -> Iterator[list]:
    """The header and a row per review matched, in the list's order and with the list's columns
    only: no free-text notes."""
    rows = listed(matched, sort, few=count_matches(matched) <= MATCHES_SHOWN)
    yield list(CSV_COLUMNS)
    for review in rows.iterator(chunk_size=500):
        yield [
            spreadsheet_safe(value)
            for value in (
                review.patient_ref,
                review.visit_date.isoformat(),
                str(review.clinician),
                review.get_status_display(),
                review.trial_count,
                review.adequate_count,
            )
        ]
