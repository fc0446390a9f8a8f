"""The PDFs a download gets, kept: a final version's rendered once (at finalising, or on its first
download) and returned byte for byte ever after, whatever changes in the code, the catalogue or
the settings; a draft's kept for one state of the review (its lock version) and replaced when a
later state is printed. The workers render them (reviews.printing.jobs); this module keeps them
and gives them out.

Every kept PDF's SHA-256 is written in the audit trail when it is kept ("Kept a PDF"), and the
bytes are hashed again on every serve: bytes that no longer match the trail are refused, the
refusal is audited, and the PDF is rendered again. Keeping never relies on a unique constraint
refusing an insert (the database server would log the whole statement, PDF and all): the
review's row is locked first, so two renders of the same PDF keep one after the other.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from django.db import transaction
from django.utils import timezone

from reviews import audit
from reviews.models import AuditEvent, Review, StoredPdf
from reviews.printing import engine
from reviews.printing.sheet import SheetKind
from reviews.reading import read


@dataclass(frozen=True)
class PrintedPdf:
    content: bytes
    sha256: str
    kept: bool = True


def options_key(kind: SheetKind, options: Mapping[str, str | bool]) -> str:
    """The options as the kept PDFs tell them apart: "treatment=tms", "descriptions=1", ""
    (an option at its default is left out)."""
    given = [
        (option.name, "1" if options[option.name] is True else str(options[option.name]))
        for option in kind.options
        if options[option.name] != option.default
    ]
    return urlencode(sorted(given))


def options_from_key(kind: SheetKind, key: str) -> dict[str, str | bool]:
    """The options options_key wrote, defaults filled in."""
    return kind.chosen(dict(parse_qsl(key)))


def _which(review: Review, kind: SheetKind, options: Mapping, paper: str) -> dict:
    return {
        "review": review,
        "sheet": kind.name,
        "options": options_key(kind, options),
        "paper": paper,
    }


def _audit_words(kind: SheetKind, options: Mapping, paper: str) -> str:
    """How the audit trail names this print: "documentation sheet for TMS, paper a4"."""
    return f"{kind.describe(options)}, paper {paper}"


def kept_pdf(
    review: Review, *, kind: SheetKind, options: Mapping[str, str | bool], paper: str
) -> PrintedPdf | None:
    """The kept PDF of the review as it is now, checked against the audit trail; None when
    there is none yet (or it was refused: then it is gone, and the refusal audited)."""
    stored = StoredPdf.objects.filter(**_which(review, kind, options, paper)).first()
    if stored is None:
        return None
    if not review.is_final and stored.lock_version != review.lock_version:
        return None  # a PDF of an earlier state of the draft
    content = bytes(stored.content)
    digest = hashlib.sha256(content).hexdigest()
    if digest != recorded_sha256(review, _audit_words(kind, options, paper)):
        audit.record(
            audit.Action.PDF,
            review=review,
            outcome=audit.Outcome.FAILED,
            detail=f"{_audit_words(kind, options, paper)}: the kept bytes do not match the audit "
            "trail; refused, rendered again",
        )
        stored.delete()
        return None
    return PrintedPdf(content, digest)


def recorded_sha256(review: Review, words: str) -> str | None:
    """The SHA-256 the audit trail recorded for this print of this state of the review: its
    newest "Kept a PDF" row; for a PDF kept before those rows were written, the first download's
    row (which recorded the bytes it kept)."""
    prefix = f"{words}, sha256 "
    # Not by practice: a worker keeps PDFs as nobody, and another practice's requests for this
    # review are refused before they could print or keep anything.
    rows = AuditEvent.objects.filter(
        review_id=review.pk, review_version=review.lock_version, detail__startswith=prefix
    )
    kept = rows.filter(action=audit.Action.KEEP_PDF).order_by("-id").first()
    if kept is None:
        kept = rows.filter(action=audit.Action.PDF, outcome=audit.Outcome.OK).order_by("id").first()
    return kept.detail.removeprefix(prefix) if kept is not None else None


def render(review: Review, *, kind: SheetKind, options: Mapping[str, str | bool], paper: str):
    """The sheet rendered now from the review as stored; a final's dated at its finalising."""
    document = kind.document(read(review), options)
    generated_at = review.finalised_at if review.is_final else None
    return engine.render(kind, document, paper=paper, generated_at=generated_at)


def keep(
    review: Review, content: bytes, *, kind: SheetKind, options: Mapping, paper: str
) -> PrintedPdf:
    """Keep bytes rendered from `review` (as read, at its lock version) and audit their hash.
    A final's PDF kept already stays as it is (the first kept wins); a draft's PDF of an earlier
    state is replaced, of a later one kept (these bytes are then not kept)."""
    which = _which(review, kind, options, paper)
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        Review.objects.select_for_update().filter(pk=review.pk).values_list("pk").first()
        stored = StoredPdf.objects.select_for_update().filter(**which).first()
        if stored is not None and (review.is_final or stored.lock_version == review.lock_version):
            return PrintedPdf(bytes(stored.content), stored.sha256)  # a racing render kept it
        if stored is not None and (stored.lock_version or 0) > review.lock_version:
            return PrintedPdf(content, digest, kept=False)  # a later state is kept already
        stored = stored or StoredPdf(**which)
        stored.content, stored.sha256 = content, digest
        stored.lock_version, stored.created_at = review.lock_version, timezone.now()
        stored.save()
        words = _audit_words(kind, options, paper)
        audit.record(audit.Action.KEEP_PDF, review=review, detail=f"{words}, sha256 {digest}")
    return PrintedPdf(content, digest)


def pdf_now(
    review: Review, *, kind: SheetKind, options: Mapping[str, str | bool], paper: str = "a4"
) -> PrintedPdf:
    """The kept PDF, or one rendered and kept now, in this process (the `review_pdf` command)."""
    printed = kept_pdf(review, kind=kind, options=options, paper=paper)
    if printed is None:
        content = render(review, kind=kind, options=options, paper=paper)
        printed = keep(review, content, kind=kind, options=options, paper=paper)
    return printed
