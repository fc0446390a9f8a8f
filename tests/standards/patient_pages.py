"""Every page a patient can be shown, as the server sends it, for the standards checkers
(test_patient_pages.py): the questionnaire fresh, with its errors, kept by "Save and finish
later", refused for a missing CSRF cookie, the thanks and the refusal.

The answers posted are read from the page's own form, as a browser would send them, so the
pages hold whatever questions the form has today."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.test import Client

from reviews import services
from reviews.previsit import services as previsit
from tests.reviews.samples import blank_review


@dataclass
class _Fields(HTMLParser):
    """What a browser sends for a page's form: text as it stands (or `text` instead), each
    select's chosen option, and each radio group's first choice if `answer`, else none."""

    text: str | None = None
    answer: bool = False
    data: dict[str, str] = field(default_factory=dict)
    _select: str | None = None

    def __post_init__(self):
        super().__init__()

    def handle_starttag(self, tag, attrs):
        attr = {name: value or "" for name, value in attrs}
        name = attr.get("name", "")
        if tag == "input" and name:
            kind = attr.get("type", "text")
            if kind == "radio":
                if self.answer and name not in self.data or "checked" in attr:
                    self.data.setdefault(name, attr["value"])
            elif kind == "hidden" or self.text is None:
                self.data[name] = attr.get("value", "")
            elif kind == "text":
                self.data[name] = self.text
        elif tag == "select":
            self._select = name
        elif (
            tag == "option"
            and self._select
            and (self._select not in self.data or "selected" in attr)
        ):
            self.data[self._select] = attr.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def form_data(html: str, *, text: str | None = None, answer: bool = False) -> dict[str, str]:
    fields = _Fields(text=text, answer=answer)
    fields.feed(html)
    return fields.data


def patient_pages(clinician) -> dict[str, tuple[int, str]]:
    """Each page's name: (status, HTML), in the order a patient can meet them."""
    review = services.import_review(data=blank_review(), by=clinician)
    _invitation, token = previsit.create_invitation(review=review, by=clinician)
    path = f"/p/{token}/"
    patient = Client()
    pages: dict[str, tuple[int, str]] = {}

    def keep(name, response, status):
        assert response.status_code == status, (name, response.status_code)
        pages[name] = (response.status_code, response.content.decode())
        return pages[name][1]

    fresh = keep("fresh", patient.get(path), 200)
    keep("with errors", patient.post(path, form_data(fresh, text="?")), 400)
    saved = patient.post(path, {**form_data(fresh), "save_for_later": "1"})
    assert saved.status_code == 302, saved.status_code
    kept = keep("saved, opened again", patient.get(path), 200)
    no_cookie = Client(enforce_csrf_checks=True)
    keep("CSRF refused", no_cookie.post(path, form_data(kept, answer=True)), 403)
    keep("thanks", patient.post(path, form_data(kept, answer=True)), 200)
    keep("refused", patient.get(path), 404)
    return pages
