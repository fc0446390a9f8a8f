"""Normal races end without the database refusing a statement: a double-clicked start and a
follow-up pressed twice at once each make one draft. A refused insert would put the whole
statement, patient reference and notes included, in PostgreSQL's server log."""

import datetime
import threading
import time
import uuid

import pytest
from django.db import connection, connections

from reviews import services
from reviews.models import Review
from tests.database_errors import refused_statements
from tests.reviews.samples import rich_review

VISIT_DATE = datetime.date(2026, 3, 2)

pytestmark = pytest.mark.django_db(transaction=True)


def waiting_for_a_lock(thread: threading.Thread) -> None:
    """Return once `thread` waits for a row lock, or has finished. PostgreSQL says when a session
    waits; on SQLite every write transaction begins by taking the database's write lock
    (IMMEDIATE), so the second request cannot get between the first one's check and insert."""
    if connection.vendor != "postgresql":
        return
    deadline = time.monotonic() + 30
    while thread.is_alive() and time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.01)  # polling the server for the waiting session, not a fixed wait


def race(first, second, *, monkeypatch):
    """Run `first` until it saves its new review (after its checks, before its insert), run
    `second` meanwhile on another connection, then let `first` finish. Each gives what it
    returned and the statements the database refused on its connection."""
    paused, resume = threading.Event(), threading.Event()
    target, name = Review, "save"
    original = getattr(target, name)

    def pausing(self, *args, **kwargs):
        if threading.current_thread().name == "first" and not paused.is_set():
            paused.set()
            resume.wait(60)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(target, name, pausing)
    results: dict = {}

    def run(label, call):
        try:
            with refused_statements() as refused:
                results[label] = (call(), refused)
        finally:
            connections.close_all()

    one = threading.Thread(target=run, args=("first", first), name="first")
    two = threading.Thread(target=run, args=("second", second), name="second")
    one.start()
    assert paused.wait(60)
    two.start()
    waiting_for_a_lock(two)
    resume.set()
    one.join(60)
    two.join(60)
    return results["first"], results["second"]


def test_a_start_posted_twice_at_once_makes_one_draft_and_no_refused_insert(clinician, monkeypatch):
    token = uuid.uuid4()

    def start():
        return services.start_review(
            by=clinician, patient_ref="MRN-0042", visit_date=VISIT_DATE, start_token=token
        ).pk

    (first, refused_first), (second, refused_second) = race(start, start, monkeypatch=monkeypatch)

    assert first == second
    assert Review.objects.filter(clinician=clinician).count() == 1
    assert refused_first == refused_second == []


def test_a_follow_up_pressed_twice_at_once_makes_one_draft_and_no_refused_insert(
    clinician, monkeypatch
):
    review = services.import_review(data=rich_review(), by=clinician)
    final = services.finalise_review(
        review=review, expected_version=review.lock_version, by=clinician
    )

    def follow_up():
        return services.start_follow_up(review=final, by=clinician).pk

    (first, refused_first), (second, refused_second) = race(
        follow_up, follow_up, monkeypatch=monkeypatch
    )

    assert first == second
    assert Review.objects.filter(follows=final).count() == 1
    assert refused_first == refused_second == []
