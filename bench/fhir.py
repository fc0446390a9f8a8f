"""How long the FHIR export of a 100-trial review takes, warm (issue 24: under 200 ms).

    .venv/bin/python bench/fhir.py [--runs 15]

In one process, on a scratch SQLite database, it imports the tests' 100-trial review
(tests/reviews/samples.hundred_trials), finalises it, warms up, then times alternately
  (a) the download: the view, from the request to the last byte (access check, audit row, the
      review fetched, export_fhir, JSON), through Django's test client;
  (b) export_fhir alone: the review fetched fresh from the database with its rows, its reading
      (the interchange dict, the trial facts, the previous review) and the Bundle;
  (c) document_bundle alone, from the interchange dict and trial facts already computed (what a
      caller holding the request's reading of the review pays),
and prints the Bundle's size and the median of each, the download's last, as `download_ms=`.
Results are recorded in docs/benchmarks.md.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
TARGET_MS = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs of each (at least 7)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="trdreview-bench-") as scratch:
        # Before Django reads its settings: a throwaway database, never the developer's.
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(scratch) / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trdreview.settings")
        os.environ.setdefault("DJANGO_DEBUG", "1")  # a development run: debug is off when unset
        sys.path[0] = str(REPOSITORY)

        import django

        django.setup()
        run(runs=max(args.runs, 7))


def run(*, runs: int) -> None:
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from reviews import services
    from reviews.exports.fhir import document_bundle, export_fhir, review_meta
    from reviews.models import Review
    from reviews.reading import read
    from tests.reviews.samples import hundred_trials

    call_command("migrate", verbosity=0)
    clinician = services.create_clinician(
        username="bench", practice_name="Bench practice", password="bench", validate_password=False
    )
    review = services.import_review(data=hundred_trials(), by=clinician)
    review = services.finalise_review(
        review=review, expected_version=review.lock_version, by=clinician
    )
    rows = ("severity_scores", "medication_trials", "psychotherapies", "procedures")

    def fresh() -> Review:
        related = Review.objects.select_related("clinician", "practice", "amends")
        return related.prefetch_related(*rows).get(pk=review.pk)

    client = Client(HTTP_HOST="localhost")
    client.force_login(clinician)
    url = reverse("review_export_fhir", args=[review.pk])

    def download() -> bytes:
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response.content

    def whole_export() -> dict:
        return export_fhir(read(fresh()))

    reading = read(fresh())
    meta = review_meta(reading)

    def bundle_alone() -> dict:
        return document_bundle(data=reading.data, meta=meta, trial_facts=reading.trial_facts)

    for _ in range(3):  # warm-up: templates, imports, the Questionnaire
        download()
        whole_export()
        bundle_alone()

    timings: dict[str, list[float]] = {"download": [], "export": [], "bundle": []}
    for _ in range(runs):  # alternating, so a busy moment of the machine hits all alike
        timings["download"].append(timed(download))
        timings["export"].append(timed(whole_export))
        timings["bundle"].append(timed(bundle_alone))

    bundle = whole_export()
    size = len(json.dumps(bundle, ensure_ascii=False).encode())  # as the view sends it
    a, b, c = (statistics.median(timings[key]) * 1000 for key in ("download", "export", "bundle"))
    print(f"review: 100 medication trials, final; runs: {runs} of each")
    print(f"bundle: {len(bundle['entry'])} entries, {size / 1024:.0f} KiB as downloaded")
    print(f"(a) the download, request to last byte:        median {a:.1f} ms")
    print(f"(b) export_fhir, the review fetched fresh:     median {b:.1f} ms")
    print(f"(c) document_bundle from the computed inputs:  median {c:.1f} ms")
    print(f"download_ms={a:.1f} (target: under {TARGET_MS})")


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
