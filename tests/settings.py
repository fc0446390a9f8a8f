"""The project's settings for the test run: debug on unless the environment says otherwise, as
`make run` has it (trdreview.settings keeps debug off when DJANGO_DEBUG is unset). Subprocesses
the tests start inherit the variable."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")

from trdreview.settings import *  # noqa: E402, F403
