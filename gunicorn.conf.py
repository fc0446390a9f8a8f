"""Gunicorn settings for TRD Review in production (docs/deploy.md; `make serve` runs them locally).

    gunicorn trdreview.wsgi -c gunicorn.conf.py

Environment: GUNICORN_BIND (default 127.0.0.1:8000: a reverse proxy with TLS sits in front),
GUNICORN_WORKERS (default 2 × CPUs + 1, at most 8), GUNICORN_TIMEOUT (seconds, default 60),
GUNICORN_ACCESS_LOG (file, default "-" for standard output).

Logs must never hold patient data. Our URLs carry none, but the access log leaves out anything a
URL or header could bring in anyway: no query string, no referrer (another page's URL with its
query), no request bodies (Gunicorn never logs those), and no patient link's token (`/p/<token>/`,
the patient's pre-visit page: the token is the only key to it).
"""

import os
import re

from gunicorn import glogging

from trdreview.logsafe import without_link


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def default_workers() -> int:
    # The CPUs this process may run on (a container's or a systemd CPUAffinity's share).
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    # Pages are short; PDFs are rendered by their own workers (manage.py pdf_worker), not here:
    # beyond 8, more workers on a practice-sized server only queue behind the same CPUs.
    return min(2 * (cpus or 1) + 1, 8)


bind = [os.environ.get("GUNICORN_BIND", "").strip() or "127.0.0.1:8000"]
workers = env_int("GUNICORN_WORKERS", default_workers())
# Synchronous workers: one request each, behind a buffering reverse proxy (nginx) that absorbs
# slow clients. PDFs are rendered off the request path (reviews.printing.jobs) unless
# TRDREVIEW_PDF_RENDERING=request; 60 s leaves room for that without letting a stuck worker linger.
worker_class = "sync"
timeout = env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = timeout
# Recycle workers now and then, staggered, so memory WeasyPrint accumulates is given back.
max_requests = 1000
max_requests_jitter = 100
# Nothing uses the runtime control socket (gunicornc); systemd signals restart and reload.
control_socket_disable = True

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "").strip() or "-"
errorlog = "-"
# Time, client address, method, path WITHOUT the query string, status, bytes, duration in ms.
# Never %(r)s (the request line, query included), %(q)s, %(f)s (referrer) or request headers.
access_log_format = '%(t)s %(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'

# Anything that looks like a URL's query string in a message: Gunicorn's error log names the
# request line ("Error handling request GET /path?query") when a request fails inside it.
QUERY_STRING = re.compile(r"\?[^\s\"']+")


def without_query(msg, args: tuple) -> str:
    """The message as logging would format it, with any query string and patient link replaced."""
    text = str(msg) % args if args else str(msg)
    return without_link(QUERY_STRING.sub("?[query removed]", text))


class Logger(glogging.Logger):
    """Gunicorn's logger, with query strings removed from error-log messages and patient links'
    tokens from both logs."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = without_link(atoms["U"])
        return atoms

    def critical(self, msg, *args, **kwargs):
        super().critical(without_query(msg, args), **kwargs)

    def error(self, msg, *args, **kwargs):
        super().error(without_query(msg, args), **kwargs)

    def warning(self, msg, *args, **kwargs):
        super().warning(without_query(msg, args), **kwargs)

    def exception(self, msg, *args, **kwargs):
        super().exception(without_query(msg, args), **kwargs)


logger_class = Logger
