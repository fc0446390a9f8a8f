"""Whether the reviews home stays as fast with 100,000 reviews as with 100.

    .venv/bin/python bench/list.py [--runs 9] [--large 100000] [--postgres postgres://user@host:port]

On scratch databases (SQLite files in a temporary directory; with --postgres, two databases
`trdreview_bench_small` and `trdreview_bench_large` on that server, dropped afterwards) it
bulk-inserts 100 reviews of one practice (one to six medication
trials each, a few amended), copies that database and grows the copy to the large size, then
measures the home page on both as a signed-in clinician through Django's test client (server
side: middleware, queries, template), alternating between them so that other load on the
machine hits both alike. Each figure is the median of at least 7 runs after a warm-up. Then the
same for a patient search that matches anywhere in the reference and one that matches its start
(the same 44 and 40 reviews in both databases), with their query counts, their 100,000 / 100
ratios and the anywhere / prefix ratio, and the query plan of the search at the large size. The
last line is `queries_small=N queries_large=N scaling_ratio=<large/small>`; target: equal query
counts and a ratio of at most 1.5. Results are recorded in docs/benchmarks.md.
"""

import argparse
import datetime
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
SMALL = 100
BATCH = 5_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs per size (at least 7)")
    parser.add_argument("--large", type=int, default=100_000, help="reviews in the large run")
    parser.add_argument("--postgres", default="", help="server URL without a database name")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="trdreview-bench-") as scratch:
        # Before Django reads its settings: throwaway databases, never the developer's. The
        # large one is "default"; "small" sits beside it, and Switch routes every query.
        if args.postgres:
            server = args.postgres.rstrip("/")
            recreate(server, SMALL_DB)
            recreate(server, LARGE_DB)  # replaced by a copy of the small one once it is filled
            os.environ["DATABASE_URL"] = f"{server}/{LARGE_DB}"
        else:
            os.environ["DATABASE_URL"] = f"sqlite:///{Path(scratch) / 'large.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trdreview.settings")
        os.environ.setdefault("DJANGO_DEBUG", "1")  # a development run: debug is off when unset
        sys.path[0] = str(REPOSITORY)

        from django.conf import settings

        settings.DATABASES["small"] = {
            **settings.DATABASES["default"],
            "NAME": SMALL_DB if args.postgres else str(Path(scratch) / "small.sqlite3"),
        }
        settings.DATABASE_ROUTERS = [f"{__name__}.Switch"]

        import django

        django.setup()
        try:
            run(runs=max(args.runs, 7), large=max(args.large, SMALL), scratch=Path(scratch))
        finally:
            if args.postgres:
                from django.db import connections

                connections.close_all()
                for name in (SMALL_DB, LARGE_DB):
                    admin(server, f"DROP DATABASE IF EXISTS {name}")


SMALL_DB, LARGE_DB = "trdreview_bench_small", "trdreview_bench_large"


def admin(server: str, statement: str) -> None:
    """One statement on the server's maintenance database, outside a transaction."""
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def recreate(server: str, name: str, template: str = "") -> None:
    admin(server, f"DROP DATABASE IF EXISTS {name}")
    admin(server, f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))


class Switch:
    """Sends every query to the database being measured."""

    alias = "small"

    def db_for_read(self, model, **hints):
        return Switch.alias

    def db_for_write(self, model, **hints):
        return Switch.alias

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the clinician made in the small database is the large one's too

    def allow_migrate(self, db, app_label, **hints):
        return True


def run(*, runs: int, large: int, scratch: Path) -> None:
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import setup_test_environment

    from reviews import services

    setup_test_environment(debug=False)  # lets the test client in as "testserver"
    rng = random.Random(1)
    started = time.perf_counter()

    # The small database: the clinician, their session and 100 reviews; then the large one
    # starts as a copy of it, so both hold the same session, and grows to `large` reviews.
    call_command("migrate", database="small", verbosity=0)
    clinician = services.create_clinician(
        username="bench", practice_name="Bench practice", password="bench", validate_password=False
    )
    client = Client()
    client.force_login(clinician)
    fill(clinician, 0, SMALL, rng)
    settle(connections["small"])
    connections["default"].close()  # opened by the services' transactions, on an empty file
    if connection_vendor() == "postgresql":
        connections["small"].close()
        server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        recreate(server, LARGE_DB, template=SMALL_DB)
    else:
        for leftover in scratch.glob("large.sqlite3*"):
            leftover.unlink()
        shutil.copyfile(scratch / "small.sqlite3", scratch / "large.sqlite3")
    Switch.alias = "default"
    fill(clinician, SMALL, large, rng)
    settle(connections["default"])
    print(f"filled {SMALL} and {large:,} reviews in {time.perf_counter() - started:.0f} s")

    # Alternating runs, so a busy moment of the machine hits both sizes alike.
    (small_ms, large_ms), (queries_small, queries_large) = measure(client, runs)
    print(f"{SMALL:>7} reviews: median {small_ms:.1f} ms, {queries_small} queries")
    print(f"{large:>7} reviews: median {large_ms:.1f} ms, {queries_large} queries")

    # Finding a patient: the same few matches at both sizes ("00001" is in P-000001 and
    # P-000010 to P-000019, 44 reviews; "p-00001" starts P-000010 to P-000019, 40 reviews).
    searched, anywhere_url = {}, ""
    for match, typed in (("anywhere", "00001"), ("prefix", "p-00001")):
        urls = []
        for alias in ("small", "default"):
            Switch.alias = alias
            urls.append(client.post("/", {"patient_ref": typed, "match": match})["Location"])
        (small_search, large_search), (small_q, large_q) = measure(client, runs, urls=urls)
        searched[match], anywhere_url = large_search, anywhere_url or urls[1]
        print(
            f"search {match} {typed!r}: {SMALL} reviews {small_search:.1f} ms ({small_q} queries), "
            f"{large:,} reviews {large_search:.1f} ms ({large_q} queries), "
            f"ratio {large_search / small_search:.3f}"
        )
    ratio = searched["anywhere"] / searched["prefix"]
    print(f"anywhere / prefix at {large:,} reviews: {ratio:.3f}")
    print_search_plan(client, anywhere_url)

    # For the record, not the target: a search, and the sorts other than the default.
    Switch.alias = "default"
    location = client.post("/", {"patient_ref": "P-0123", "match": "prefix"})["Location"]
    for label, url in (
        ("searching the prefix P-0123", location),
        ("sorted by patient reference", "/?sort=patient_asc"),
        ("sorted by last changed (no index)", "/?sort=changed_desc"),
    ):
        (_, ms), _ = measure(client, runs, urls=(url, url), aliases=("default", "default"))
        print(f"{large:>7} reviews, {label}: median {ms:.1f} ms")

    print(
        f"queries_small={queries_small} queries_large={queries_large} "
        f"scaling_ratio={large_ms / small_ms:.3f}"
    )


def connection_vendor() -> str:
    from django.db import connections

    return connections["default"].vendor


def settle(connection) -> None:
    """The database as one in steady use has it: SQLite's WAL written back into the file;
    PostgreSQL's statistics gathered (autovacuum would do it soon after a bulk load)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def print_search_plan(client, url: str) -> None:
    """The plan of the searched list's queries that read the patient reference, large size."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    Switch.alias = "default"
    connection = connections["default"]
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    explain = "EXPLAIN ANALYZE" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    for query in captured.captured_queries:
        if "patient_ref" not in query["sql"] or "LIKE" not in query["sql"]:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"{explain} {query['sql']}")
            lines = [" ".join(str(part) for part in row) for row in cursor.fetchall()]
        print("plan:", query["sql"][:90], "…")
        for line in lines:
            print("   ", line)


def measure(
    client, runs: int, urls=("/", "/"), aliases=("small", "default")
) -> tuple[tuple[float, float], tuple[int, int]]:
    """Median milliseconds of each of `urls` on its database, alternating, after a warm-up; and
    the number of queries each ran."""
    from django.db import connections
    from django.test.utils import CaptureQueriesContext

    def timed(alias: str) -> float:
        Switch.alias = alias
        start = time.perf_counter()
        response = client.get(urls[aliases.index(alias)])
        elapsed = time.perf_counter() - start
        assert response.status_code == 200
        return elapsed

    for _ in range(3):
        for alias in aliases:
            timed(alias)
    times: dict[int, list[float]] = {0: [], 1: []}
    for _ in range(runs):
        for index, alias in enumerate(aliases):
            times[index].append(timed(alias))
    queries = []
    for url, alias in zip(urls, aliases, strict=True):
        Switch.alias = alias
        with CaptureQueriesContext(connections[alias]) as captured:
            client.get(url)
        queries.append(len(captured))
    medians = tuple(statistics.median(times[index]) * 1000 for index in (0, 1))
    return medians, tuple(queries)


def fill(clinician, first: int, last: int, rng: random.Random) -> None:
    """Reviews number `first` to `last` - 1: four per patient, visits over ten years, one to six
    trials each; every 50th is a final review with an amendment."""
    from reviews.models import MedicationTrial, Review

    for batch_start in range(first, last, BATCH):
        numbers = range(batch_start, min(batch_start + BATCH, last))
        reviews = Review.objects.bulk_create(
            Review(
                practice=clinician.practice,
                clinician=clinician,
                patient_ref=f"P-{number // 4:06d}",
                visit_date=datetime.date(2016, 1, 1)
                + datetime.timedelta(days=rng.randint(0, 3650)),
                status="final" if number % 50 == 0 else rng.choice(("draft", "final")),
                clinician_notes="A note of a realistic length about the visit. " * 4,
            )
            for number in numbers
        )
        amendments = Review.objects.bulk_create(
            Review(
                practice=clinician.practice,
                clinician=clinician,
                patient_ref=review.patient_ref,
                visit_date=review.visit_date,
                revision=2,
                amends=review,
                amend_reason="correction",
            )
            for review in reviews
            if review.status == "final" and rng.random() < 0.04
        )
        MedicationTrial.objects.bulk_create(
            trial for review in [*reviews, *amendments] for trial in trials(review, rng)
        )


DRUGS = (
    ("sertraline", "ssri"),
    ("venlafaxine", "snri"),
    ("bupropion", "atypical"),
    ("nortriptyline", "tca"),
    ("aripiprazole", "antipsychotic"),
)


def trials(review, rng: random.Random) -> list:
    from reviews.models import MedicationTrial

    rows = []
    for _ in range(rng.randint(1, 6)):
        drug, drug_class = rng.choice(DRUGS)
        start = review.visit_date - datetime.timedelta(days=rng.randint(0, 900))
        end = start + datetime.timedelta(days=rng.randint(7, 200))
        rows.append(
            MedicationTrial(
                review=review,
                drug=drug,
                drug_class=drug_class,
                start=start,
                end=end if end < review.visit_date and rng.random() < 0.8 else None,
                weeks=rng.choice((None, None, None, 6)),
                dose_adequate=rng.choice(("yes", "no", "unknown")),
            )
        )
    return rows


if __name__ == "__main__":
    main()
