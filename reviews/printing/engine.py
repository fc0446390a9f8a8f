"""The PDF summary of a review: a function from the summary object to bytes.

This is the only module that imports WeasyPrint, and only inside the functions that print, so
nothing that does not print pays for loading it. The PDF's template (templates/pdf/summary.html,
autoescaped like every template) prints the summary page's own partial; what differs on paper is
in its stylesheet (static/css/pdf.css). It never renders a view and never fetches a URL over a
network. The PDF is PDF/A-2a: archival and tagged.

Whatever a clinician typed reaches the HTML escaped, so it can never become markup that loads
something. Behind that, the URL fetcher given to WeasyPrint serves only our own static files under
a private scheme and refuses everything else (http, https, file, data, …), and the base URL uses
that scheme, so a relative URL cannot resolve to the file system either.

Parsing the stylesheets and setting up fonts costs more than laying out a short document, so both
happen once per process (per paper size for the page rule).
"""

import datetime
import functools
import hashlib
import mimetypes
import posixpath
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from reviews.facts import catalogue
from reviews.models import Review, StoredPdf
from reviews.printing.sheets import documentation
from reviews.printing.sheets.summary import Summary, build_summary

if TYPE_CHECKING:  # WeasyPrint is imported inside the functions that print, never at import time
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

TEMPLATE = "pdf/summary.html"
STYLESHEET = "css/pdf.css"
PRINTED_PAGE = "css/printed-page.css"  # the frame pdf.css and documentation.css share
# CSS page sizes by the `paper` argument of render_pdf.
PAPER_SIZES: dict[str, str] = {"a4": "A4", "letter": "letter"}

# Our own static files, as WeasyPrint sees them: "trdreview-static:/css/pdf.css". Python's
# urljoin does not resolve relative references against an unknown scheme, so with this base URL a
# relative URL stays relative and the fetcher refuses it; it never becomes a file:// path.
STATIC_SCHEME = "trdreview-static"
BASE_URL = f"{STATIC_SCHEME}:/"


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


def _fetch_static(url: str):
    """A `trdreview-static:` URL as WeasyPrint's response; RefusedURL for anything else.

    WeasyPrint catches the error, logs it and leaves the resource out; nothing reaches a network.
    """
    from weasyprint.urls import URLFetcherResponse

    path = static_path(url)
    with open(path, "rb") as file:
        body = file.read()
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})


@functools.cache
def url_fetcher():
    """Serves `trdreview-static:` URLs from the staticfiles finders and refuses anything else."""
    from weasyprint.urls import URLFetcher

    class StaticFilesFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols=(STATIC_SCHEME,), allow_redirects=False)

        def fetch(self, url, headers=None):
            return _fetch_static(url)

        def open(self, url, data=None, timeout=None):
            # OpenerDirector's own opening would reach urllib's HTTP and file handlers.
            return _fetch_static(getattr(url, "full_url", url))

    return StaticFilesFetcher()


@functools.cache
def font_config() -> "FontConfiguration":
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@functools.cache
def _static_stylesheet(path: str) -> "CSS":
    """One of our stylesheets, parsed once per process."""
    from weasyprint import CSS

    return CSS(url=f"{STATIC_SCHEME}:/{path}", url_fetcher=url_fetcher(), font_config=font_config())


@functools.cache
def page_size(paper: str) -> "CSS":
    """The one rule that sets the paper, A4 or US Letter."""
    from weasyprint import CSS

    return CSS(
        string=f"@page {{ size: {PAPER_SIZES[paper]}; }}",
        base_url=BASE_URL,
        url_fetcher=url_fetcher(),
        font_config=font_config(),
    )


def stylesheets(paper: str) -> tuple["CSS", ...]:
    """The summary's print stylesheets for `paper`: the frame every printed page shares, the
    summary's own, the page size. Each is parsed once per process."""
    return (_static_stylesheet(PRINTED_PAGE), _static_stylesheet(STYLESHEET), page_size(paper))


def render_pdf(
    summary: Summary,
    *,
    paper: str = "a4",
    generated_at: datetime.datetime | None = None,
    with_descriptions: bool = False,
) -> bytes:
    """The PDF summary of a review, on A4 or US Letter paper ("a4" or "letter"), as PDF/A-2a
    (archival, tagged for screen readers), with the category descriptions as an appendix when
    asked for.

    `generated_at` is printed in every page's footer (default: now). ValueError for another paper.
    """
    html = render_html(
        summary, paper=paper, generated_at=generated_at, with_descriptions=with_descriptions
    )
    return html_to_pdf(html, paper=paper)


def render_html(
    summary: Summary,
    *,
    paper: str = "a4",
    generated_at: datetime.datetime | None = None,
    with_descriptions: bool = False,
) -> str:
    """The HTML the PDF is laid out from."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    context = {
        "summary": summary,
        "generated_at": timezone.localtime(generated_at or timezone.now()),
        "paper": paper,
        "with_descriptions": with_descriptions,
        "safety_note": catalogue.SAFETY_NOTE,
        "disclaimer": catalogue.DISCLAIMER,
    }
    return render_to_string(TEMPLATE, context)


PDF_VARIANT = "pdf/a-2a"  # archival and tagged: screen readers and EHR archives can use it


def html_to_pdf(html: str, *, paper: str = "a4", styles: tuple["CSS", ...] | None = None) -> bytes:
    """Lay out HTML from render_html with the cached stylesheets, fonts and fetcher."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher())
    return document.write_pdf(
        stylesheets=styles or stylesheets(paper),
        font_config=font_config(),
        pdf_variant=PDF_VARIANT,
    )


# --- The documentation sheet: its own template and stylesheet ---

DOCUMENTATION_TEMPLATE = "pdf/documentation.html"
DOCUMENTATION_STYLESHEET = "css/documentation.css"


def documentation_stylesheets(paper: str) -> tuple["CSS", ...]:
    """The sheet's print stylesheets for `paper`, each parsed once per process."""
    return (
        _static_stylesheet(PRINTED_PAGE),
        _static_stylesheet(DOCUMENTATION_STYLESHEET),
        page_size(paper),
    )


def render_documentation_pdf(
    sheet: documentation.Sheet, *, paper: str = "a4", generated_at: datetime.datetime | None = None
) -> bytes:
    """The documentation sheet as PDF/A-2a, on A4 or US Letter; ValueError for another paper."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    context = {
        "sheet": sheet,
        "statement": documentation.STATEMENT,
        "generated_at": timezone.localtime(generated_at or timezone.now()),
    }
    html = render_to_string(DOCUMENTATION_TEMPLATE, context)
    return html_to_pdf(html, paper=paper, styles=documentation_stylesheets(paper))


def render_for_download(
    review: Review,
    *,
    paper: str,
    with_descriptions: bool = False,
    sheet: str = "summary",
    request_for: str = "",
    generated_at: datetime.datetime | None = None,
) -> bytes:
    """The summary, or the documentation sheet for `request_for`, of a review."""
    summary = build_summary(review)
    if sheet == "documentation":
        document = documentation.build_sheet(
            summary.data,
            request=request_for,
            header=summary.header,
            min_weeks=settings.TRDREVIEW_MIN_TRIAL_WEEKS,
        )
        return render_documentation_pdf(document, paper=paper, generated_at=generated_at)
    return render_pdf(
        summary, paper=paper, with_descriptions=with_descriptions, generated_at=generated_at
    )


# --- The PDF a download gets ---


@dataclass(frozen=True)
class PrintedPdf:
    content: bytes
    sha256: str
    kept: bool  # the bytes kept for a final version (True) or rendered for a draft (False)


def pdf_for_download(
    review: Review,
    *,
    paper: str = "a4",
    with_descriptions: bool = False,
    sheet: str = "summary",
    request_for: str = "",
):
    """The PDF a clinician downloads: the summary, or the documentation sheet for `request_for`
    ("tms", "esketamine", "other"). A draft is rendered on demand (and marked DRAFT). A final
    version is rendered once, on its first download, and kept: every later download of that
    version returns the same bytes, whatever changes in the code, catalogue or settings."""
    if sheet != "documentation":
        request_for = ""
    else:
        with_descriptions = False

    def render(generated_at: datetime.datetime | None = None) -> bytes:
        return render_for_download(
            review,
            paper=paper,
            with_descriptions=with_descriptions,
            sheet=sheet,
            request_for=request_for,
            generated_at=generated_at,
        )

    if not review.is_final:
        content = render()
        return PrintedPdf(content, hashlib.sha256(content).hexdigest(), kept=False)
    option = {
        "review": review,
        "paper": paper,
        "with_descriptions": with_descriptions,
        "sheet": sheet,
        "request_for": request_for,
    }
    stored = StoredPdf.objects.filter(**option).only("content", "sha256").first()
    if stored is None:
        content = render(generated_at=review.finalised_at)
        stored = StoredPdf(
            **option,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            created_at=timezone.now(),
        )
        try:
            with transaction.atomic():
                stored.save()
        except IntegrityError:  # printed at the same moment from another request: keep the first
            stored = StoredPdf.objects.get(**option)
    return PrintedPdf(bytes(stored.content), stored.sha256, kept=True)
