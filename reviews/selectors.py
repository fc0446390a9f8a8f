"""Every read of reviews that is more than a lookup by id: the newest version of each review, a
practice's reviews, a patient's reviews, and the list's filters, order and counted columns.

Writes live in reviews.services; who may see what is decided in reviews.access, whose
`reviews_for` every read here starts from.

The list costs the same queries whatever the number of reviews (docs/benchmarks.md, "Reviews
list"): matches are counted up to MATCHES_SHOWN only, the page's rows are picked by id in index
order. The counted columns are stored on each review when it is saved, so reading them costs
nothing more.
"""

from django.conf import settings
from django.db.models import (
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce

from reviews import schema
from reviews.access import reviews_for
from reviews.models import AuditEvent, Review

MATCHES_SHOWN = 1000  # counted exactly up to here; beyond, the page says "more than 1,000"
MATCH_ANYWHERE, MATCH_PREFIX, MATCH_EXACT = "anywhere", "prefix", "exact"

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
    "trial_courses",
    *(
        f"{figure}_trials_{weeks}"
        for figure in ("failed", "ongoing", "uncertain")
        for weeks in (4, 6, 8)
    ),
)


def latest_versions(reviews: QuerySet) -> QuerySet:
    """The reviews no later revision amends: the newest version of each review.

    NOT EXISTS rather than `amended_by__isnull=True` (a LEFT JOIN … IS NULL): PostgreSQL plans
    it as an anti-join with sound estimates, where the LEFT JOIN made it read every review of
    the practice to find a page of them; on SQLite the two cost the same (docs/benchmarks.md).
    """
    return reviews.filter(~Exists(Review.objects.filter(amends=OuterRef("pk"))))


def practice_reviews(user) -> QuerySet:
    """Every review, every version, the clinician's practice holds."""
    return reviews_for(user)


def patient_reviews(reviews: QuerySet, patient_ref: str) -> QuerySet:
    """The newest version of each of `reviews` about the patient, oldest visit first."""
    return latest_versions(reviews.filter(patient_ref=patient_ref)).order_by("visit_date", "pk")


def previous_review(review: Review) -> Review | None:
    """The review of the same patient in the same practice just before this one by visit date
    (the newest version of it, as the patient-over-time page reads them)."""
    earlier = latest_versions(
        Review.objects.filter(
            practice=review.practice_id,
            patient_ref=review.patient_ref,
            visit_date__lte=review.visit_date,
        )
    ).exclude(pk=review.pk)
    if review.amends_id is not None:
        earlier = earlier.exclude(pk=review.amends_id)
    else:
        # A review of the same day started after this one is not "before" it.
        earlier = earlier.exclude(visit_date=review.visit_date, pk__gt=review.pk)
    return earlier.order_by("-visit_date", "-pk").first()


def same_as_offer(review: Review, section) -> Review | None:
    """The previous review whose answers a step of `section` can take over ("Same as on
    <date>"), or None: only for a section a follow-up asks afresh, and only when the previous
    review has answers there."""
    if section not in schema.ASKED_AFRESH:
        return None
    previous = previous_review(review)
    if previous is None or not schema.has_answers(previous, section):
        return None
    return previous


def count_matches(matched: QuerySet) -> int:
    """The number of matches, up to MATCHES_SHOWN + 1 (which stands for "more")."""
    return matched.order_by()[: MATCHES_SHOWN + 1].count()


def with_counts(queryset: QuerySet) -> QuerySet:
    """Each review with `failed_trials`: its stored count of failed adequate trials in the
    current episode at the practice's minimum weeks (reviews.services.store_facts)."""
    weeks = settings.TRDREVIEW_MIN_TRIAL_WEEKS
    return queryset.annotate(failed_trials=F(f"failed_trials_{weeks}"))


def patient_ref_matches(typed: str, match: str) -> Q:
    """References that contain `typed` (or start with it, or are it), upper and lower case
    alike: `nc-7781` and `7781` both find "NC-7781".

    Django's case-ignoring lookups compare UPPER(patient_ref) on PostgreSQL, the expression its
    trigram index holds, and use LIKE on SQLite, which ignores case (ASCII letters only) and
    has a case-ignoring index for a prefix or a whole reference (reviews.indexes). `_` and `%`
    are matched as themselves.
    """
    lookup = {MATCH_EXACT: "iexact", MATCH_PREFIX: "istartswith"}.get(match, "icontains")
    return Q(**{f"patient_ref__{lookup}": typed})


def list_matches(user, criteria: dict | None) -> QuerySet:
    """The newest version of each of the practice's reviews that meets the list's cleaned
    search criteria (all of them when there are none)."""
    queryset = latest_versions(practice_reviews(user))
    if not criteria:
        return queryset
    if ref := criteria.get("patient_ref"):
        # The matching ids first, as a subquery of their own: read from the reference's index
        # alone (on SQLite the whole practice's entries for a match anywhere), where a filter
        # beside the list's order read every review row of the practice (docs/benchmarks.md).
        wanted = practice_reviews(user).filter(patient_ref_matches(ref, criteria.get("match", "")))
        queryset = queryset.filter(pk__in=wanted.values("pk"))
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


def review_events(review: Review) -> QuerySet:
    """The review's audit events recorded by its own practice, newest first.

    Refused requests from other practices are recorded against the id they asked for; they stay
    in the trail but are never listed with the review's own activity, so no one outside the
    practice can push that activity off the review's page (refused_request_count counts them).
    """
    return (
        AuditEvent.objects.filter(review_id=review.pk, practice_id=review.practice_id)
        .select_related("user")
        .order_by("-at", "-id")
    )


def refused_request_count(review: Review) -> int:
    """How many requests for this review's id from outside its practice were refused since it was
    created: refusals of an id not yet taken were asked of no review, and another practice must
    not be able to load a count onto the next review made."""
    return (
        AuditEvent.objects.filter(
            review_id=review.pk, outcome=AuditEvent.Outcome.REFUSED, at__gte=review.created_at
        )
        .exclude(practice_id=review.practice_id)
        .count()
    )


def saved_since_only_elsewhere(review: Review, *, since: int, step_slug: str, user) -> bool:
    """Whether every version of the review after `since` was a save by `user` of a step other
    than `step_slug` (the audit trail records each save with the version it made)."""
    saves = list(
        AuditEvent.objects.filter(
            review_id=review.pk,
            practice_id=review.practice_id,
            action=AuditEvent.Action.SAVE,
            review_version__gt=since,
        ).values_list("user_id", "detail")
    )
    if len(saves) != review.lock_version - since:  # a version made some other way: unknown
        return False
    this_step = f"step {step_slug}"
    return all(saver == user.pk and detail.split(";")[0] != this_step for saver, detail in saves)
