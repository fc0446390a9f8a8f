"""The project's settings for the test run: debug on unless the environment says otherwise, as
`make run` has it (trdreview.settings keeps debug off when DJANGO_DEBUG is unset). Subprocesses
the tests start inherit the variable."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")
# PDFs rendered inside the request unless a test asks for the queue (tests/reviews/printing/
# test_jobs.py runs the worker's loop itself): every other test gets its PDF from one GET.
os.environ.setdefault("TRDREVIEW_PDF_RENDERING", "request")

from trdreview.settings import *  # noqa: E402, F403
