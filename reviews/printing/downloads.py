"""The PDF a download gets: a draft's rendered on demand, a final version's rendered on its first
download and kept, so that every later download of that version returns the same bytes whatever
changes in the code, the catalogue or the settings (their SHA-256 goes in the audit row)."""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.utils import timezone

from reviews.models import Review, StoredPdf
from reviews.printing import engine
from reviews.printing.sheet import SheetKind
from reviews.reading import read


@dataclass(frozen=True)
class PrintedPdf:
    content: bytes
    sha256: str
    kept: bool  # the bytes kept for a final version (True) or rendered for a draft (False)


def options_key(kind: SheetKind, options: Mapping[str, str | bool]) -> str:
    """The options as the kept PDFs tell them apart: "treatment=tms", "descriptions=1", ""
    (an option at its default is left out)."""
    given = [
        (option.name, "1" if options[option.name] is True else str(options[option.name]))
        for option in kind.options
        if options[option.name] != option.default
    ]
    return urlencode(sorted(given))


def pdf_for_download(
    review: Review, *, kind: SheetKind, options: Mapping[str, str | bool], paper: str = "a4"
) -> PrintedPdf:
    """The PDF of the sheet `kind` of a review, with the sheet's `options`, on `paper`. The
    review is read (reviews.reading) only when there are no kept bytes to give."""

    def render(generated_at=None) -> bytes:
        document = kind.document(read(review), options)
        return engine.render(kind, document, paper=paper, generated_at=generated_at)

    if not review.is_final:
        content = render()
        return PrintedPdf(content, hashlib.sha256(content).hexdigest(), kept=False)
    which = {
        "review": review,
        "sheet": kind.name,
        "options": options_key(kind, options),
        "paper": paper,
    }
    stored = StoredPdf.objects.filter(**which).only("content", "sha256").first()
    if stored is None:
        content = render(generated_at=review.finalised_at)
        stored = StoredPdf(
            **which,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            created_at=timezone.now(),
        )
        try:
            with transaction.atomic():
                stored.save()
        except IntegrityError:  # printed at the same moment from another request: keep the first
            stored = StoredPdf.objects.get(**which)
    return PrintedPdf(bytes(stored.content), stored.sha256, kept=True)
