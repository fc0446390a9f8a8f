"""`make run`: the development server, with the demo login printed after its start line.

    .venv/bin/python manage.py run_demo [ADDRPORT]

Creates the demo login (`ensure_demo`) and its made-up reviews (`seed_demo`) first, starts one
PDF worker (`pdf_worker`, a child process stopped with the server), then runs `runserver` and
prints the login last, below "Starting development server at …", where it is seen. The password
appears only when the account is created by this run.
"""

import atexit
import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command, get_commands, load_command_class
from django.utils import autoreload

from reviews.management.commands.ensure_demo import demo_login_note

# The runserver that INSTALLED_APPS selects (WhiteNoise's, which leaves static files to it).
RunserverCommand = type(load_command_class(get_commands()["runserver"], "runserver"))

# Handed from the process that prepares the demo to the autoreloader's child that serves.
LOGIN_NOTE = "TRDREVIEW_DEMO_LOGIN_NOTE"


class Command(RunserverCommand):  # type: ignore[valid-type, misc]  # chosen at run time
    help = "Create the demo login and reviews, run the development server, print the login."

    def handle(self, *args, **options):
        if os.environ.get(autoreload.DJANGO_AUTORELOAD_ENV) != "true":
            note = demo_login_note()
            call_command("seed_demo", stdout=self.stdout)
            os.environ[LOGIN_NOTE] = note
            start_pdf_worker()
        super().handle(*args, **options)

    def on_bind(self, server_port):
        super().on_bind(server_port)
        note = os.environ.get(LOGIN_NOTE)
        if note:
            self.stdout.write(note)


def start_pdf_worker() -> None:
    """One PDF worker beside the server, so that `make run` stays one command. Ctrl-C reaches it
    too (the same process group); it is stopped at exit otherwise."""
    if settings.TRDREVIEW_PDF_RENDERING != "queue":
        return
    worker = subprocess.Popen([sys.executable, "manage.py", "pdf_worker"], cwd=settings.BASE_DIR)

    def stop() -> None:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=30)

    atexit.register(stop)
