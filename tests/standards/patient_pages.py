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
    """What a browser sends for a page's form: hidden fields as they are; text (any other input
    and textareas) as it stands, or `text` instead; each select's chosen option; a checkbox or
    radio only if checked, and with `answer` each radio group's first choice."""

    text: str | None = None
    answer: bool = False
    data: dict[str, str] = field(default_factory=dict)
    _select: str | None = None
    _textarea: str | None = None

    def __post_init__(self):
        super().__init__()

    def handle_starttag(self, tag, attrs):
        attr = {name: value or "" for name, value in attrs}
        name = attr.get("name", "")
        kind = attr.get("type", "text")
        if tag == "input" and name and kind in ("radio", "checkbox"):
            if "checked" in attr or (self.answer and kind == "radio"):
                self.data.setdefault(name, attr.get("value", "on"))
        elif tag == "input" and name and kind not in ("submit", "button", "reset", "image"):
            given = kind == "hidden" or self.text is None
            self.data[name] = attr.get("value", "") if given else self.text
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = "" if self.text is None else self.text
        elif tag == "select":
            self._select = name
        elif (
            tag == "option"
            and self._select
            and (self._select not in self.data or "selected" in attr)
        ):
            self.data[self._select] = attr.get("value", "")

    def handle_data(self, data):
        if self._textarea and self.text is None:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


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
