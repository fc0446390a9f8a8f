"""Kept PDFs: checked against the audit trail on every serve, and kept without the database ever
refusing an insert when two renders of the same PDF finish together."""

import copy
import hashlib

import pytest
from django.urls import reverse

from reviews import services
from reviews.models import AuditEvent, StoredPdf
from reviews.printing import downloads, engine
from tests.database_errors import refused_statements
from tests.reviews.samples import rich_review


@pytest.fixture
def final(clinician):
    review = services.import_review(data=rich_review(), by=clinician)
    return services.finalise_review(
        review=review, expected_version=review.lock_version, by=clinician
    )


def pdf_url(review):
    return reverse("review_pdf", args=[review.pk])


@pytest.mark.pdf
def test_replaced_kept_bytes_are_refused_audited_and_rendered_again(signed_in_client, final):
    first = signed_in_client.get(pdf_url(final)).content
    StoredPdf.objects.filter(review=final).update(content=b"%PDF-1.7 not what was kept")

    served = signed_in_client.get(pdf_url(final)).content

    assert served != b"%PDF-1.7 not what was kept"
    assert served[:5] == b"%PDF-"
    refusal = AuditEvent.objects.get(review_id=final.pk, action="pdf", outcome="failed")
    assert "do not match the audit trail" in refusal.detail
    kept = AuditEvent.objects.filter(review_id=final.pk, action="keep_pdf").order_by("-id")
    digest = hashlib.sha256(served).hexdigest()
    assert kept[0].detail == f"summary, paper a4, sha256 {digest}"
    assert len(kept) == 2 and kept[1].detail.endswith(hashlib.sha256(first).hexdigest())
    downloads_audited = AuditEvent.objects.filter(review_id=final.pk, action="pdf", outcome="ok")
    assert downloads_audited.latest("id").detail.endswith(digest)


def test_bytes_replaced_together_with_their_stored_hash_are_refused_too(signed_in_client, final):
    signed_in_client.get(pdf_url(final))
    forged = b"%PDF-1.7 forged"
    StoredPdf.objects.filter(review=final).update(
        content=forged, sha256=hashlib.sha256(forged).hexdigest()
    )
    assert signed_in_client.get(pdf_url(final)).content != forged


@pytest.mark.pdf
def test_two_renders_of_a_finals_pdf_finishing_together_keep_the_first_and_refuse_nothing(
    signed_in_client, final, monkeypatch
):
    real_render = engine.render

    def render_while_another_request_keeps_it(*args, **kwargs):
        other = real_render(*args, **kwargs)  # the other request, a moment earlier
        kind, options = args[0], {}
        downloads.keep(final, other, kind=kind, options=kind.chosen(options), paper="a4")
        return other + b"%% this request's copy"

    monkeypatch.setattr(engine, "render", render_while_another_request_keeps_it)
    with refused_statements() as refused:
        served = signed_in_client.get(pdf_url(final)).content

    assert refused == []
    assert not served.endswith(b"%% this request's copy")  # the first kept bytes stand
    assert StoredPdf.objects.filter(review=final).count() == 1


def test_a_drafts_render_finishing_after_a_later_ones_never_replaces_it(clinician):
    from reviews.printing.sheets.summary import SHEET

    review = services.import_review(data=rich_review(), by=clinician)
    later = copy.copy(review)
    later.lock_version = review.lock_version + 1  # read after the review was saved again
    options = SHEET.chosen({})
    downloads.keep(later, b"%PDF-1.7 later state", kind=SHEET, options=options, paper="a4")
    downloads.keep(review, b"%PDF-1.7 earlier state", kind=SHEET, options=options, paper="a4")

    kept = StoredPdf.objects.get(review=review)
    assert (bytes(kept.content), kept.lock_version) == (b"%PDF-1.7 later state", later.lock_version)
