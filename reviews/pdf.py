"""The PDF summary of a review: a function from the summary object to bytes.

This is the only module that imports WeasyPrint. The PDF has its own template
(templates/pdf/summary.html, autoescaped like every template) and its own print stylesheet
(static/css/pdf.css); it never renders a view and never fetches a URL over a network.

Whatever a clinician typed reaches the HTML escaped, so it can never become markup that loads
something. Behind that, the URL fetcher given to WeasyPrint serves only our own static files under
a private scheme and refuses everything else (http, https, file, data, …), and the base URL uses
that scheme, so a relative URL cannot resolve to the file system either.

Parsing the stylesheets and setting up fonts costs more than laying out a short document, so both
happen once per process (per paper size for the page rule).
"""

import datetime
import functools
import mimetypes
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reviews import catalogue
from reviews.charts import timeline_svgs
from reviews.choices import Status
from reviews.summary import Summary, Table

TEMPLATE = "pdf/summary.html"
STYLESHEET = "css/pdf.css"
# CSS page sizes by the `paper` argument of render_pdf.
PAPER_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}

# Our own static files, as WeasyPrint sees them: "trdreview-static:/css/pdf.css". Python's
# urljoin does not resolve relative references against an unknown scheme, so with this base URL a
# relative URL stays relative and the fetcher refuses it; it never becomes a file:// path.
STATIC_SCHEME = "trdreview-static"
BASE_URL = f"{STATIC_SCHEME}:/"

TIMELINE_WIDTH = 680  # px; the stylesheet scales the chart to the width of the page
# A category whose related entries are longer than this (long notes) may split across pages;
# shorter ones move whole to the next page rather than leave their heading behind.
KEEP_TOGETHER_FINDINGS = 1500  # characters


class RefusedURL(ValueError):
    """A URL the PDF renderer may not fetch: anything but one of our own static files."""


def static_path(url: str) -> str:
    """The file behind a `trdreview-static:` URL; RefusedURL for every other URL.

    Refused: other schemes (http, https, file, data, …), a host part, parent-directory steps,
    backslashes and NUL, and names the staticfiles finders do not know.
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != STATIC_SCHEME:
        raise RefusedURL(f"the PDF renderer fetches only its own static files, not {url!r}")
    path = unquote(parts.path)
    if parts.netloc or "\\" in path or "\x00" in path:
        raise RefusedURL(f"not a static file name: {url!r}")
    relative = path.lstrip("/")
    if not relative or ".." in relative.split("/") or posixpath.normpath(relative) != relative:
        raise RefusedURL(f"not a static file name: {url!r}")
    found = finders.find(relative)
    if not found:
        raise RefusedURL(f"no static file {relative!r}")
    return found


class StaticFilesFetcher(URLFetcher):
    """Serves `trdreview-static:` URLs from the staticfiles finders and raises for anything else.

    WeasyPrint catches the error, logs it and leaves the resource out; nothing reaches a network.
    """

    def __init__(self):
        super().__init__(allowed_protocols=(STATIC_SCHEME,), allow_redirects=False)

    def fetch(self, url, headers=None):
        path = static_path(url)
        with open(path, "rb") as file:
            body = file.read()
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    def open(self, url, data=None, timeout=None):
        # OpenerDirector's own opening would reach urllib's HTTP and file handlers.
        return self.fetch(getattr(url, "full_url", url))


@functools.cache
def url_fetcher() -> StaticFilesFetcher:
    return StaticFilesFetcher()


@functools.cache
def font_config() -> FontConfiguration:
    return FontConfiguration()


@functools.cache
def _base_stylesheet() -> CSS:
    return CSS(
        url=f"{STATIC_SCHEME}:/{STYLESHEET}",
        url_fetcher=url_fetcher(),
        font_config=font_config(),
    )


@functools.cache
def stylesheets(paper: str) -> tuple[CSS, ...]:
    """The parsed print stylesheet and the page size for `paper`, parsed once per process."""
    page = CSS(
        string=f"@page {{ size: {PAPER_SIZES[paper]}; }}",
        base_url=BASE_URL,
        url_fetcher=url_fetcher(),
        font_config=font_config(),
    )
    return (_base_stylesheet(), page)


def render_pdf(
    summary: Summary, *, paper: str = "a4", generated_at: datetime.datetime | None = None
) -> bytes:
    """The PDF summary of a review, on A4 or US Letter paper ("a4" or "letter").

    `generated_at` is printed in every page's footer (default: now). ValueError for another paper.
    """
    html = render_html(summary, paper=paper, generated_at=generated_at)
    return html_to_pdf(html, paper=paper)


def render_html(
    summary: Summary, *, paper: str = "a4", generated_at: datetime.datetime | None = None
) -> str:
    """The HTML the PDF is laid out from."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    context = {
        "summary": summary,
        "header": summary.header,
        "is_draft": summary.header.status == Status.DRAFT.label,
        "generated_at": timezone.localtime(generated_at or timezone.now()),
        "paper": paper,
        # The chart escapes every label itself; the SVG is markup, so it goes in unescaped.
        "timelines": [mark_safe(svg) for svg in timeline_svgs(summary.data, width=TIMELINE_WIDTH)],
        "keep_together": {
            entry.id
            for entry in summary.categories
            if sum(len(finding) for finding in entry.findings) <= KEEP_TOGETHER_FINDINGS
        },
        "answers": [
            (section, [print_table(table) for table in section.tables])
            for section in summary.answers
        ],
        "safety_note": catalogue.SAFETY_NOTE,
        "disclaimer": catalogue.DISCLAIMER,
    }
    return soft_wrap(render_to_string(TEMPLATE, context))


def html_to_pdf(html: str, *, paper: str = "a4") -> bytes:
    """Lay out HTML from render_html with the cached stylesheets, fonts and fetcher."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher())
    return document.write_pdf(stylesheets=stylesheets(paper), font_config=font_config())


# --- Tables on paper ---


@dataclass(frozen=True)
class PrintRow:
    cells: tuple[str, ...]
    notes: str  # printed on a full-width line under the row, where a long note has room

    @property
    def keep_together(self) -> bool:
        """Short enough to move whole to the next page rather than split from its notes."""
        return len(self.notes) <= KEEP_TOGETHER_NOTES


@dataclass(frozen=True)
class PrintTable:
    title: str
    columns: tuple[str, ...]
    rows: tuple[PrintRow, ...]


NOTES_COLUMN = "notes"
NO_VALUE = "—"
KEEP_TOGETHER_NOTES = 600  # characters, about six lines across the page


def print_table(table: Table) -> PrintTable:
    """A summary table shaped for a portrait page.

    The notes column moves to a line of its own under each row: a 10,000-character note in a
    column a few centimetres wide would run to dozens of pages.
    """
    columns = list(table.columns)
    notes_at = next(
        (index for index, column in enumerate(columns) if column.lower() == NOTES_COLUMN), None
    )
    rows = []
    for row in table.rows:
        cells = list(row)
        notes = ""
        if notes_at is not None:
            notes = cells.pop(notes_at)
            notes = "" if notes == NO_VALUE else notes
        # "2024-04-01 – 2024-06-15" wraps after the dash, not before it.
        cells = [cell.replace(" – ", "\u00a0– ") for cell in cells]
        rows.append(PrintRow(tuple(cells), notes))
    if notes_at is not None:
        columns.pop(notes_at)
    return PrintTable(title=table.title, columns=tuple(columns), rows=tuple(rows))


# --- Long unbroken text ---

# WeasyPrint looks for a break in a long run without spaces (a pasted URL or hash, "aaaa…")
# character by character, which takes seconds for a few thousand characters, and such a run
# would widen a table past the page. Zero-width break opportunities every few characters of such
# runs keep both in check; overflow-wrap in the stylesheet still catches what is left. HTML
# entities stay whole, and no break goes inside a grapheme (combining marks, emoji sequences).
SOFT_WRAP_EVERY = 24
ZERO_WIDTH_SPACE = "\u200b"
_TEXT_BETWEEN_TAGS = re.compile(r">([^<]+)<")
_LONG_RUN = re.compile(r"(?:&#?[0-9A-Za-z]+;|[^\s&<]){" + str(SOFT_WRAP_EVERY + 1) + ",}")
# A quick look first: most reviews have no such run (markup may match too; that only costs time).
_ANY_LONG_RUN = re.compile(r"[^\s<>]{" + str(SOFT_WRAP_EVERY + 1) + ",}")
_RUN_TOKEN = re.compile(r"&#?[0-9A-Za-z]+;|.", re.DOTALL)
_SVG = re.compile(r"(<svg\b.*?</svg>)", re.DOTALL)
ZWJ = "\u200d"


def soft_wrap(html: str) -> str:
    """Break opportunities in long unbroken runs of the body's text, outside the chart."""
    head, body_tag, body = html.partition("<body")
    if not body_tag:
        return html
    pieces = _SVG.split(body)
    for index in range(0, len(pieces), 2):  # the odd pieces are SVG, left alone
        if _ANY_LONG_RUN.search(pieces[index]):
            pieces[index] = _TEXT_BETWEEN_TAGS.sub(_wrap_text_node, pieces[index])
    return head + body_tag + "".join(pieces)


def _wrap_text_node(match: re.Match) -> str:
    return ">" + _LONG_RUN.sub(_split_run, match.group(1)) + "<"


def _split_run(match: re.Match) -> str:
    out, count, previous = [], 0, ""
    for token in _RUN_TOKEN.findall(match.group(0)):
        if count >= SOFT_WRAP_EVERY and _may_break_between(previous, token):
            out.append(ZERO_WIDTH_SPACE)
            count = 0
        out.append(token)
        count += 1
        previous = token
    return "".join(out)


def _may_break_between(before: str, after: str) -> bool:
    """False inside a grapheme: before a combining mark, joiner, variation selector or skin
    tone, after a joiner, and between the two regional indicators of a flag."""
    if len(after) == 1:
        code = ord(after)
        if (
            unicodedata.category(after) in ("Mn", "Me", "Mc")
            or after == ZWJ
            or 0xFE00 <= code <= 0xFE0F
            or 0x1F3FB <= code <= 0x1F3FF
            or 0xE0000 <= code <= 0xE01EF
        ):
            return False
        if _is_regional_indicator(after) and _is_regional_indicator(before):
            return False
    return before != ZWJ


def _is_regional_indicator(char: str) -> bool:
    return len(char) == 1 and 0x1F1E6 <= ord(char) <= 0x1F1FF
