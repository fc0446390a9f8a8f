"""How much our code adds to WeasyPrint when printing a review's PDF summary.

    .venv/bin/python bench/pdf.py [--runs 9] [--paper a4]

In one process, on a scratch SQLite database, after a warm-up, it times alternately
  (a) the whole path: the review fetched fresh from the database, build_summary, render_pdf;
  (b) WeasyPrint alone laying out the same final HTML, with the same cached stylesheets, fonts
      and URL fetcher;
and prints the median of each and, as its last line, overhead_ratio=<a/b>. Target: at most 1.10.
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
        sys.path[0] = str(REPOSITORY)  # this script's own folder would shadow nothing useful

        import django

        django.setup()
        run(runs=runs, paper=args.paper)


def run(*, runs: int, paper: str) -> None:
    from django.core.management import call_command
    from weasyprint import HTML

    from reviews import pdf, services
    from reviews.models import Review
    from reviews.summary import build_summary

    call_command("migrate", verbosity=0)
    clinician = services.create_clinician(
        username="bench", practice_name="Bench practice", password="bench", validate_password=False
    )
    review_id = services.import_review(data=realistic_review(), by=clinician).pk
    generated_at = datetime.datetime(2026, 11, 20, 12, 0, tzinfo=datetime.UTC)

    def whole_path() -> bytes:
        review = Review.objects.select_related("clinician", "practice").get(pk=review_id)
        return pdf.render_pdf(build_summary(review), paper=paper, generated_at=generated_at)

    review = Review.objects.select_related("clinician", "practice").get(pk=review_id)
    html = pdf.render_html(build_summary(review), paper=paper, generated_at=generated_at)

    def weasyprint_alone() -> bytes:
        document = HTML(string=html, base_url=pdf.BASE_URL, url_fetcher=pdf.url_fetcher())
        return document.write_pdf(stylesheets=pdf.stylesheets(paper), font_config=pdf.font_config())

    for _ in range(2):  # warm-up: stylesheets, fonts, templates, imports
        whole_path()
        weasyprint_alone()

    whole, alone = [], []
    for _ in range(runs):  # alternating, so a busy moment of the machine hits both alike
        whole.append(timed(whole_path))
        alone.append(timed(weasyprint_alone))

    a, b = statistics.median(whole), statistics.median(alone)
    pages = page_count(whole_path())
    print(f"review: 8 medication trials, 2 psychotherapies, 2 procedures; paper {paper}")
    print(f"pages: {pages}; runs: {runs} of each after a warm-up")
    print(f"(a) review from the database to PDF bytes: median {a * 1000:.1f} ms")
    print(f"(b) WeasyPrint alone on the same HTML:     median {b * 1000:.1f} ms")
    print(f"overhead_ratio={a / b:.3f}")


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
