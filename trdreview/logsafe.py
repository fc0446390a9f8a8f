"""Log records without patient text and without patient links.

Exception messages can quote data: a database refusal repeats the value it refused, a
ValidationError the input it checked. Tracebacks in our logs keep their frames (file, line,
code) and the exception's type, and withhold its message (README, "Production").

Django logs the path of every refused request ("Not Found: /p/<token>/" for a bad link, "Bad
Request" for a patient's form with errors, "Forbidden (CSRF cookie not set.)"): the patient's
page is /p/<token>/ (reviews/urls.py) and whoever holds the token can answer there, so the
token is replaced in every line, here and in Gunicorn's logs (gunicorn.conf.py).
"""

import logging
import re
import traceback

WITHHELD = "(message withheld: it may quote patient data)"
PATIENT_LINK = re.compile(r"/p/[^/\s\"'?]+")


def without_link(text: str) -> str:
    return PATIENT_LINK.sub("/p/[link removed]", text)


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
    def format(self, record) -> str:
        return without_link(super().format(record))

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        exc = traceback.TracebackException(*ei, capture_locals=False)
        return "".join(_format(exc)).rstrip("\n")
