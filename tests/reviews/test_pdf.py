"""The PDF summary, read back with pypdf: what a reader of the printout would find on the pages."""

import datetime
import io
import re
import socket
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from reviews import catalogue, pdf, services
from reviews.summary import Summary, Table, build_summary
from tests.reviews.samples import blank_review, rich_review, therapy, trial

GENERATED_AT = datetime.datetime(2026, 11, 20, 15, 30, tzinfo=datetime.UTC)
DIRECTIVE_WORDS = ("should", "recommend", "must", "advise", "indicated")
A4 = (595.28, 841.89)  # points
LETTER = (612.0, 792.0)


# --- Helpers ---


def pages_text(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def flat(text: str) -> str:
    """Text without whitespace: a line may wrap anywhere inside a long string."""
    return re.sub(r"\s+", "", text)


def render(review, **options) -> bytes:
    return pdf.render_pdf(build_summary(review), generated_at=GENERATED_AT, **options)


def summary_of(data: dict, clinician, *, final: bool = False) -> Summary:
    review = services.import_review(data=data, by=clinician)
    if final:
        review = services.finalise_review(
            review=review, expected_version=review.version, by=review.clinician
        )
    return build_summary(review)


@pytest.fixture
def rich(clinician):
    return services.import_review(data=rich_review(), by=clinician)


@pytest.fixture
def blank(clinician):
    return services.import_review(data=blank_review(), by=clinician)


# --- Content ---


def test_every_category_source_disclaimer_and_the_patient_are_in_the_pdf(rich):
    pages = pages_text(render(rich))
    text = "\n".join(pages)

    for category in catalogue.CATEGORIES:
        assert flat(category.label) in flat(text), category.id
    for source in catalogue.SOURCES:
        assert flat(f"{source.key} — {source.title}") in flat(text)
        assert flat(source.kind) in flat(text)
    assert flat(catalogue.DISCLAIMER) in flat(text)
    assert "Recorded as tried" in text
    assert "No related entries in this review." in text
    assert "Facts at a glance" in text
    assert "Treatment timeline" in text


def test_every_page_has_the_header_and_a_page_x_of_y_footer(rich):
    pages = pages_text(render(rich))

    assert len(pages) > 1
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "MRN-0042" in page
        assert "2026-11-20" in page
        assert "Ada Byrne" in page
        assert "Riverside Clinic" in page
        assert "Generated 2026-11-20 15:30" in page
        assert f"catalogue version {catalogue.CATALOGUE_VERSION}" in page


def test_the_answers_of_every_section_are_printed(rich):
    text = "\n".join(pages_text(render(rich)))

    for section in build_summary(rich).answers:
        assert section.title in text
    assert "St John's wort until 2024" in text
    assert "Hypomanic episode reported by family in 2019, not confirmed." in text
    assert "Venlafaxine" in text
    assert "restlessness" in text


def test_a4_and_letter_pages(blank):
    for paper, (width, height) in (("a4", A4), ("letter", LETTER)):
        reader = PdfReader(io.BytesIO(render(blank, paper=paper)))
        for page in reader.pages:
            assert float(page.mediabox.width) == pytest.approx(width, abs=0.5)
            assert float(page.mediabox.height) == pytest.approx(height, abs=0.5)


def test_other_paper_sizes_are_refused(blank):
    with pytest.raises(ValueError, match="paper"):
        render(blank, paper="a3")


def test_drafts_carry_a_watermark_on_every_page_and_finals_none(clinician):
    draft = pdf.render_pdf(summary_of(rich_review(), clinician), generated_at=GENERATED_AT)
    final = pdf.render_pdf(
        summary_of(rich_review(), clinician, final=True), generated_at=GENERATED_AT
    )

    draft_pages = pages_text(draft)
    assert all("DRAFT" in page for page in draft_pages)
    assert "Draft" in draft_pages[0]
    final_pages = pages_text(final)
    assert not any("DRAFT" in page for page in final_pages)
    assert "Final" in final_pages[0]


def test_recorded_safety_concerns_are_on_page_one_with_the_note(clinician):
    data = rich_review()
    data["safety"] = {"suicidal_thoughts": "yes", "self_harm": "no", "notes": "Passive thoughts."}
    first = pages_text(pdf.render_pdf(summary_of(data, clinician)))[0]

    assert "Safety: recorded at this visit" in first
    assert "Current suicidal thoughts: yes" in first
    assert "Self-harm: yes" not in first
    assert "Passive thoughts." in first
    assert flat(catalogue.SAFETY_NOTE) in flat(first)


def test_no_safety_box_when_nothing_was_recorded(blank):
    assert "Safety: recorded" not in "\n".join(pages_text(render(blank)))


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
        Path(settings.BASE_DIR, "static", "css", "pdf.css"),
    ):
        words = set(re.findall(r"[a-z]+", path.read_text(encoding="utf-8").lower()))
        assert not words & set(DIRECTIVE_WORDS), path


def test_the_printed_text_has_no_directive_wording(rich):
    text = "\n".join(pages_text(render(rich))).lower()
    for word in DIRECTIVE_WORDS:
        assert not re.search(rf"\b{word}\b", text), word


# --- Hostile input ---


@pytest.fixture
def listener():
    """A local port that records every connection made to it while the test runs."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.1)
    connections: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            connections.append(connection)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], connections
    stop.set()
    thread.join(timeout=2)
    server.close()
    for connection in connections:
        connection.close()


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

    html = pdf.render_html(summary)
    content = pdf.render_pdf(summary, generated_at=GENERATED_AT)

    assert "<script>" not in html
    assert "<img" not in html
    assert "<link" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    text = flat("\n".join(pages_text(content)))
    for string in strings:
        assert flat(string) in text, string
    assert flat("<b>MRN</b>&amp;") in text
    threading.Event().wait(0.3)  # time for a late connection attempt to arrive
    assert connections == []
    # The listener does see a connection when one is made.
    socket.create_connection(("127.0.0.1", port), timeout=1).close()
    threading.Event().wait(0.3)
    assert len(connections) == 1


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


def test_a_large_review_renders_with_a_sane_page_count(clinician):
    summary = summary_of(large_review(), clinician)
    pages = pages_text(pdf.render_pdf(summary, generated_at=GENERATED_AT))
    text = "\n".join(pages)

    assert 10 <= len(pages) <= 40
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
    # The trials table's column headings repeat on each page it runs onto.
    assert sum("Tolerability" in page for page in pages) >= 2


# --- Shaping tables and long text ---


def test_print_tables_move_notes_under_their_row():
    table = Table(
        "Medication trials",
        ("Drug", "Dates", "Notes"),
        (("sertraline", "2024-04-01 – 2024-06-15", "long note"), ("citalopram", "—", "—")),
    )
    printed = pdf.print_table(table)

    assert printed.columns == ("Drug", "Dates")
    assert printed.rows[0].cells == ("sertraline", "2024-04-01\u00a0– 2024-06-15")
    assert printed.rows[0].notes == "long note"
    assert printed.rows[1].notes == ""
    assert printed.rows[0].keep_together


def test_soft_wrap_breaks_long_runs_but_keeps_entities_graphemes_and_the_chart():
    family = "👨\u200d👩\u200d👧"
    flag = "🇯🇵"
    run = "a" * 30 + "&lt;" * 30 + (family + flag + "e\u0301") * 20
    html = (
        f"<html><head><title>{'t' * 60}</title></head>"
        f"<body><p>{run}</p><svg><text>{'s' * 60}</text></svg></body></html>"
    )
    wrapped = pdf.soft_wrap(html)

    assert wrapped.replace(pdf.ZERO_WIDTH_SPACE, "") == html
    body = wrapped.split("<p>")[1].split("</p>")[0]
    assert all(len(piece) <= 4 * pdf.SOFT_WRAP_EVERY for piece in body.split("\u200b"))
    assert body.count(pdf.ZERO_WIDTH_SPACE) >= 3
    for piece in body.split(pdf.ZERO_WIDTH_SPACE):
        assert not piece.startswith(("lt;", "\u200d", "\u0301", "\U0001f1f5"))
        assert not piece.endswith(("&", "\u200d"))
    assert "t" * 60 in wrapped  # the head is left alone
    assert "s" * 60 in wrapped  # and so is the chart
    assert pdf.soft_wrap("short text, no body") == "short text, no body"


def test_long_notes_get_the_page_width_and_may_split_across_pages(clinician):
    data = rich_review()
    data["clinician_notes"] = "Long note. " * 100
    data["medication_trials"][0]["notes"] = "Trial note. " * 100
    data["adherence"]["notes"] = "Adherence note. " * 200
    html = pdf.render_html(summary_of(data, clinician))

    assert '<tr class="long-answer"><td colspan="2" class="user-text">Long note.' in html
    assert '<span class="field">Notes</span> (sertraline): Trial note.' in html
    # The adherence category carries the long note among its findings: it is not kept whole.
    assert html.count('class="category keep-together"') == len(catalogue.CATEGORIES) - 1


# --- The command ---


def test_review_pdf_command_writes_the_file(rich, tmp_path):
    out = tmp_path / "summary.pdf"
    stdout = io.StringIO()
    call_command("review_pdf", str(rich.pk), out=str(out), paper="letter", stdout=stdout)

    reader = PdfReader(out)
    assert float(reader.pages[0].mediabox.width) == pytest.approx(LETTER[0], abs=0.5)
    assert "MRN-0042" in reader.pages[0].extract_text()
    assert str(out) in stdout.getvalue()


def test_review_pdf_command_refuses_an_unknown_review(db, tmp_path):
    out = tmp_path / "summary.pdf"
    with pytest.raises(CommandError, match="no review with id 999"):
        call_command("review_pdf", "999", out=str(out))
    assert not out.exists()
