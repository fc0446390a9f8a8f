"""How much our code adds to WeasyPrint when printing a review's PDF summary.

    .venv/bin/python bench/pdf.py [--runs 9] [--paper a4]

In one process, on a scratch SQLite database, after a warm-up, it times alternately
  (a) the whole path: the review fetched fresh from the database, read, built, rendered;
  (b) WeasyPrint alone laying out the same final HTML, with the same cached stylesheets, fonts
      and URL fetcher;
and (c) the layout of before issue 13 (nine pages: bench/old_layout/, a frozen copy of the old
template and stylesheet) laid out by WeasyPrint from the same review, and prints the page count,
the median of each, overhead_ratio=<a/b> (target: at most 1.10), the second download of a final
version (kept bytes, through the view), and, last, brief_vs_old=<a/c> (goal: at most 0.35).
Results are recorded in docs/benchmarks.md.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each (at least 7)")
    parser.add_argument("--paper", choices=("a4", "letter"), default="a4")
    args = parser.parse_args()
    runs = max(args.runs, 7)

    with tempfile.TemporaryDirectory(prefix="trdreview-bench-") as scratch:
        # Before Django reads its settings: a throwaway database, never the developer's.
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trdreview.settings")
        os.environ.setdefault("DJANGO_DEBUG", "1")  # a development run: debug is off when unset
        sys.path[0] = str(REPOSITORY)  # this script's own folder would shadow nothing useful

        import django

        django.setup()
        run(runs=runs, paper=args.paper)


def run(*, runs: int, paper: str) -> None:
    from django.core.management import call_command
    from weasyprint import HTML

    from reviews import services
    from reviews.models import Review
    from reviews.printing import engine as pdf
    from reviews.printing.sheets import summary
    from reviews.reading import read

    call_command("migrate", verbosity=0)
    clinician = services.create_clinician(
        username="bench", practice_name="Bench practice", password="bench", validate_password=False
    )
    review_id = services.import_review(data=realistic_review(), by=clinician).pk
    generated_at = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=datetime.UTC)

    def whole_path() -> bytes:
        review = Review.objects.select_related("clinician", "practice").get(pk=review_id)
        document = summary.build(read(review))
        return pdf.render(summary.SHEET, document, paper=paper, generated_at=generated_at)

    review = Review.objects.select_related("clinician", "practice").get(pk=review_id)
    html = pdf.render_html(
        summary.SHEET, summary.build(read(review)), paper=paper, generated_at=generated_at
    )

    def weasyprint_alone() -> bytes:
        document = HTML(string=html, base_url=pdf.BASE_URL, url_fetcher=pdf.url_fetcher())
        return document.write_pdf(
            stylesheets=pdf.stylesheets(summary.SHEET, paper),
            font_config=pdf.font_config(),
            pdf_variant=pdf.PDF_VARIANT,  # the same archival, tagged output as (a)
        )

    old_layout = old_layout_printer(review, paper=paper, generated_at=generated_at)

    for _ in range(2):  # warm-up: stylesheets, fonts, templates, imports
        whole_path()
        weasyprint_alone()
        old_layout()

    whole, alone, old = [], [], []
    for _ in range(runs):  # alternating, so a busy moment of the machine hits all alike
        whole.append(timed(whole_path))
        alone.append(timed(weasyprint_alone))
        old.append(timed(old_layout))

    a, b, c = statistics.median(whole), statistics.median(alone), statistics.median(old)
    pages = page_count(whole_path())
    second = second_download(review_id, paper=paper)
    print(f"review: 8 medication trials, 2 psychotherapies, 2 procedures; paper {paper}")
    print(f"pages={pages} (old layout: {page_count(old_layout())}); runs: {runs} of each")
    print(f"(a) review from the database to PDF bytes: median {a * 1000:.1f} ms")
    print(f"(b) WeasyPrint alone on the same HTML:     median {b * 1000:.1f} ms")
    print(f"(c) the old nine-page layout, same review:  median {c * 1000:.1f} ms")
    print(f"final version, second download (request to last byte): {second * 1000:.1f} ms")
    print(f"overhead_ratio={a / b:.3f}")
    print(f"brief_vs_old={a / c:.3f}")


def old_layout_printer(review, *, paper: str, generated_at):
    """The whole path as it was before issue 13, from bench/old_layout/ (template and stylesheet
    frozen at commit 9d78ced), with the same fetcher and fonts."""
    from django.template import Context, Engine
    from django.utils import timezone
    from django.utils.safestring import mark_safe
    from weasyprint import CSS, HTML

    from reviews.charts.timeline import timeline_svgs
    from reviews.facts import catalogue
    from reviews.models import Review
    from reviews.printing import engine as pdf
    from reviews.printing.sheets.summary import build
    from reviews.reading import read

    folder = REPOSITORY / "bench" / "old_layout"
    engine = Engine(dirs=[str(folder)], libraries={}, autoescape=True)
    template = engine.get_template("summary.html")
    stylesheets = (
        CSS(string=(folder / "pdf.css").read_text(), font_config=pdf.font_config()),
        pdf.page_size(paper),
    )

    def print_old() -> bytes:
        fresh = Review.objects.select_related("clinician", "practice").get(pk=review.pk)
        summary = build(read(fresh))
        context = {
            "summary": summary,
            "header": summary.header,
            "is_draft": summary.is_draft,
            "generated_at": timezone.localtime(generated_at),
            "paper": paper,
            "timelines": [mark_safe(svg) for svg in timeline_svgs(summary.data, width=680)],
            "keep_together": {entry.id for entry in summary.categories},
            "answers": [
                (section, [old_print_table(table) for table in section.tables])
                for section in summary.answers
            ],
            "safety_note": catalogue.SAFETY_NOTE,
            "disclaimer": catalogue.DISCLAIMER,
        }
        html = template.render(Context(context))
        document = HTML(string=html, base_url=pdf.BASE_URL, url_fetcher=pdf.url_fetcher())
        return document.write_pdf(stylesheets=stylesheets, font_config=pdf.font_config())

    return print_old


def old_print_table(table):
    """The old layout's table shape (reviews.pdf.print_table at 9d78ced): notes under the row."""
    from types import SimpleNamespace

    columns = list(table.columns)
    notes_at = columns.index("Notes") if "Notes" in columns else None
    rows = []
    for row in table.rows:
        cells = list(row)
        notes = cells.pop(notes_at) if notes_at is not None else ""
        notes = "" if notes == "—" else notes
        rows.append(SimpleNamespace(cells=cells, notes=notes, keep_together=len(notes) <= 600))
    if notes_at is not None:
        columns.pop(notes_at)
    return SimpleNamespace(title=table.title, columns=columns, rows=rows)


def second_download(review_id: int, *, paper: str) -> float:
    """A final version's PDF through the view, the second time: the kept bytes."""
    from django.test import Client
    from django.urls import reverse

    from reviews import services
    from reviews.models import Clinician, Review

    review = Review.objects.get(pk=review_id)
    final = services.finalise_review(
        review=review, expected_version=review.lock_version, by=review.clinician
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(Clinician.objects.get(username="bench"))
    url = reverse("review_pdf", args=[final.pk]) + f"?paper={paper}"
    client.get(url)  # the first download renders and keeps

    def download() -> bytes:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response.content

    return statistics.median(timed(download) for _ in range(5))


def page_count(content: bytes) -> int | str:
    try:
        from pypdf import PdfReader
    except ImportError:  # installed with the test extras only
        return "?"
    import io

    return len(PdfReader(io.BytesIO(content)).pages)


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def realistic_review() -> dict:
    """The tests' fully filled review, with three more trials: 8 trials, 2 therapies, 2
    procedures, notes in most sections."""
    from tests.reviews.samples import rich_review, trial

    data = rich_review()
    data["medication_trials"] += [
        trial(
            "mirtazapine",
            "atypical",
            start="2025-04-01",
            end="2025-08-15",
            max_daily_dose_mg=45,
            dose_adequate="yes",
            adherence="as_prescribed",
            response="partial",
            tolerability="limited_by_side_effects",
            reason_stopped="weight gain",
            info_source="records",
            notes="Sleep improved in the first weeks; mood unchanged.",
        ),
        trial(
            "lithium",
            "mood_stabilizer",
            role="augmentation",
            start="2025-05-01",
            end="2025-08-15",
            max_daily_dose_mg=800,
            dose_adequate="yes",
            adherence="partial",
            response="none",
            tolerability="tolerated",
            reason_stopped="no effect",
            info_source="pharmacy",
        ),
        trial(
            "nortriptyline",
            "tca",
            start="2025-09-01",
            end="2026-09-20",
            weeks=50,
            max_daily_dose_mg=100,
            dose_adequate="yes",
            adherence="as_prescribed",
            response="lost_response",
            tolerability="tolerated",
            reason_stopped="effect wore off",
            info_source="patient_report",
        ),
    ]
    return data


if __name__ == "__main__":
    main()
