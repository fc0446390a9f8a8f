"""Render queued PDFs: a worker of the PDF queue (reviews.printing.jobs).

    .venv/bin/python manage.py pdf_worker [--batch] [--interval SECONDS]

Warms up before taking a job (a throwaway render loads WeasyPrint, the fonts and the
stylesheets; gc.freeze() then keeps that memory out of the collector's way), so no clinician
meets a cold first PDF. Renders left under way by a dead worker on this machine are queued again
first. Run any number, on any machine that reaches the database (docs/deploy.md); `make run`
starts one beside the web server. --batch renders what is queued, then stops (the tests).
A worker lowers its own CPU priority (--nice, 10 by default) so that on a machine shared with the
web server a render never holds up a page (docs/benchmarks.md, issue 26).
"""

import gc
import os
import time

from django.core.management.base import BaseCommand
from django_tasks_db.management.commands.db_worker import Worker

from reviews.printing import jobs, warm_up


class Command(BaseCommand):
    help = "Render queued PDFs (warms up first; --batch: what is queued, then stop)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="render what is queued, then stop")
        parser.add_argument(
            "--interval", type=float, default=0.5, help="seconds between looks at an empty queue"
        )
        parser.add_argument(
            "--nice",
            type=int,
            default=10,
            help="how much to lower this worker's CPU priority (0: not at all)",
        )

    def handle(self, *args, batch=False, interval=0.5, nice=10, **options):
        if nice and not batch:
            os.nice(nice)  # pages first: a render takes the CPU the web server leaves
        started = time.monotonic()
        warm_up.render_throwaway()
        if not batch:
            gc.freeze()  # what the warm-up loaded stays; the collector no longer walks it
        recovered = jobs.recover_lost_here()
        self.stdout.write(
            f"PDF worker {jobs.worker_name()} warmed up in {time.monotonic() - started:.1f} s"
            + (f"; {recovered} render(s) of a stopped worker queued again" if recovered else "")
            + ("; rendering what is queued" if batch else "; waiting for PDFs to render")
        )
        self.stdout.flush()
        worker = Worker(
            queue_names=["pdf"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=jobs.worker_name()[:64],
            excluded_queue_names=[],
        )
        if not batch:
            worker.configure_signals()
        jobs.TIME_LIMITS["enabled"] = True
        try:
            worker.run()
        finally:
            jobs.TIME_LIMITS["enabled"] = False
