"""Settings for TRD Review, driven by environment variables (see README, "Configuration").

Development defaults are safe to run on a laptop; with DJANGO_DEBUG=0 every production secret
has to be given explicitly, and a missing one stops the process at start-up rather than later.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from exc


# Off unless asked for: a server started without the variable must never show debug pages.
DEBUG = env_flag("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG=0")
    # Only ever used for local development; production refuses to start without a real key.
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"


def audit_keys() -> tuple[str, dict[str, bytes]]:
    """The audit trail's HMAC keys: (id of the key that signs new rows, {id: key}).

    Not SECRET_KEY and not in the database: someone who can write to the database, or who learns
    the secret key, still cannot write an audit row or anchor that verifies (docs/deploy.md,
    "Audit trail"). Retired keys stay listed so that the rows they signed keep verifying.
    """
    key = os.environ.get("TRDREVIEW_AUDIT_KEY", "")
    key_id = os.environ.get("TRDREVIEW_AUDIT_KEY_ID", "").strip() or "k1"
    if not key:
        if not DEBUG:
            raise ImproperlyConfigured(
                "TRDREVIEW_AUDIT_KEY is required when DJANGO_DEBUG=0 (docs/deploy.md)"
            )
        # Development only: a random key made once into var/audit_key, readable by you only.
        path = VAR_DIR / "audit_key"
        VAR_DIR.mkdir(exist_ok=True)
        if not path.exists():
            # Written aside and linked into place: two processes starting at once agree.
            draft = VAR_DIR / f".audit_key-{os.getpid()}"
            fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as file:
                file.write(secrets.token_urlsafe(48))
            try:
                os.link(draft, path)
            except FileExistsError:
                pass
            finally:
                draft.unlink()
        key = path.read_text().strip()
    if len(key) < 32:
        raise ImproperlyConfigured("TRDREVIEW_AUDIT_KEY must be at least 32 characters")
    keys = {key_id: key.encode()}
    for entry in os.environ.get("TRDREVIEW_AUDIT_RETIRED_KEYS", "").split(","):
        if entry.strip():
            retired_id, separator, retired_key = entry.strip().partition("=")
            if not separator or not retired_id or not retired_key:
                raise ImproperlyConfigured(
                    "TRDREVIEW_AUDIT_RETIRED_KEYS is a comma-separated list of ID=KEY"
                )
            keys.setdefault(retired_id, retired_key.encode())
    return key_id, keys


TRDREVIEW_AUDIT_KEY_ID, TRDREVIEW_AUDIT_KEYS = audit_keys()
# Where `verify_audit` checks and appends anchors unless --anchor says otherwise (optional).
TRDREVIEW_AUDIT_ANCHOR_FILE = os.environ.get("TRDREVIEW_AUDIT_ANCHOR_FILE", "")

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",  # HTML compressed; BREACH: see docs/decisions.md
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before anything reads form values: NUL and lone surrogates never reach a query.
    "trdreview.middleware.StorableInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "reviews.middleware.SessionTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "reviews.middleware.RefuseUploadsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "trdreview.middleware.SecurityHeadersMiddleware",
    "reviews.middleware.AuditActorMiddleware",
    # Last, as django-axes asks: it turns a lockout during sign-in into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "trdreview.urls"
WSGI_APPLICATION = "trdreview.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reviews.context_processors.session_limits",
            ],
        },
    },
]

# SQLite under var/ is the embedded default; DATABASE_URL switches to PostgreSQL.
if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'trdreview.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several clinicians at once on the embedded database: WAL lets reads proceed during a write,
    # and IMMEDIATE transactions take the write lock up front instead of failing half-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file too (one per test process), so they see the locking that clinicians do
    # rather than the in-memory database's table locks.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "reviews.Clinician"
AUTHENTICATION_BACKENDS = [
    # django-axes first, so a locked-out username and address pair never reaches the password.
    "axes.backends.AxesStandaloneBackend",
    # Django's, matching usernames ignoring case (they are unique ignoring case).
    "reviews.signin.CaseInsensitiveBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
# Source maps are for developers' browsers; compressing them only slows collectstatic.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "zip",
    "gz",
    "tgz",
    "bz2",
    "tbz",
    "xz",
    "br",
    "swf",
    "flv",
    "woff",
    "woff2",
    "3gp",
    "3gpp",
    "asf",
    "avi",
    "m4v",
    "mov",
    "mp4",
    "mpeg",
    "mpg",
    "webm",
    "wmv",
    "map",
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# A form refused for its CSRF token: the patient's page answers in the patient's frame.
CSRF_FAILURE_VIEW = "reviews.views.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # DJANGO_HTTPS=0 only for running the production configuration on loopback without TLS
    # (make serve, bench/load.py); a real deployment sits behind TLS and keeps the default.
    HTTPS = env_flag("DJANGO_HTTPS", True)
    SESSION_COOKIE_SECURE = HTTPS
    CSRF_COOKIE_SECURE = HTTPS
    SECURE_SSL_REDIRECT = HTTPS and env_flag("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000) if HTTPS else 0
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sign-in lockout (django-axes, reviews.signin): 5 failures for one username from one address
# lock that pair only, so an attack on one account does not lock out colleagues behind the same
# address; 30 failures from one address across any usernames (password spraying) lock the
# address. Usernames count ignoring case.
AXES_FAILURE_LIMIT = env_int("TRDREVIEW_LOCKOUT_FAILURES", 5)
TRDREVIEW_LOCKOUT_ADDRESS_FAILURES = env_int("TRDREVIEW_LOCKOUT_ADDRESS_FAILURES", 30)
AXES_COOLOFF_TIME = env_int("TRDREVIEW_LOCKOUT_MINUTES", 30) / 60  # hours
# In this order: reviews.signin.LockoutHandler reads the pair's count, then the address's.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "reviews.signin.LockoutHandler"
AXES_USERNAME_CALLABLE = "reviews.signin.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "reviews.middleware.client_address"
# Reverse proxies in front of the app that append to X-Forwarded-For (README, "Production").
TRDREVIEW_TRUSTED_PROXIES = env_int("TRDREVIEW_TRUSTED_PROXIES", 0)

# Automatic sign-out: after 15 idle minutes (autosave does not count as activity; typing and
# clicking in a page do, through a keep-alive at most once a minute) and after 12 hours from
# signing in, whatever happens. The browser warns a minute before the idle limit and ten minutes
# before the absolute one, and autosaves 15 seconds before either.
TRDREVIEW_IDLE_TIMEOUT_SECONDS = env_int("TRDREVIEW_IDLE_MINUTES", 15) * 60
TRDREVIEW_ABSOLUTE_TIMEOUT_SECONDS = env_int("TRDREVIEW_SESSION_HOURS", 12) * 3600
SESSION_COOKIE_AGE = TRDREVIEW_ABSOLUTE_TIMEOUT_SECONDS
# Typing or clicking sends a keep-alive at most this often (the browser tests shorten it).
TRDREVIEW_KEEPALIVE_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The medication step posts 20 fields per trial plus 7 (management form, controls, token):
# 2,007 at the formset's maximum of 100 trials (tests/browser/test_session_limits.py), over
# Django's default limit of 1,000. 2,500 leaves room and still refuses a flood. Bodies stay far
# under Django's 2.5 MB default (100 trials: about 200 KB).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2500
# Messages ("Saved. Review of <patient reference>…") stay in the session on the server, never in
# a cookie; expired sessions, which may hold search criteria, are removed by `purge_expired`.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
# Unsaved step input (autosave) older than this is removed by `purge_expired` (docs/deploy.md).
TRDREVIEW_DRAFT_DAYS = env_int("TRDREVIEW_DRAFT_DAYS", 30)

# PDFs are rendered by workers (`manage.py pdf_worker`) from a queue kept in the database, the
# embedded SQLite or PostgreSQL alike (django-tasks' database backend): a click serves a kept PDF
# at once or shows that it is being prepared. TRDREVIEW_PDF_RENDERING=request renders inside the
# request instead (no worker; the tests and bench/load.py's comparison use it).
TRDREVIEW_PDF_RENDERING = os.environ.get("TRDREVIEW_PDF_RENDERING", "queue").strip() or "queue"
if TRDREVIEW_PDF_RENDERING not in ("queue", "request"):
    raise ImproperlyConfigured("TRDREVIEW_PDF_RENDERING must be queue or request.")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if TRDREVIEW_PDF_RENDERING == "queue"
        else "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["pdf"],
    }
}
# A render taking longer is stopped and tried once more; a render whose worker died is taken up
# again once this has passed since it started.
TRDREVIEW_PDF_TIMEOUT_SECONDS = env_int("TRDREVIEW_PDF_TIMEOUT_SECONDS", 60)

# Product settings.
# DESIGN §3: S3 describes four to eight weeks; practices that use 6 or 8 set this.
# The list shows failed adequate trials at this many weeks; the summary always shows 4, 6 and 8.
# A patient's pre-visit invitation (reviews/previsit/): valid this many days, for one
# completion; an address that sent this many refused links in the window is refused even a
# good one until the window has passed.
TRDREVIEW_INVITATION_DAYS = env_int("TRDREVIEW_INVITATION_DAYS", 14)
TRDREVIEW_INVITATION_FAILURES = env_int("TRDREVIEW_INVITATION_FAILURES", 10)
TRDREVIEW_INVITATION_LOCKOUT_MINUTES = env_int("TRDREVIEW_INVITATION_LOCKOUT_MINUTES", 30)
TRDREVIEW_MIN_TRIAL_WEEKS = env_int("TRDREVIEW_MIN_TRIAL_WEEKS", 4)
if TRDREVIEW_MIN_TRIAL_WEEKS not in (4, 6, 8):
    raise ImproperlyConfigured("TRDREVIEW_MIN_TRIAL_WEEKS must be 4, 6 or 8.")

# Error reports (the debug page under `make run`, and any report a handler sends) withhold what
# was posted, the frames' values, the environment's secrets and a patient's link, as the logs do.
DEFAULT_EXCEPTION_REPORTER = "trdreview.error_reports.PatientSafeReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "trdreview.error_reports.PatientSafeFilter"

# Logs carry request paths and status codes only; URLs never contain patient data.
# Tracebacks keep their frames and withhold exception messages, which can quote typed text.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"safe": {"()": "trdreview.logsafe.WithholdExceptionMessages"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "safe"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Django's own loggers log through the root's handler too, never around it.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}
