"""Log records without patient text.

Exception messages can quote data: a database refusal repeats the value it refused, a
ValidationError the input it checked. Tracebacks in our logs keep their frames (file, line,
code) and the exception's type, and withhold its message (README, "Production").
"""

import logging
import re
import traceback

WITHHELD = "(message withheld: it may quote patient data)"


def _format(exc: traceback.TracebackException) -> list[str]:
    lines: list[str] = []
    if exc.__cause__ is not None:
        lines += _format(exc.__cause__)
        lines.append("\nThe above exception was the direct cause of the following exception:\n\n")
    elif exc.__context__ is not None and not exc.__suppress_context__:
        lines += _format(exc.__context__)
        lines.append("\nDuring handling of the above exception, another exception occurred:\n\n")
    lines.append("Traceback (most recent call last):\n")
    lines.extend(exc.stack.format())
    lines.append(f"{exc.exc_type.__module__}.{exc.exc_type.__qualname__}: {WITHHELD}\n")
    return lines


class WithholdExceptionMessages(logging.Formatter):
    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        exc = traceback.TracebackException(*ei, capture_locals=False)
        return "".join(_format(exc)).rstrip("\n")

    def format(self, record) -> str:
        """The record as logged, with a patient link's token replaced: Django's request logger
        names the path of every 4xx ("Bad Request: /p/<token>/" when a patient's answers need a
        correction), and the token is the only key to the patient's page."""
        return PATIENT_LINK.sub("/p/[link removed]", super().format(record))


# The patient's page is /p/<token>/ (reviews/urls.py), as gunicorn.conf.py removes it.
PATIENT_LINK = re.compile(r"/p/[^/\s\"'?]+")
