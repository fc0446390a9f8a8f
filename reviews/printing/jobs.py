"""PDFs rendered off the request path, on Django's tasks API (the django-tasks backport) with the
database backend: the queue lives in the application's own database, SQLite or PostgreSQL, and
workers (`manage.py pdf_worker`) take renders from it.

A download asks for a PDF of the review as it is now. A kept one (reviews.printing.downloads) is
served at once; otherwise `request_render` records the wish in a `PdfRender` row, one per review,
sheet, options and paper, and queues a task that carries that row's id and a token only. The
task renders, keeps the bytes and marks the row ready; the page the clinician waits on polls
`status`. A render that fails or runs out of time is tried once more, then the row says failed
and the page offers to try again; failures are logged with ids only. A render whose worker died
is taken up again: by a worker starting on the same machine (its process is gone), or by the next
look at the row once the render has run longer than the timeout.
"""

import logging
import os
import signal
import socket
import threading
import uuid
from collections.abc import Mapping
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from reviews.models import PdfRender, Review
from reviews.printing import downloads, engine, registry
from reviews.printing.sheet import SheetKind

logger = logging.getLogger("reviews.pdf")
State = PdfRender.State
ATTEMPTS = 2  # a failed or timed-out render is tried once more
UNDER_WAY = (State.QUEUED, State.RENDERING)
# A clinician waiting goes first; a final's PDFs rendered ahead of any download come after.
CLICKED, AHEAD = 10, -10


class RenderTimedOut(Exception):
    """The render ran longer than TRDREVIEW_PDF_TIMEOUT_SECONDS."""


def request_render(
    review: Review,
    *,
    kind: SheetKind,
    options: Mapping[str, str | bool],
    paper: str,
    priority: int = CLICKED,
) -> PdfRender:
    """A render of the review as it is now, queued unless one is queued or under way already.

    The review's row is locked first, so two clicks at once make one row and queue one task (no
    insert is ever refused by the unique constraint)."""
    which = {
        "review": review,
        "sheet": kind.name,
        "options": downloads.options_key(kind, options),
        "paper": paper,
    }
    with transaction.atomic():
        Review.objects.select_for_update().filter(pk=review.pk).values_list("pk").first()
        job = PdfRender.objects.filter(**which).first()
        if job is not None and job.lock_version == review.lock_version:
            if job.state in UNDER_WAY and not _lost(job):
                return job
            if job.state == State.FAILED:
                return job  # shown as failed; the clinician asks again (retry)
        job = job or PdfRender(**which)
        job.lock_version, job.attempts = review.lock_version, 0
        _queue(job)
    _enqueue(job, priority)
    return job


def prepare_final(review: Review) -> None:
    """Queue a final version's PDFs (every sheet at its default options, A4 and US Letter) once
    it is committed, so its first download is served at once. Rendering in the request, no."""
    if settings.TRDREVIEW_PDF_RENDERING != "queue":
        return

    def queue_all() -> None:
        for kind in registry.sheets().values():
            for paper in engine.PAPER_SIZES:
                options = kind.chosen({})
                request_render(review, kind=kind, options=options, paper=paper, priority=AHEAD)

    transaction.on_commit(queue_all)


def retry(job: PdfRender) -> None:
    """Try a failed render again, from the start (the clinician asked)."""
    job.attempts = 0
    _queue(job)
    _enqueue(job)


def _queue(job: PdfRender) -> None:
    """Make the job's next attempt, under a new token (older tasks of the job stand down)."""
    job.state, job.token, job.worker = State.QUEUED, uuid.uuid4().hex, ""
    job.started_at, job.updated_at = None, timezone.now()
    job.save()


def _enqueue(job: PdfRender, priority: int = CLICKED) -> None:
    """The task, on the queue once the job's row is committed, so a worker never looks for a row
    that is not there yet; rendering in the request, it runs here and now, outside the lock."""
    job_id, token = job.pk, job.token
    queued = render_pdf.using(priority=priority)
    if settings.TRDREVIEW_PDF_RENDERING == "request":
        queued.enqueue(job_id, token)
    else:
        transaction.on_commit(lambda: queued.enqueue(job_id, token))


def status(job: PdfRender) -> str:
    """ "ready", "failed" or "waiting"; a render whose worker is gone is queued again here."""
    job.refresh_from_db()
    if job.state in UNDER_WAY and _lost(job):
        _give_up_or_retry(job, "lost")
        job.refresh_from_db()
    if job.state == State.READY:
        return "ready"
    return "failed" if job.state == State.FAILED else "waiting"


def _lost(job: PdfRender) -> bool:
    """A render started longer ago than the timeout allows (with room for the timeout itself to
    fire), or a queued task nobody took for that long: either is queued again under a new token."""
    limit = timezone.now() - timedelta(seconds=2 * settings.TRDREVIEW_PDF_TIMEOUT_SECONDS)
    if job.state == State.RENDERING:
        return job.started_at is not None and job.started_at < limit
    return job.updated_at < limit


@task(queue_name="pdf")
def render_pdf(job_id: int, token: str) -> None:
    """Render the job's PDF and keep it: the queued task. Never raises (a failure is the job's
    state, and the queue's own record would keep the exception's text)."""
    job = _claim(job_id, token)
    if job is None:
        return  # superseded, or taken by another worker already
    try:
        with _time_limit(settings.TRDREVIEW_PDF_TIMEOUT_SECONDS):
            _render_and_keep(job)
    except Exception as error:  # logged by type only: a message may quote what was typed
        logger.warning(
            "PDF render %s (review %s) failed on attempt %s of %s: %s",
            job.pk,
            job.review_id,
            job.attempts,
            ATTEMPTS,
            type(error).__name__,
        )
        _give_up_or_retry(job, type(error).__name__)
        return
    PdfRender.objects.filter(pk=job.pk, token=token).update(
        state=State.READY, updated_at=timezone.now()
    )


def _claim(job_id: int, token: str) -> PdfRender | None:
    claimed = PdfRender.objects.filter(pk=job_id, token=token, state=State.QUEUED).update(
        state=State.RENDERING,
        worker=worker_name(),
        started_at=timezone.now(),
        updated_at=timezone.now(),
    )
    if not claimed:
        return None
    job = PdfRender.objects.get(pk=job_id)
    PdfRender.objects.filter(pk=job_id).update(attempts=job.attempts + 1)
    job.attempts += 1
    return job


def _render_and_keep(job: PdfRender) -> None:
    review = Review.objects.select_related("clinician", "practice").get(pk=job.review_id)
    kind = registry.sheet_named(job.sheet)
    options = downloads.options_from_key(kind, job.options)
    content = downloads.render(review, kind=kind, options=options, paper=job.paper)
    downloads.keep(review, content, kind=kind, options=options, paper=job.paper)


def _give_up_or_retry(job: PdfRender, why: str) -> None:
    """After a failed, timed-out or lost attempt: queue the next, or mark the job failed."""
    with transaction.atomic():
        current = PdfRender.objects.select_for_update().filter(pk=job.pk, token=job.token).first()
        if current is None or current.state not in UNDER_WAY:
            return  # superseded meanwhile
        if current.attempts < ATTEMPTS:
            _queue(current)
        else:
            current.state, current.updated_at = State.FAILED, timezone.now()
            current.save(update_fields=["state", "updated_at"])
    if current.state == State.QUEUED:
        _enqueue(current)
        return
    logger.warning("PDF render %s (review %s) gave up: %s", job.pk, job.review_id, why)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def recover_lost_here() -> int:
    """Renders this machine's dead workers left under way, queued again (or failed after their
    last attempt); for a worker starting up. How many."""
    host = f"{socket.gethostname()}:"
    found = 0
    for job in PdfRender.objects.filter(state=State.RENDERING, worker__startswith=host):
        pid = job.worker.removeprefix(host)
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            _give_up_or_retry(job, "worker gone")
            found += 1
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# Set by the worker command: the time limit interrupts the worker's main thread, never a web
# request's (rendering in the request, TRDREVIEW_PDF_RENDERING=request, has Gunicorn's timeout).
TIME_LIMITS = {"enabled": False}


@contextmanager
def _time_limit(seconds: int):
    usable = TIME_LIMITS["enabled"] and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def stop(signum, frame):
        raise RenderTimedOut

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
