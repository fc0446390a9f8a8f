"""Many clinicians at once against the production configuration, on this machine only.

    .venv/bin/python bench/load.py --clients 20 --seconds 60 [--database sqlite|postgres]
    .venv/bin/python bench/load.py --compare --database postgres --reviews 10000 \
        --clients 20 --seconds 45 --think-ms 1500

With --compare, one run measures both ways of making PDFs back to back on the same scratch
database: first rendered inside the web request (TRDREVIEW_PDF_RENDERING=request, no worker), then
on the queue (Gunicorn plus --pdf-workers `pdf_worker` processes). Each phase starts its server
afresh and first times one PDF straight after the start ("cold PDF after restart"); then the
clients work for --seconds. A PDF on the queue is timed from the click to the PDF in hand: the
waiting page, its status polls, and the PDF URL asked again. Step pages opened while any PDF is
being made are also reported apart. On PostgreSQL a sampler counts the sessions waiting for a
lock on the audit chain's head every 50 ms. --reviews adds that many reviews (bulk-inserted, as
bench/list.py does) to the first practice, so the list reads a realistic table.

It starts Gunicorn itself (gunicorn.conf.py, debug off, plain HTTP on a free loopback port, a
throwaway secret key) on a fresh scratch database: an SQLite file in a temporary directory, or a
new PostgreSQL database trdreview_load_<pid> that is dropped afterwards. It migrates, collects the
static files into the temporary directory, and creates one clinician per client, each with their
own review imported from the tests' fully filled review.

Each client signs in once, then until the time is up repeats a clinician's mix: open a step and
save it with the version the page showed (12 in 18), load the list of reviews (3), the summary
page (2), the PDF (1). Every client works on its own review, so a conflict (409) is an error like
any other unexpected status or exception. Afterwards it checks the audit trail's hash chain and
stops the server, also on Ctrl-C or an error.

It prints, per kind of request, the count, errors and p50/p95 latency, and last
`errors=<n> requests=<n> p95_ms=<x>`. Results are recorded in docs/benchmarks.md ("Load").
"""

import argparse
import contextlib
import html.parser
import http.cookiejar
import json
import os
import random
import runpy
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
PYTHON = REPOSITORY / ".venv" / "bin" / "python"
GUNICORN = REPOSITORY / ".venv" / "bin" / "gunicorn"
MAX_CLIENTS = 100
MAX_SECONDS = 900
MAX_REQUESTS = 200_000
REQUEST_TIMEOUT = 120  # seconds; a PDF behind a queue of other PDFs can take a while
# One iteration of a client: (what it does, weight). About what one review takes: a dozen step
# saves, a few visits to the list, a look at the summary and one PDF.
MIX = (("step", 12), ("autosave", 4), ("list", 3), ("summary", 2), ("pdf", 1))
KINDS = (
    "sign in",
    "step page",
    "step page while PDFs render",
    "step save",
    "autosave",
    "list",
    "summary",
    "pdf",
    "pdf status",
)
PHASES = ("request", "queue")  # TRDREVIEW_PDF_RENDERING of each --compare phase


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20, help=f"1 to {MAX_CLIENTS}")
    parser.add_argument("--seconds", type=float, default=60, help=f"1 to {MAX_SECONDS}")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("TRDREVIEW_LOAD_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server to create the scratch database on (loopback)",
    )
    parser.add_argument(
        "--think-ms", type=float, default=0, help="mean pause between a client's actions"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--compare", action="store_true", help="request vs queue, one run")
    parser.add_argument("--pdf-workers", type=int, default=2, help="pdf_worker processes")
    parser.add_argument("--reviews", type=int, default=0, help="extra reviews, bulk-inserted")
    parser.add_argument("--setup-accounts", type=int, help=argparse.SUPPRESS)  # internal
    parser.add_argument("--setup-out", help=argparse.SUPPRESS)  # internal
    args = parser.parse_args()

    if args.setup_accounts is not None:
        setup_accounts(args.setup_accounts, Path(args.setup_out), args.reviews)
        return
    if not 1 <= args.clients <= MAX_CLIENTS:
        parser.error(f"--clients must be between 1 and {MAX_CLIENTS}")
    if not 1 <= args.seconds <= MAX_SECONDS:
        parser.error(f"--seconds must be between 1 and {MAX_SECONDS}")
    if args.database == "postgres":
        host = urllib.parse.urlsplit(args.postgres).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            parser.error("--postgres must be on loopback")

    # SIGTERM (a CI job cancelled, `kill`) runs the same clean-up as Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        sys.exit(run(args))
    except KeyboardInterrupt:
        sys.exit("interrupted: server stopped, scratch database removed")


def run(args) -> int:
    with tempfile.TemporaryDirectory(prefix="trdreview-load-") as scratch_name:
        scratch = Path(scratch_name)
        with scratch_database(args, scratch) as database_url:
            env = server_environment(scratch, database_url)
            print(f"database: {args.database}; preparing (migrate, collectstatic, accounts)")
            manage(env, "migrate", "--noinput", "--verbosity", "0")
            manage(env, "collectstatic", "--noinput", "--verbosity", "0")
            started = time.monotonic()
            setup = create_accounts(env, scratch, args)
            print(
                f"accounts and {args.reviews:,} more reviews in {time.monotonic() - started:.0f} s"
            )
            workers = runpy.run_path(str(REPOSITORY / "gunicorn.conf.py"))["workers"]
            if not args.compare:
                with gunicorn(env, scratch) as base_url:
                    stats = drive(base_url, setup, args)
                audit_ok = manage(env, "verify_audit", check=False)
                return report(stats, args, workers, audit_ok, scratch)
            results, clients = {}, make_clients(setup, args)
            for phase in PHASES:
                phase_env = {**env, "TRDREVIEW_PDF_RENDERING": phase}
                where = "in the request" if phase == "request" else "on the queue"
                print(f"--- PDFs rendered {where}")
                with (
                    gunicorn(phase_env, scratch) as base_url,
                    pdf_workers(phase_env, scratch, args.pdf_workers if phase == "queue" else 0),
                    lock_sampler(database_url) as waits,
                ):
                    cold = cold_pdf(base_url, clients[0])
                    stats = drive(base_url, setup, args, clients)
                stats.cold_pdf, stats.head_waits = cold, waits
                audit_ok = manage(phase_env, "verify_audit", check=False)
                report(stats, args, workers, audit_ok, scratch)
                results[phase] = (stats, audit_ok)
            return compare(results, args)


# The server and its database.


@contextlib.contextmanager
def scratch_database(args, scratch: Path):
    if args.database == "sqlite":
        yield f"sqlite:///{scratch / 'load.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    name = f"trdreview_load_{os.getpid()}"
    server = urllib.parse.urlsplit(args.postgres)
    admin_url = urllib.parse.urlunsplit(server._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urllib.parse.urlunsplit(server._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def server_environment(scratch: Path, database_url: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # Test-only switches must not leak into the production configuration.
        if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE", "PYTHONPATH"}
    }
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        TRDREVIEW_AUDIT_KEY=secrets.token_urlsafe(48),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        DJANGO_STATIC_ROOT=str(scratch / "static"),
        DJANGO_SETTINGS_MODULE="trdreview.settings",
        PYTHONPATH=str(REPOSITORY),
        GUNICORN_BIND=f"127.0.0.1:{free_port()}",
        GUNICORN_ACCESS_LOG=str(scratch / "access.log"),
    )
    settings_source = (REPOSITORY / "trdreview" / "settings.py").read_text()
    if "DJANGO_STATIC_ROOT" not in settings_source:
        # Until settings.py reads DJANGO_STATIC_ROOT: the same settings, static files collected
        # into the scratch directory rather than over the developer's var/static.
        (scratch / "load_settings.py").write_text(
            "import os\n"
            "from trdreview.settings import *  # noqa: F403\n"
            'STATIC_ROOT = os.environ["DJANGO_STATIC_ROOT"]\n'
        )
        env.update(DJANGO_SETTINGS_MODULE="load_settings", PYTHONPATH=f"{scratch}:{REPOSITORY}")
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env: dict[str, str], *command: str, check: bool = True) -> bool:
    result = subprocess.run(
        [PYTHON, "manage.py", *command], cwd=REPOSITORY, env=env, capture_output=True, text=True
    )
    if result.returncode and check:
        raise SystemExit(f"manage.py {command[0]} failed:\n{result.stdout}{result.stderr}")
    if not check:
        print(f"{command[0]}: {(result.stdout + result.stderr).strip()}")
    return result.returncode == 0


def create_accounts(env: dict[str, str], scratch: Path, args) -> dict:
    out = scratch / "accounts.json"
    subprocess.run(
        [PYTHON, __file__, "--setup-accounts", str(args.clients), "--setup-out", out]
        + ["--reviews", str(args.reviews)],
        cwd=REPOSITORY,
        env=env,
        check=True,
    )
    return json.loads(out.read_text())


def setup_accounts(count: int, out: Path, reviews: int = 0) -> None:
    """Run inside the server's environment: one clinician and one review per client, five
    clinicians to a practice, so each list shows colleagues' reviews too; `reviews` more in the
    first practice, bulk-inserted as bench/list.py does."""
    import django

    django.setup()
    from bench.list import fill
    from reviews import services, steps
    from tests.reviews.samples import rich_review

    accounts = []
    for number in range(1, count + 1):
        password = secrets.token_urlsafe(16)
        clinician = services.create_clinician(
            username=f"load{number}",
            practice_name=f"Load practice {(number - 1) // 5 + 1}",
            password=password,
            validate_password=False,
        )
        review = services.import_review(data=rich_review(), by=clinician)
        accounts.append({"username": clinician.username, "password": password, "review": review.pk})
        if number == 1 and reviews:
            fill(clinician, 0, reviews, random.Random(1))
    out.write_text(json.dumps({"accounts": accounts, "steps": list(steps.SLUGS)}))


@contextlib.contextmanager
def gunicorn(env: dict[str, str], scratch: Path):
    base_url = f"http://{env['GUNICORN_BIND']}"
    with open(scratch / "gunicorn.log", "wb") as log:
        server = subprocess.Popen(
            [GUNICORN, "trdreview.wsgi", "-c", REPOSITORY / "gunicorn.conf.py"],
            cwd=REPOSITORY,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us only; we stop the server in order
        )
        try:
            wait_until_serving(server, base_url, scratch)
            yield base_url
        finally:
            server.terminate()  # Gunicorn's graceful stop: workers finish their request
            try:
                server.wait(timeout=70)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@contextlib.contextmanager
def pdf_workers(env: dict[str, str], scratch: Path, count: int):
    """`count` PDF workers beside the server, each warmed up before the clients start."""
    workers = []
    try:
        for number in range(count):
            log = open(scratch / f"pdf-worker-{number}.log", "wb")  # noqa: SIM115  (closed below)
            workers.append(
                (
                    subprocess.Popen(
                        [PYTHON, "manage.py", "pdf_worker"],
                        cwd=REPOSITORY,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    ),
                    log,
                    scratch / f"pdf-worker-{number}.log",
                )
            )
        deadline = time.monotonic() + 120
        for worker, _, path in workers:
            while b"warmed up" not in path.read_bytes():
                if worker.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"pdf_worker did not start:\n{path.read_text()}")
                time.sleep(0.2)
        yield
    finally:
        for worker, log, _ in workers:
            worker.terminate()  # finishes the render under way, then stops
            try:
                worker.wait(timeout=70)
            except subprocess.TimeoutExpired:
                worker.kill()
            log.close()


@contextlib.contextmanager
def lock_sampler(database_url: str):
    """On PostgreSQL, every 50 ms: how many sessions wait for a lock while appending to the audit
    chain (the UPDATE of its head row). Yields the counts, filled in as it goes."""
    waits = {"samples": 0, "with_waiters": 0, "max_waiters": 0, "waiter_seconds": 0.0}
    if not database_url.startswith("postgres"):
        yield None
        return
    import psycopg

    stop = threading.Event()

    def sample() -> None:
        with psycopg.connect(database_url, autocommit=True) as connection:
            while not stop.wait(0.05):
                waiting = connection.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock' AND query ILIKE '%auditchainhead%'"
                ).fetchone()[0]
                waits["samples"] += 1
                waits["with_waiters"] += bool(waiting)
                waits["max_waiters"] = max(waits["max_waiters"], waiting)
                waits["waiter_seconds"] += waiting * 0.05

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield waits
    finally:
        stop.set()
        sampler.join(timeout=5)


def wait_until_serving(server: subprocess.Popen, base_url: str, scratch: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log = (scratch / "gunicorn.log").read_text(errors="replace")
            raise SystemExit(f"gunicorn stopped at start-up:\n{log}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(f"{base_url}/accounts/login/", timeout=5) as response,
        ):
            if response.status == 200:
                return
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 60 s")


# The clients.


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    reasons: Counter = field(default_factory=Counter)
    seconds: float = 0.0  # the length of the timed window
    load: tuple[float, float] = (0.0, 0.0)  # the machine's 1-minute load average, before and after
    lock: threading.Lock = field(default_factory=threading.Lock)
    rendering: int = 0  # PDFs clicked and not yet in hand
    cold_pdf: float | None = None  # seconds, the first PDF after the server started
    head_waits: dict | None = None  # lock_sampler's counts

    def add(self, kind: str, seconds: float, problem: str | None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if problem:
                self.errors[kind] += 1
                self.reasons[f"{kind}: {problem}"] += 1

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.latencies.values())


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Report a redirect as the answer, so each request is timed and checked on its own."""

    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, base_url: str, account: dict, slugs: list[str], stats: Stats, seed: int):
        self.base_url = base_url
        self.account = account
        self.slugs = slugs
        self.stats = stats
        self.random = random.Random(seed)
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirects()
        )
        self.csrf = ""
        self.signed_in = False

    def click_to_pdf(self, path: str) -> float:
        """Click "Print PDF" and wait as the browser would: on the queue, the waiting page polls
        the status URL, then asks the PDF URL again. Timed from the click to the PDF in hand."""
        with self.stats.lock:
            self.stats.rendering += 1
        start = time.perf_counter()
        try:
            status, content, problem = self.fetch(path)
            status_path = path.replace("/pdf/?", "/pdf/status/?")
            while problem is None and status == 202:
                time.sleep(0.5)
                polled = time.perf_counter()
                answer, body, problem = self.fetch(status_path)
                self.stats.add("pdf status", time.perf_counter() - polled, problem)
                state = json.loads(body).get("state") if answer == 200 else "error"
                if state == "ready":
                    status, content, problem = self.fetch(path)
                elif state != "waiting":
                    problem = f"render {state}"
        finally:
            with self.stats.lock:
                self.stats.rendering -= 1
        seconds = time.perf_counter() - start
        if problem is None and (status != 200 or not content.startswith(b"%PDF")):
            problem = f"status {status}" if status != 200 else "not a PDF"
        self.stats.add("pdf", seconds, problem)
        return seconds

    def fetch(self, path, data=None) -> tuple[int | None, bytes, str | None]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base_url + path, body, timeout=REQUEST_TIMEOUT) as answer:
                return answer.status, answer.read(), None
        except urllib.error.HTTPError as answer:  # 3xx (not followed), 4xx, 5xx
            return answer.code, answer.read(), None
        except OSError as exc:
            return None, b"", type(exc).__name__

    def request(self, kind, path, *, expect, data=None) -> str | None:
        """Send one request; its page, or None when its status is not `expect` (an error)."""
        start = time.perf_counter()
        status, content, problem = self.fetch(path, data)
        seconds = time.perf_counter() - start
        if problem is None and status != expect:
            problem = f"status {status}"
        if problem is None and kind == "pdf" and not content.startswith(b"%PDF"):
            problem = "not a PDF"
        self.stats.add(kind, seconds, problem)
        if problem:
            return None
        return "" if kind == "pdf" else content.decode("utf-8", "replace")

    def sign_in(self) -> bool:
        page = self.request("sign in", "/accounts/login/", expect=200)
        if page is None:
            return False
        fields = dict(form_fields(page, action="/accounts/login/"))
        fields.update(username=self.account["username"], password=self.account["password"])
        fields["next"] = "/"
        answer = self.request("sign in", "/accounts/login/", expect=302, data=fields)
        self.signed_in = answer is not None
        return self.signed_in

    def act(self, action: str) -> None:
        review = f"/reviews/{self.account['review']}"
        if action == "list":
            self.request("list", "/", expect=200)
        elif action == "summary":
            self.request("summary", f"{review}/", expect=200)
        elif action == "pdf":
            self.click_to_pdf(f"{review}/pdf/?paper=a4")
        elif action == "autosave" and self.csrf:
            data = {"csrfmiddlewaretoken": self.csrf, "_changed": "clinician_notes"}
            data["clinician_notes"] = f"Typing at {time.strftime('%H:%M:%S')}"
            self.request("autosave", f"{review}/steps/notes/autosave/", expect=200, data=data)
        else:
            self.save_step(f"{review}/steps/{self.random.choice(self.slugs)}/")

    def save_step(self, path: str) -> None:
        """Open a step, change its notes if it has any, and save it with the version the page
        showed, as a clinician's browser would."""
        kind = "step page while PDFs render" if self.stats.rendering else "step page"
        page = self.request(kind, path, expect=200)
        if page is None:
            return
        fields = form_fields(page, form_id="step-form")
        self.csrf = dict(fields).get("csrfmiddlewaretoken", self.csrf)
        for index, (name, _) in enumerate(fields):
            if name.endswith("notes") and "-" not in name:  # the step's own notes, not a row's
                fields[index] = (name, f"Reviewed again at {time.strftime('%H:%M:%S')}.")
                break
        fields.append(("action", self.random.choice(("next", "stay"))))
        self.request("step save", path, expect=302, data=fields)


def make_clients(setup: dict, args) -> list["Client"]:
    return [
        Client("", account, setup["steps"], Stats(), seed=args.seed * 1000 + number)
        for number, account in enumerate(setup["accounts"])
    ]


def drive(base_url: str, setup: dict, args, clients: list["Client"] | None = None) -> Stats:
    """The clients' timed window. Clients given (--compare) keep their sessions from the phase
    before, as clinicians stay signed in across a restart."""
    stats = Stats()
    clients = clients or make_clients(setup, args)
    for client in clients:
        client.base_url, client.stats = base_url, stats
    window = {}

    def open_window() -> None:  # the timed window starts once every client has signed in
        window["load"] = os.getloadavg()[0]
        window["start"] = time.monotonic()
        window["end"] = window["start"] + args.seconds

    signed_in = threading.Barrier(len(clients), action=open_window)
    stop = threading.Event()
    actions, weights = zip(*MIX, strict=True)

    def work(client: Client) -> None:
        ok = client.signed_in or guarded(stats, "sign in", client.sign_in)
        signed_in.wait()
        while ok and not stop.is_set() and time.monotonic() < window["end"]:
            if stats.requests >= MAX_REQUESTS:
                return
            action = client.random.choices(actions, weights)[0]
            guarded(stats, action, client.act, action)
            if args.think_ms:
                stop.wait(client.random.expovariate(1000 / args.think_ms))

    threads = [threading.Thread(target=work, args=(client,), daemon=True) for client in clients]
    for thread in threads:
        thread.start()
    try:
        for thread in threads:
            while thread.is_alive():  # a timeout keeps Ctrl-C responsive
                thread.join(timeout=0.5)
    finally:
        stop.set()
    stats.seconds = time.monotonic() - window["start"]
    stats.load = (window["load"], os.getloadavg()[0])
    return stats


def cold_pdf(base_url: str, client: "Client") -> float:
    """The first PDF after the server (and its workers) started, of a state never printed: one
    clinician (signed in already, or now) saves a step and clicks "Print PDF"."""
    stats = Stats()
    client.base_url, client.stats, account = base_url, stats, client.account
    if not client.signed_in:
        client.sign_in()
    client.save_step(f"/reviews/{account['review']}/steps/notes/")
    seconds = client.click_to_pdf(f"/reviews/{account['review']}/pdf/?paper=a4")
    if stats.errors:
        print(f"cold PDF: errors {dict(stats.reasons)}")
    return seconds


def guarded(stats: Stats, kind: str, function, *args):
    """Run one action; an exception in our own code (say, a page without its form) is an error
    of that kind rather than the end of the client."""
    try:
        return function(*args)
    except Exception as exc:
        stats.add(kind, 0.0, f"{type(exc).__name__}: {exc}")
        return False


class FormParser(html.parser.HTMLParser):
    """The fields a browser would submit for each <form> on a page (no buttons pressed)."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[dict, list[tuple[str, str]]]] = []
        self.form: list[tuple[str, str]] | None = None
        self.in_template = 0
        self.select: dict | None = None
        self.textarea: list | None = None

    def handle_starttag(self, tag, attributes):
        attrs = {name: value if value is not None else "" for name, value in attributes}
        if tag == "template":  # the empty row for new rows: not part of what is submitted
            self.in_template += 1
        if tag == "form":
            self.form = []
            self.forms.append((attrs, self.form))
        if self.form is None or self.in_template or "name" not in attrs:
            if tag == "option" and self.select is not None:
                self.option(attrs)
            return
        name = attrs["name"]
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.form.append((name, attrs.get("value") or "on"))
                return
            self.form.append((name, attrs.get("value", "")))
        elif tag == "select":
            self.select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "textarea":
            self.textarea = [name]

    def option(self, attrs):
        self.select["options"].append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.append(data)

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template -= 1
        elif tag == "form":
            self.form = None
        elif tag == "textarea" and self.textarea is not None:
            name, *text = self.textarea
            # Browsers drop the one newline that may follow <textarea>.
            value = "".join(text)
            self.form.append((name, value[1:] if value.startswith("\n") else value))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            options = self.select["options"]
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not self.select["multiple"]:
                chosen = [options[0][0]]
            self.form.extend((self.select["name"], value) for value in chosen)
            self.select = None


def form_fields(page: str, *, form_id: str = "", action: str = "") -> list[tuple[str, str]]:
    parser = FormParser()
    parser.feed(page)
    for attrs, fields in parser.forms:
        if (form_id and attrs.get("id") == form_id) or (action and attrs.get("action") == action):
            return list(fields)
    raise ValueError(f"no form {form_id or action} on the page")


# The results.


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile, in milliseconds."""
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5 - 1e-9))
    return ordered[min(rank, len(ordered)) - 1] * 1000


def report(stats: Stats, args, workers: int, audit_ok: bool, scratch: Path) -> int:
    log = (scratch / "gunicorn.log").read_text(errors="replace")
    print(
        f"clients: {args.clients}; window: {stats.seconds:.1f} s; database: {args.database}; "
        f"workers: {workers}; think time: {args.think_ms:g} ms"
    )
    print(
        f"machine: {os.cpu_count()} CPUs; load average {stats.load[0]:.1f} when the window "
        f"opened, {stats.load[1]:.1f} when it closed (others' work counts too)"
    )
    print(f"{'kind':<10} {'requests':>8} {'errors':>6} {'p50_ms':>8} {'p95_ms':>8}")
    for kind in (*KINDS, *(kind for kind in stats.latencies if kind not in KINDS)):
        values = stats.latencies.get(kind, [])
        if values:
            print(
                f"{kind:<10} {len(values):>8} {stats.errors[kind]:>6} "
                f"{percentile(values, 0.50):>8.0f} {percentile(values, 0.95):>8.0f}"
            )
    for reason, count in stats.reasons.most_common(10):
        print(f"error: {reason} × {count}")
    timeouts = log.count("WORKER TIMEOUT")
    tracebacks = log.count("Traceback")
    print(f"server: {timeouts} worker timeouts, {tracebacks} tracebacks in its log")
    if tracebacks:
        print(log[log.index("Traceback") :][:3000])
    everything = [value for values in stats.latencies.values() for value in values]
    errors = sum(stats.errors.values()) + (0 if audit_ok else 1)
    in_window = stats.requests - len(stats.latencies.get("sign in", []))
    print(f"throughput: {in_window / stats.seconds:.1f} requests/s after signing in")
    p95 = percentile(everything, 0.95) if everything else 0
    print(f"errors={errors} requests={stats.requests} p95_ms={p95:.0f}")
    return 1 if errors else 0


def compare(results: dict, args) -> int:
    """The two phases side by side, and the ratios request / queue (above 1: the queue is
    faster)."""

    def p95(stats: Stats, kind: str) -> float:
        values = stats.latencies.get(kind, [])
        return percentile(values, 0.95) if values else float("nan")

    def p50(stats: Stats, kind: str) -> float:
        values = stats.latencies.get(kind, [])
        return percentile(values, 0.50) if values else float("nan")

    def errors(stats: Stats, audit_ok: bool) -> int:
        return sum(stats.errors.values()) + (0 if audit_ok else 1)

    rows = [
        ("click-to-PDF p95 (ms)", lambda s, _: p95(s, "pdf")),
        ("click-to-PDF p50 (ms)", lambda s, _: p50(s, "pdf")),
        (
            "step page p95 while PDFs render (ms)",
            lambda s, _: p95(s, "step page while PDFs render"),
        ),
        ("step page p95, no PDF rendering (ms)", lambda s, _: p95(s, "step page")),
        ("step save p95 (ms)", lambda s, _: p95(s, "step save")),
        ("cold PDF after restart (ms)", lambda s, _: (s.cold_pdf or 0) * 1000),
        ("PDFs in hand", lambda s, _: len(s.latencies.get("pdf", []))),
        ("requests", lambda s, _: s.requests),
        ("errors", errors),
    ]
    request, queue = results["request"], results["queue"]
    print(f"\n{'':<40} {'in request':>12} {'queue':>12} {'ratio':>7}")
    for label, value in rows:
        left, right = value(*request), value(*queue)
        ratio = left / right if right else float("nan")
        print(f"{label:<40} {left:>12,.0f} {right:>12,.0f} {ratio:>7.2f}")
    for phase, (stats, _) in results.items():
        waits = stats.head_waits
        if waits and waits["samples"]:
            print(
                f"audit chain head ({phase}): a session waiting for its lock in "
                f"{waits['with_waiters']} of {waits['samples']} samples (50 ms), at most "
                f"{waits['max_waiters']} at once, about {waits['waiter_seconds']:.1f} s waited"
            )
    click = p95(request[0], "pdf") / p95(queue[0], "pdf")
    step = p95(request[0], "step page while PDFs render") / p95(
        queue[0], "step page while PDFs render"
    )
    print(
        f"ratio_click_to_pdf_p95={click:.2f} ratio_step_p95_during_renders={step:.2f} "
        f"errors_request={errors(*request)} errors_queue={errors(*queue)}"
    )
    return 1 if errors(*request) or errors(*queue) else 0


if __name__ == "__main__":
    main()
