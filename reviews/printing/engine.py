"""The printing engine: a sheet's document (reviews.printing.sheet) to PDF bytes.

This is the only module that imports WeasyPrint, and only inside the functions that print, so
nothing that does not print pays for loading it. A sheet's template (autoescaped like every
template) lays its document out; the summary's prints the summary page's own partial, and what
differs on paper is in the sheet's stylesheet. It never renders a view and never fetches a URL
over a network. Every PDF is PDF/A-2a: archival and tagged.

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
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from reviews.printing.sheet import Document, SheetKind

if TYPE_CHECKING:  # WeasyPrint is imported inside the functions that print, never at import time
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

PRINTED_PAGE = "css/printed-page.css"  # the frame every sheet's stylesheet builds on
# CSS page sizes by the `paper` argument of render.
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


def stylesheets(kind: SheetKind, paper: str) -> tuple["CSS", ...]:
    """A sheet's print stylesheets for `paper`: the frame every printed page shares, the sheet's
    own, the page size. Each is parsed once per process."""
    return (
        _static_stylesheet(PRINTED_PAGE),
        _static_stylesheet(kind.stylesheet),
        page_size(paper),
    )


def render(
    kind: SheetKind,
    document: Document,
    *,
    paper: str = "a4",
    generated_at: datetime.datetime | None = None,
) -> bytes:
    """A sheet's document as a PDF on A4 or US Letter paper ("a4" or "letter"), as PDF/A-2a
    (archival, tagged for screen readers). `generated_at` is printed in every page's footer
    (default: now). ValueError for another paper."""
    html = render_html(kind, document, paper=paper, generated_at=generated_at)
    return html_to_pdf(html, styles=stylesheets(kind, paper))


def render_html(
    kind: SheetKind,
    document: Document,
    *,
    paper: str = "a4",
    generated_at: datetime.datetime | None = None,
) -> str:
    """The HTML the PDF is laid out from: the sheet's template, with the document under the
    sheet's name ("summary", "documentation")."""
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    context = {
        kind.name: document,
        "generated_at": timezone.localtime(generated_at or timezone.now()),
        "paper": paper,
    }
    return render_to_string(kind.template, context)


PDF_VARIANT = "pdf/a-2a"  # archival and tagged: screen readers and EHR archives can use it


def html_to_pdf(html: str, *, styles: tuple["CSS", ...]) -> bytes:
    """Lay out HTML from render_html with the cached stylesheets, fonts and fetcher."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher())
    return document.write_pdf(
        stylesheets=styles, font_config=font_config(), pdf_variant=PDF_VARIANT
    )
