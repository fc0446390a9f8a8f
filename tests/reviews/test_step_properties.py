"""Whatever is posted to a step, the clinician gets a page or a redirect, never a server error.

Each example starts from what the page would submit and overwrites or drops some of it with
arbitrary text, numbers, dates and garbage (management form, version and row ids included), or
starts from nothing at all. Besides the status, two things must hold: a refused post (400 or 409)
writes nothing, and no post touches another practice's review, whatever row ids it carries.
"""

import datetime

import pytest
from django.db import transaction
from django.db.models import TextChoices
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from reviews import choices, services
from reviews.answer_forms import SECTION_FORMS
from reviews.models import Review
from reviews.row_forms import FORMSETS
from reviews.step_page import bind_step
from reviews.steps import SLUGS, STEPS_BY_SLUG
from tests.factories import ROW_FACTORIES, make_clinician, make_practice

VISIT = datetime.date(2026, 3, 2)
ROWS_PER_POST = 3  # row indexes 0-2: the saved row, the blank one, one beyond
ALLOWED = {200, 302, 400, 409}
RELATED = ("severity_scores", "medication_trials", "psychotherapies", "procedures")
MISSING = object()  # drop the field from the post

# Every code of every value set, so that some arbitrary values are valid choices.
VALUE_SETS = [
    v for v in vars(choices).values() if isinstance(v, type) and issubclass(v, TextChoices)
]
CODES = sorted(
    {code for value_set in VALUE_SETS for code in value_set.values}
    | {*SLUGS, "finish", "next", "back", "stay", "exit"}
)
ODD = [
    "", " ", "0", "-1", "1", "2", "1e999", "NaN", "Infinity", "-0", "0x10", "１２", "9" * 40,
    "12.345", "100000.01", "\x00", "2026-02-30", "0001-01-01", "99999-01-01", "9999-12-31",
    "on", "off", "true", "None", "null", "[]", "<script>alert(1)</script>", "sertraline",
]  # fmt: skip

garbage = st.one_of(
    st.text(max_size=20),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.dates().map(datetime.date.isoformat),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(ODD),
    st.sampled_from(CODES),
    st.lists(st.sampled_from(CODES + ODD), min_size=2, max_size=3),  # a repeated field
)


def review_with_rows(clinician, patient_ref: str) -> Review:
    """A draft with one saved row in every repeatable section."""
    review = services.start_review(by=clinician, patient_ref=patient_ref, visit_date=VISIT)
    for row_factory in ROW_FACTORIES:
        row_factory(review=review)
    return review


@pytest.fixture
def review(clinician):
    return review_with_rows(clinician, "MRN-0042")


@pytest.fixture
def other_review(db):
    """Another practice's review: row ids from it must never reach it."""
    return review_with_rows(make_clinician(practice=make_practice()), "OTHER-1")


def snapshot(review: Review) -> dict:
    fresh = Review.objects.get(pk=review.pk)
    stored = {"review": Review.objects.filter(pk=review.pk).values().get()}
    return stored | {name: list(getattr(fresh, name).values()) for name in RELATED}


def page_data(slug: str, review: Review) -> dict:
    """What the step's page submits when the clinician changes nothing."""
    form, formset = bind_step(STEPS_BY_SLUG[slug], review)
    parts = [form] if form is not None else []
    if formset is not None:
        parts += [formset.management_form, *formset.forms]
    data = {"version": str(review.lock_version), "action": "next"}
    for part in parts:
        for field in part:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = (
                [str(v) for v in value] if isinstance(value, list) else str(value)
            )
    return data


def field_names(slug: str) -> list[str]:
    step = STEPS_BY_SLUG[slug]
    names = ["version", "action", "goto", "csrfmiddlewaretoken"]
    if step.section is not None:
        names += list(SECTION_FORMS[step.section].base_fields)
    if step.rows is not None:
        formset = FORMSETS[step.rows]
        prefix = formset.get_default_prefix()
        names += [
            f"{prefix}-{key}"
            for key in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
        ]
        row_fields = [*formset.form.base_fields, "id", "review", "DELETE"]
        names += [
            f"{prefix}-{index}-{name}" for index in range(ROWS_PER_POST) for name in row_fields
        ]
    return names


def posts(slug: str, review: Review, other_review: Review):
    """Arbitrary posts to the step, three ways: the page's own data with a few fields changed or
    dropped; the page's data from an older or newer version with plausible row changes (ids of
    either review, other codes, a removed row); or anything at all from scratch."""
    ids = [
        str(pk)
        for target in (review, other_review)
        for name in RELATED
        for pk in getattr(target, name).values_list("pk", flat=True)
    ]
    names = field_names(slug)
    base = page_data(slug, review)
    anything = st.one_of(garbage, st.sampled_from(ids), st.just(MISSING))
    plausible = st.one_of(st.sampled_from(CODES), st.sampled_from(ids), st.just("on"))
    versions = st.sampled_from(["0", "1", "2", str(2**31), str(2**63), "9" * 30])
    return st.one_of(
        st.dictionaries(st.sampled_from(names), anything, max_size=3).map(base.__or__),
        st.builds(
            lambda version, changes: base | changes | {"version": version},
            versions,
            st.dictionaries(st.sampled_from(names), plausible, max_size=2),
        ),
        st.dictionaries(st.sampled_from(names), anything, max_size=len(names)),
    )


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_post_to_a_step_is_a_server_error(signed_in_client, review, other_review, slug, data):
    post = data.draw(posts(slug, review, other_review), label="post")
    post = {name: value for name, value in post.items() if value is not MISSING}
    url = reverse("review_step", args=[review.pk, slug])
    other_before = snapshot(other_review)
    with transaction.atomic():
        before = snapshot(review)
        response = signed_in_client.post(url, post)
        event(f"status {response.status_code}")
        assert response.status_code in ALLOWED
        if response.status_code in (400, 409):
            assert snapshot(review) == before
        assert snapshot(other_review) == other_before
        transaction.set_rollback(True)  # every example starts from the same review
