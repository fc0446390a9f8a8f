"""The PDF summary, read back with pypdf: what a reader of the printout would find on the pages."""

import datetime
import html
import io
import queue
import re
import socket
import subprocess
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from bench.pdf import realistic_review
from reviews import services
from reviews.facts import catalogue, trials
from reviews.printing import engine as pdf
from reviews.printing.sheets.summary import SHEET as SUMMARY
from reviews.printing.sheets.summary import Summary
from reviews.templatetags.print_text import ZERO_WIDTH_SPACE, soft_wrap
from tests.reviews.builders import summary_of as built
from tests.reviews.builders import summary_pdf
from tests.reviews.samples import rich_review, therapy, trial
from tests.wording import directive_phrases

GENERATED_AT = datetime.datetime(2026, 11, 20, 15, 30, tzinfo=datetime.UTC)
A4 = (595.28, 841.89)  # points
LETTER = (612.0, 792.0)


# --- Helpers ---


def pages_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def flat_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def flat(text: str) -> str:
    """Text without whitespace: a line may wrap anywhere inside a long string."""
    return re.sub(r"\s+", "", text)


def render(review, *, descriptions: bool = False, **options) -> bytes:
    return summary_pdf(
        built(review, descriptions=descriptions), generated_at=GENERATED_AT, **options
    )


def summary_of(data: dict, clinician, *, final: bool = False) -> Summary:
    review = services.import_review(data=data, by=clinician)
    if final:
        review = services.finalise_review(
            review=review, expected_version=review.lock_version, by=review.clinician
        )
    return built(review)


# --- Content ---


@pytest.mark.pdf
def test_every_category_source_disclaimer_and_the_patient_are_in_the_pdf(rich):
    pages = pages_text(render(rich))
    text = "\n".join(pages)

    for category in catalogue.CATEGORIES:
        assert flat(category.label) in flat(text), category.id
    for source in catalogue.SOURCES:
        assert flat(f"{source.key} {source.title} {source.kind}") in flat(text)
    assert flat(catalogue.DISCLAIMER) in flat(text)
    assert "nothing related recorded in this review" in text
    assert "alphabetical within groups; the order carries no ranking" in flat_spaces(text)
    # No tried / not-tried badges, no description sentences beside the patient's facts.
    assert "Recorded as tried" not in text
    assert "Not recorded as tried" not in text
    assert flat(catalogue.CATEGORIES_BY_ID["ect"].when_mentioned) not in flat(text)


@pytest.mark.pdf
def test_page_one_is_the_patient_and_a_typical_review_fits_on_two_pages(clinician):
    data = realistic_review()
    pages = pages_text(summary_pdf(summary_of(data, clinician), generated_at=GENERATED_AT))
    first = flat(pages[0])

    assert len(pages) <= 2
    assert "MRN-0042" in first
    assert flat("Suicidal thoughts (now or past month): No") in first
    assert flat("Self-harm without intent to die: No") in first
    for row in data["medication_trials"]:
        assert flat(row["drug"]) in first, row["drug"]
    assert flat("All recorded trials") in first
    assert flat(trials.DEFINITIONS["failed"]) in first
    assert "Timeline" in pages[0]
    assert "Categories the source documents mention" in pages[1]
    assert "Electroconvulsive therapy (ECT)" not in pages[0]


@pytest.mark.pdf
def test_a_follow_up_says_on_page_one_what_changed_since_the_last_review(clinician):
    earlier = rich_review()
    earlier["visit_date"] = "2026-06-10"
    earlier["medication_trials"] = earlier["medication_trials"][:-1]  # before bupropion
    for score in earlier["episode"]["severity_scores"]:
        score["date"] = "2026-06-10"
    summary_of(earlier, clinician, final=True)
    later = rich_review()
    later["safety"]["wish_dead"] = "no"
    pages = pages_text(summary_pdf(summary_of(later, clinician), generated_at=GENERATED_AT))
    first = flat(pages[0])

    assert len(pages) == 2
    assert flat("Changes since the review of 2026-06-10") in first
    assert flat("Trial added: bupropion") in first
    assert flat("Wish to be dead (past month): yes → no") in first
    # The counts stand above the ledger's rows, so a long ledger cannot push them off page 1.
    assert first.index(flat("Failed adequate trials")) < first.index("sertraline")


@pytest.mark.pdf
def test_a_follow_up_of_the_typical_review_keeps_its_changes_and_scores_on_two_pages(clinician):
    earlier = realistic_review()
    earlier["visit_date"] = "2026-06-10"
    earlier["medication_trials"] = [
        row for row in earlier["medication_trials"] if (row["end"] or "9") < "2026-06-10"
    ]
    for score in earlier["episode"]["severity_scores"]:
        score.update(date="2026-06-10", score=score["score"] + 4)
    earlier["safety"]["wish_dead"] = "yes"
    summary_of(earlier, clinician, final=True)
    later = realistic_review()
    later["safety"]["wish_dead"] = "no"
    pages = pages_text(summary_pdf(summary_of(later, clinician), generated_at=GENERATED_AT))
    first = flat(pages[0])

    assert len(pages) == 2
    # The two trials of the patient's report (citalopram, bupropion) say so beside their class.
    assert flat("citalopram this episode SSRI; patient report") in first
    assert flat("sertraline this episode SSRI 2024") in first
    assert flat("PHQ-9: 23 on 2026-06-10 → 19 on 2026-11-20.") in first
    assert flat("Wish to be dead (past month): yes → no.") in first
    assert "Timeline" in pages[0]


@pytest.mark.pdf
def test_every_page_has_the_header_and_a_page_x_of_y_footer(rich):
    pages = pages_text(render(rich))

    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "MRN-0042" in page
        assert "2026-11-20" in page
        assert "Generated 2026-11-20 15:30" in page
        assert f"catalogue version {catalogue.CATALOGUE_VERSION}" in page
    assert "Ada Byrne" in pages[0]
    assert "Riverside Clinic" in pages[0]


@pytest.mark.pdf
def test_a_final_review_has_its_finalised_time_and_a_signature_line(clinician):
    pages = pages_text(summary_pdf(summary_of(rich_review(), clinician, final=True)))
    text = "\n".join(pages)

    assert re.search(r"finalised \d{4}-\d\d-\d\d \d\d:\d\d UTC", pages[0])
    assert re.search(r"Finalised by Ada Byrne, Riverside Clinic, on \d{4}-\d\d-\d\d", text)
    assert "Signature" in text
    assert "DRAFT" not in text


@pytest.mark.pdf
def test_the_appendix_holds_the_category_descriptions_only_when_asked(rich):
    plain = "\n".join(pages_text(render(rich)))
    with_descriptions = "\n".join(pages_text(render(rich, descriptions=True)))

    description = catalogue.CATEGORIES_BY_ID["vns"].description
    assert flat(description) not in flat(plain)
    assert flat(description) in flat(with_descriptions)
    assert "Category descriptions" in with_descriptions


@pytest.mark.pdf
def test_a4_and_letter_pages(blank):
    for paper, (width, height) in (("a4", A4), ("letter", LETTER)):
        reader = PdfReader(io.BytesIO(render(blank, paper=paper)))
        for page in reader.pages:
            assert float(page.mediabox.width) == pytest.approx(width, abs=0.5)
            assert float(page.mediabox.height) == pytest.approx(height, abs=0.5)


def test_other_paper_sizes_are_refused(blank):
    with pytest.raises(ValueError, match="paper"):
        render(blank, paper="a3")


@pytest.mark.pdf
def test_drafts_carry_a_watermark_on_every_page_and_finals_none(clinician):
    draft = summary_pdf(summary_of(rich_review(), clinician), generated_at=GENERATED_AT)
    final = summary_pdf(summary_of(rich_review(), clinician, final=True), generated_at=GENERATED_AT)

    draft_pages = pages_text(draft)
    assert all("DRAFT" in page for page in draft_pages)
    assert "Draft" in draft_pages[0]
    final_pages = pages_text(final)
    assert not any("DRAFT" in page for page in final_pages)
    assert "Final" in final_pages[0]


def word_boxes(content: bytes, page: int) -> list[tuple[str, float, float, float, float]]:
    """Each word on a page with its box (x0, y0, x1, y1), as poppler's pdftotext lays it out."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return [
        (html.unescape(word), *(float(value) for value in box))
        for *box, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            xhtml,
        )
    ]


def overlapping(boxes) -> list[tuple[str, str]]:
    """Pairs of words printed over each other: their boxes share more than a sliver across and
    more than half the height of the smaller (a line's box reaches into the next line's)."""
    found = []
    for index, (word, x0, y0, x1, y1) in enumerate(boxes):
        for other, u0, v0, u1, v1 in boxes[index + 1 :]:
            width = min(x1, u1) - max(x0, u0)
            height = min(y1, v1) - max(y0, v0)
            if width > 0.5 and height > 0.5 * min(y1 - y0, v1 - v0):
                found.append((word, other))
    return found


@pytest.mark.pdf
@pytest.mark.parametrize("onset", [None, "2024-03-01"])
def test_page_one_has_no_text_printed_over_other_text(clinician, onset):
    # Without an onset, the three "onset not recorded" cells printed over each other and over
    # the definition beside them.
    data = rich_review()
    data["episode"]["onset"] = onset
    content = summary_pdf(summary_of(data, clinician, final=True), generated_at=GENERATED_AT)
    boxes = word_boxes(content, 1)
    assert len(boxes) > 300
    assert overlapping(boxes) == []
    if onset is None:
        assert flat("Current episode onset not recorded") in flat(pages_text(content)[0])


@pytest.mark.pdf
def test_recorded_safety_answers_are_on_page_one_and_the_sources_note_with_the_disclaimer(
    clinician,
):
    data = rich_review()
    data["safety"] = {"suicidal_thoughts": "yes", "self_harm": "no", "notes": "Passive thoughts."}
    first, second = pages_text(summary_pdf(summary_of(data, clinician)))

    assert "Safety, as recorded at this visit" in first
    assert flat("Suicidal thoughts (now or past month): Yes") in flat(first)
    assert flat("Self-harm without intent to die: No") in flat(first)
    assert "Passive thoughts." in first
    # What the sources say on the subject is not beside the patient's answers, where the two
    # would read as a rule, but with the disclaimer, the same in every summary.
    assert flat(catalogue.SAFETY_NOTE) not in flat(first)
    assert flat(catalogue.DISCLAIMER + catalogue.SAFETY_NOTE) in flat(second)


@pytest.mark.pdf
def test_no_safety_box_when_nothing_was_recorded(blank):
    assert "Safety: recorded" not in "\n".join(pages_text(render(blank)))


@pytest.mark.pdf
def test_a_blank_review_prints_without_a_timeline(blank):
    pages = pages_text(render(blank))
    text = "\n".join(pages)

    assert "Treatment timeline" not in text
    assert "None recorded." in text
    assert "TEST-1" in pages[0]
    assert f"Page 1 of {len(pages)}" in pages[0]


def test_the_template_has_no_directive_wording():
    for path in (
        Path(settings.BASE_DIR, "templates", "pdf", "summary.html"),
        Path(settings.BASE_DIR, "templates", "reviews", "includes", "summary_body.html"),
        Path(settings.BASE_DIR, "templates", "reviews", "includes", "trial_ledger.html"),
        Path(settings.BASE_DIR, "templates", "charts", "timeline.svg"),
        Path(settings.BASE_DIR, "static", "css", "pdf.css"),
        Path(settings.BASE_DIR, "static", "css", "printed-page.css"),
        Path(settings.BASE_DIR, "static", "css", "summary.css"),
    ):
        # Stylesheets print text only through `content`; their comments are for developers.
        text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
        assert directive_phrases(text) == [], path


@pytest.mark.pdf
def test_the_printed_text_has_no_directive_wording(rich):
    assert directive_phrases("\n".join(pages_text(render(rich)))) == []


# --- Hostile input ---


@pytest.fixture
def listener():
    """A local port that records every connection made to it while the test runs."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.1)
    connections: queue.Queue[socket.socket] = queue.Queue()
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connections.put(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], connections
    stop.set()
    thread.join(timeout=2)
    server.close()
    while not connections.empty():
        connections.get().close()


def hostile_strings(port: int) -> list[str]:
    return [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "{{ 7*7 }}",
        '{% now "Y" %}',
        "file:///etc/passwd",
        f'<img src="http://127.0.0.1:{port}/x.png">',
        f'<link rel=stylesheet href="http://127.0.0.1:{port}/s.css">',
        f"<style>body {{ background: url(http://127.0.0.1:{port}/) }}</style>",
        f"<svg><image href='http://127.0.0.1:{port}/i.svg'/></svg>",
    ]


@pytest.mark.pdf
def test_hostile_text_prints_literally_and_nothing_is_fetched(clinician, listener):
    port, connections = listener
    strings = hostile_strings(port)
    joined = "\n".join(strings)
    data = rich_review()
    data["patient_ref"] = "<b>MRN</b>&amp;"
    data["clinician_notes"] = joined
    data["safety"] = {"suicidal_thoughts": "yes", "self_harm": "yes", "notes": joined}
    data["differentials"]["notes"] = joined
    data["medication_trials"][0]["notes"] = joined
    data["medication_trials"][1]["drug"] = "<script>alert(1)</script>"
    data["medication_trials"][1]["reason_stopped"] = strings[5]
    summary = summary_of(data, clinician)

    html = pdf.render_html(SUMMARY, summary)
    content = summary_pdf(summary, generated_at=GENERATED_AT)

    assert "<script>" not in html
    assert "<img" not in html
    assert "<link" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = flat("\n".join(pages_text(content)))
    for string in strings:
        assert flat(string) in text, string
    assert flat("<b>MRN</b>&amp;") in text
    # A connection of our own, made now: the listener accepts in the order connections came,
    # so if ours is the first it sees, printing made none (and the listener does see one).
    with (
        socket.create_connection(("127.0.0.1", port), timeout=1) as ours,
        connections.get(timeout=10) as first,
    ):
        assert first.getpeername() == ours.getsockname()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://example.com/s.css",
        "ftp://example.com/x",
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "data:text/css,body{}",
        "x.png",
        "/etc/passwd",
        "../../etc/passwd",
        "trdreview-static:/../../etc/passwd",
        "trdreview-static:/css/../../../trdreview/settings.py",
        "trdreview-static:/%2e%2e/%2e%2e/etc/passwd",
        "trdreview-static:/css/..%2f..%2fmanage.py",
        "trdreview-static://example.com/css/pdf.css",
        "trdreview-static:/css\\..\\..\\manage.py",
        "trdreview-static:/css/pdf.css%00.png",
        "trdreview-static:/no/such/file.css",
        "trdreview-static:/",
    ],
)
def test_the_url_fetcher_refuses_everything_but_our_static_files(url):
    with pytest.raises(pdf.RefusedURL):
        pdf.url_fetcher().fetch(url)


def test_the_url_fetcher_serves_our_static_files():
    response = pdf.url_fetcher().fetch(f"{pdf.STATIC_SCHEME}:/css/pdf.css")

    assert response.content_type == "text/css"
    assert b"@page" in response.read()
    response.close()


def test_relative_urls_never_resolve_against_the_file_system():
    from urllib.parse import urljoin

    for relative in ("x.png", "/etc/passwd", "../settings.py"):
        joined = urljoin(pdf.BASE_URL, relative)
        assert not joined.startswith("file:")
        with pytest.raises(pdf.RefusedURL):
            pdf.url_fetcher().fetch(joined)


# --- Size ---


def large_review() -> dict:
    """40 trials, 10,000-character notes, Japanese, Arabic and emoji, a long unbroken string."""
    mixed = "服薬を続けているが効果は限定的。 المريض يذكر تحسنا جزئيا 🙂 Sleep still poor. "
    long_note = (mixed * 200)[:10_000]
    data = rich_review()
    data["patient_ref"] = "患者-٤٢-🙂"
    classes = ("ssri", "snri", "tca", "maoi", "atypical", "antipsychotic", "mood_stabilizer")
    names = ("sertraline", "セルトラリン", "سيرترالين", "venlafaxine 🙂")
    data["medication_trials"] = [
        trial(
            f"{names[index % 4]} {index}",
            classes[index % len(classes)],
            role="augmentation"
            if classes[index % len(classes)] == "antipsychotic"
            else "monotherapy",
            start=f"{2004 + index // 2}-{1 + index % 12:02d}-01" if index % 9 else None,
            end=f"{2004 + index // 2}-{1 + index % 12:02d}-28" if index % 4 else None,
            max_daily_dose_mg=5 * (index + 1),
            dose_adequate="yes",
            reason_stopped="効果なし" if index % 3 else "no effect",
            notes=long_note if index == 7 else mixed if index % 5 == 0 else "",
        )
        for index in range(40)
    ]
    data["psychotherapies"].append(therapy("dbt", sessions=20, start="2019-02-01", notes=mixed))
    data["clinician_notes"] = long_note
    data["adherence"]["notes"] = long_note
    data["differentials"]["notes"] = "x" * 3000
    return data


@pytest.mark.pdf
def test_a_large_review_renders_with_a_sane_page_count(clinician):
    summary = summary_of(large_review(), clinician)
    pages = pages_text(summary_pdf(summary, generated_at=GENERATED_AT))
    text = "\n".join(pages)

    assert 4 <= len(pages) <= 40
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert "sertraline 36" in text
    assert "セルトラリン 37" in text
    assert "سيرترالين" in text  # right-to-left: extracted in visual order beside the number
    assert "venlafaxine" in text
    assert "服薬を続けているが効果は限定的" in text
    assert "Sleep still poor." in text
    # The 3,000 x's wrap onto many lines instead of running off the page.
    runs = re.findall(r"x{20,}", text)
    assert sum(len(run) for run in runs) >= 3000
    assert max(len(run) for run in runs) < 150
    # The ledger's column headings repeat on each page it runs onto.
    assert sum("Whystopped" in flat(page) for page in pages) >= 2


# --- Shaping tables and long text ---


def test_soft_wrap_breaks_long_runs_but_keeps_graphemes_and_escapes():
    family = "👨\u200d👩\u200d👧"
    flag = "🇯🇵"
    run = "a" * 30 + "<" * 30 + (family + flag + "e\u0301") * 20
    wrapped = soft_wrap(run)

    assert "<" not in wrapped  # escaped
    body = str(wrapped).replace("&lt;", "<")
    assert body.replace(ZERO_WIDTH_SPACE, "") == run
    assert body.count(ZERO_WIDTH_SPACE) >= 3
    for piece in body.split(ZERO_WIDTH_SPACE):
        assert not piece.startswith(("\u200d", "\u0301", "\U0001f1f5"))
        assert not piece.endswith("\u200d")
    assert soft_wrap("short text") == "short text"


@pytest.mark.pdf
def test_a_note_longer_than_the_page_left_starts_under_its_trial_and_runs_on(clinician):
    data = rich_review()
    for row in data["medication_trials"][-2:]:  # aripiprazole, bupropion: half a page each
        row["notes"] = f"{row['drug']} note. " * 300
    pages = pages_text(summary_pdf(summary_of(data, clinician), generated_at=GENERATED_AT))

    # Kept whole, bupropion's line and note would move to page 2, leaving page 1 part empty.
    assert "Notes (bupropion):" in pages[0]
    assert "bupropion note." in pages[0] and "bupropion note." in pages[1]


def test_long_notes_print_in_full_under_their_trial(clinician):
    data = rich_review()
    data["medication_trials"][0]["notes"] = "Trial note. " * 100
    html = pdf.render_html(SUMMARY, summary_of(data, clinician))

    assert '<span class="field">Notes (sertraline):</span> Trial note.' in html
    assert html.count("Trial note.") == 100


# --- The command ---


@pytest.mark.pdf
def test_review_pdf_command_writes_the_file(rich, tmp_path):
    out = tmp_path / "summary.pdf"
    stdout = io.StringIO()
    call_command("review_pdf", str(rich.pk), out=str(out), paper="letter", stdout=stdout)

    reader = PdfReader(out)
    assert float(reader.pages[0].mediabox.width) == pytest.approx(LETTER[0], abs=0.5)
    assert "MRN-0042" in reader.pages[0].extract_text()
    assert str(out) in stdout.getvalue()


@pytest.mark.pdf
def test_review_pdf_command_appends_the_descriptions_when_asked(rich, tmp_path):
    out = tmp_path / "summary.pdf"
    call_command("review_pdf", str(rich.pk), out=str(out), descriptions=True, stdout=io.StringIO())

    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Category descriptions" in text
    assert flat(catalogue.CATEGORIES_BY_ID["ect"].description) in flat(text)


def test_review_pdf_command_refuses_an_unknown_review(db, tmp_path):
    out = tmp_path / "summary.pdf"
    with pytest.raises(CommandError, match="no review with id 999"):
        call_command("review_pdf", "999", out=str(out))
    assert not out.exists()


# --- Downloads: a final version's PDF is kept ---


@pytest.mark.pdf
def test_a_final_versions_pdf_is_kept_and_every_download_returns_the_same_bytes(
    signed_in_client, clinician, settings
):
    import hashlib

    from django.urls import reverse

    from reviews.models import AuditEvent

    review = services.import_review(data=rich_review(), by=clinician)
    review = services.finalise_review(
        review=review, expected_version=review.lock_version, by=review.clinician
    )
    url = reverse("review_pdf", args=[review.pk])

    first = signed_in_client.get(url, {"paper": "a4"}).content
    settings.TRDREVIEW_MIN_TRIAL_WEEKS = 8  # would change a fresh rendering's text
    second = signed_in_client.get(url, {"paper": "a4"}).content
    letter = signed_in_client.get(url, {"paper": "letter"}).content

    assert first == second
    assert letter != first
    digest = hashlib.sha256(first).hexdigest()
    details = list(
        AuditEvent.objects.filter(review_id=review.pk, action="pdf").values_list(
            "detail", flat=True
        )
    )
    assert details.count(f"summary, paper a4, sha256 {digest}") == 2


@pytest.mark.pdf
def test_a_drafts_pdf_is_kept_for_its_state_and_rendered_again_once_it_changes(
    signed_in_client, clinician
):
    from django.urls import reverse

    from reviews.models import StoredPdf
    from reviews.steps import STEPS_BY_SLUG

    review = services.import_review(data=rich_review(), by=clinician)
    url = reverse("review_pdf", args=[review.pk])
    content = signed_in_client.get(url).content
    assert "DRAFT" in pages_text(content)[0]
    assert signed_in_client.get(url).content == content  # the same state: the kept bytes

    services.save_step(
        review=review,
        step=STEPS_BY_SLUG["notes"],
        values={"clinician_notes": "Seen again."},
        expected_version=review.lock_version,
        by=clinician,
    )
    changed = signed_in_client.get(url).content

    assert "Seen again." in " ".join(pages_text(changed))
    kept = StoredPdf.objects.get(review=review)  # replaced, not added to
    assert kept.lock_version == review.lock_version and bytes(kept.content) == changed


@pytest.mark.pdf
def test_the_pdf_is_pdf_a_tagged_with_title_and_language(rich):
    reader = PdfReader(io.BytesIO(render(rich)))

    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "MRN-0042" in reader.metadata.title
    assert b"pdfaid:part" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()


@pytest.mark.pdf
def test_no_running_header_or_title_reads_as_a_trd_determination(rich):
    """Issue 21: "TRD Review summary" atop every page, beside "Failed adequate trials: 2", read
    as a finding of TRD. The header and the PDF's title and subject say what the sheet is; the
    product's name is left only where it names the software (the PDF's creator)."""
    content = render(rich)
    reader = PdfReader(io.BytesIO(content))

    for number, page in enumerate(pages_text(content), start=1):
        assert "TRD Review" not in page, number
        assert "Depression treatment review — summary" in flat_spaces(page), number
    for value in (reader.metadata.title, reader.metadata.subject):
        assert "TRD" not in value
    assert reader.metadata.subject.startswith("Depression treatment review — summary")
    assert reader.metadata.creator == "TRD Review"


@pytest.mark.slow
def test_weasyprint_is_not_imported_by_code_that_does_not_print():
    import subprocess
    import sys

    code = (
        "import sys, django; django.setup(); "
        "import reviews.urls, reviews.printing.engine, reviews.printing.sheets.summary; "
        "from django.core.management import load_command_class; "
        "load_command_class('reviews', 'review_pdf'); "
        "print('weasyprint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "trdreview.settings"},
    )
    assert result.stdout.strip() == "False"


# Run in a fresh interpreter on a scratch database: the summary page, the JSON export, the
# review_summary command and the second download of a final version (its kept bytes) all work
# without loading WeasyPrint; only a first printing loads it.
NOTHING_PRINTS = """
import hashlib, io, json, sys, django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from reviews import services
from reviews.models import StoredPdf
from tests.reviews.samples import rich_review
call_command("migrate", verbosity=0)
who = services.create_clinician(
    username="a", practice_name="P", password="a", validate_password=False
)
review = services.import_review(data=rich_review(), by=who)
final = services.finalise_review(review=review, expected_version=review.lock_version, by=who)
kept = b"%PDF-1.7 kept bytes"
digest = hashlib.sha256(kept).hexdigest()
StoredPdf.objects.create(
    review=final, paper="a4", content=kept, sha256=digest, created_at=timezone.now(),
)
from reviews import audit  # kept PDFs are checked against the trail's record of them
audit.record("keep_pdf", review=final, detail=f"summary, paper a4, sha256 {digest}", user=who)
client = Client(HTTP_HOST="localhost")
client.force_login(who)
pages = [client.get(f"/reviews/{final.pk}/"), client.get(f"/reviews/{final.pk}/export.json")]
download = client.get(f"/reviews/{final.pk}/pdf/?paper=a4")
text = io.StringIO()
call_command("review_summary", final.pk, stdout=text)
assert [page.status_code for page in pages] == [200, 200], pages
assert b"".join(download) == kept, download
assert json.loads(text.getvalue())["review_id"] == final.pk
print("after serving:", "weasyprint" in sys.modules)
client.get(f"/reviews/{final.pk}/pdf/?paper=letter")  # not kept yet: printed now
print("after printing:", "weasyprint" in sys.modules)
"""


@pytest.mark.pdf
@pytest.mark.slow
def test_weasyprint_loads_only_when_a_pdf_is_printed(tmp_path):
    import os
    import subprocess
    import sys

    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trdreview.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'scratch.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", NOTHING_PRINTS],
        capture_output=True,
        text=True,
        env=environment,
        cwd=settings.BASE_DIR,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "after serving: False" in result.stdout
    assert "after printing: True" in result.stdout
