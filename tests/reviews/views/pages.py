"""Reading pages like a browser without JavaScript: the values a form would submit, the text a
reader sees, and a step submitted the way a browser would (hidden version, management form,
saved answers), so a test changes some fields and presses a button."""

import datetime
import html
import re
from decimal import Decimal
from html.parser import HTMLParser

from django.urls import reverse

from reviews.models import Review
from reviews.row_forms import step_formset
from reviews.steps import SLUGS, STEPS_BY_SLUG
from tests.reviews.views.answers import ANSWERS

FORMSET_STEPS = [slug for slug in SLUGS if step_formset(STEPS_BY_SLUG[slug]) is not None]


class FormReader(HTMLParser):
    """The values a browser would submit from <form id=...>, and the rows it shows."""

    def __init__(self, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.fields: dict[str, list[str]] = {}
        self.legends: list[str] = []
        self._in_form = False
        self._in_template = 0
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._option: str | None = None
        self._textarea: str | None = None
        self._legend: list[str] | None = None

    def add(self, name, value):
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id") == self.form_id:
            self._in_form = True
        if tag == "template":
            self._in_template += 1
        if not self._in_form or self._in_template or "disabled" in a:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.add(name, a.get("value") or "on")
            elif kind not in ("submit", "button", "reset", "image"):
                self.add(name, a.get("value") or "")
        elif tag == "select" and name:
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            value = a.get("value") or ""
            if self._select_first is None:
                self._select_first = value
            if "selected" in a and not self._select_chosen:
                self._select_chosen = True
                self.add(self._select, value)
        elif tag == "textarea" and name:
            self._textarea = name
            self.add(name, "")
        elif tag == "legend" and "card-header" in (a.get("class") or ""):
            self._legend = []

    def handle_endtag(self, tag):
        if tag == "template":
            self._in_template -= 1
        elif tag == "form" and self._in_form:
            self._in_form = False
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self.add(self._select, self._select_first)
            self._select = None
        elif tag == "textarea" and self._textarea:
            value = self.fields[self._textarea][-1]
            # Browsers drop the newline right after <textarea>.
            self.fields[self._textarea][-1] = value[1:] if value.startswith("\n") else value
            self._textarea = None
        elif tag == "legend" and self._legend is not None:
            self.legends.append(" ".join("".join(self._legend).split()))
            self._legend = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][-1] += data
        if self._legend is not None:
            self._legend.append(data)


def read_form(response, form_id="step-form") -> FormReader:
    reader = FormReader(form_id)
    reader.feed(response.content.decode())
    assert reader.fields, f"no <form id={form_id}> on the page"
    return reader


def shown(response) -> dict[str, str | list[str]]:
    """Field name -> what the page shows (a list for check boxes)."""
    fields = read_form(response).fields
    return {name: values if len(values) > 1 else values[0] for name, values in fields.items()}


def page_text(response) -> str:
    """The page's text as a reader sees it: no tags, entities decoded, spaces collapsed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style|template)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def as_text(value) -> str | list[str]:
    if value is None:
        return ""
    if isinstance(value, list):
        return [str(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"  # a dose of 150.50 mg shows as 150.5
    return str(value)


def step_url(review, slug):
    return reverse("review_step", args=[review.pk, slug])


def row_prefix(slug: str) -> str:
    return step_formset(STEPS_BY_SLUG[slug]).get_default_prefix()


def row_names(slug: str, index: int) -> dict[str, str]:
    """Field name -> its name in the posted data, for row `index` of the step's formset."""
    formset = step_formset(STEPS_BY_SLUG[slug])
    if formset is None:
        return {}
    names = [*formset.form.base_fields, "id", "DELETE"]
    return {name: f"{row_prefix(slug)}-{index}-{name}" for name in names}


def answers_as_changes(slug: str, first_row: int = 0) -> dict:
    answers = ANSWERS[slug]
    changes = {name: as_text(value) for name, value in answers.get("fields", {}).items()}
    for offset, row in enumerate(answers.get("rows", [])):
        names = row_names(slug, first_row + offset)
        changes |= {names[name]: as_text(value) for name, value in row.items()}
    return changes


def submit(client, review, slug, changes=None, *, button=("action", "next"), page=None):
    """Load the step (unless a page is given), change some fields, press a button."""
    page = page if page is not None else client.get(step_url(review, slug))
    assert page.status_code in (200, 400, 409), page.status_code
    data = {**shown(page), **(changes or {})}
    data = {name: value for name, value in data.items() if value is not None}
    if button:
        data[button[0]] = button[1]
    return client.post(step_url(review, slug), data)


def store_answers(review, slug) -> None:
    """Put a step's answers straight into the database, as an earlier visit would have."""
    answers = ANSWERS[slug]
    Review.objects.filter(pk=review.pk).update(**answers.get("fields", {}))
    model = step_formset(STEPS_BY_SLUG[slug]).model if "rows" in answers else None
    for row in answers.get("rows", []):
        model.objects.create(review=review, **row)


def assert_saved(review, slug, copies=1) -> None:
    stored = Review.objects.get(pk=review.pk)
    for name, value in ANSWERS[slug].get("fields", {}).items():
        assert getattr(stored, name) == value, name
    if "rows" in ANSWERS[slug]:
        related = getattr(stored, row_prefix(slug))
        rows = list(related.values(*ANSWERS[slug]["rows"][0]))
        assert rows == ANSWERS[slug]["rows"] * copies


def snapshot(review) -> dict:
    """Everything stored for the review, to prove a request changed nothing."""
    fresh = Review.objects.get(pk=review.pk)
    return {
        "review": Review.objects.filter(pk=review.pk).values().get(),
        **{
            name: list(getattr(fresh, name).values())
            for name in ("severity_scores", "medication_trials", "psychotherapies", "procedures")
        },
    }


def location_of(slug_or_page: str, review) -> str:
    if slug_or_page == "finish":
        return reverse("review_finish", args=[review.pk])
    if slug_or_page == "home":
        return reverse("home")
    return step_url(review, slug_or_page)
