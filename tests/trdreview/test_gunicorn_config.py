"""gunicorn.conf.py: where it listens, its workers, and logs that never hold a query string."""

import datetime
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

CONFIG_FILE = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
QUERY = "patient=Jane+Doe&nhs=9434765919"


def load_config() -> dict:
    return runpy.run_path(str(CONFIG_FILE))


@pytest.fixture
def plain_environment(monkeypatch):
    for name in ("GUNICORN_BIND", "GUNICORN_WORKERS", "GUNICORN_TIMEOUT", "GUNICORN_ACCESS_LOG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def gunicorn_logger(tmp_path, plain_environment):
    """Gunicorn's logger set up from our configuration, writing to files in tmp_path."""
    config = load_config()
    cfg = Config()
    cfg.set("access_log_format", config["access_log_format"])
    cfg.set("accesslog", str(tmp_path / "access.log"))
    cfg.set("errorlog", str(tmp_path / "error.log"))
    logger = config["logger_class"](cfg)
    yield logger
    for log in (logger.error_log, logger.access_log):
        for handler in list(log.handlers):
            handler.close()
            log.removeHandler(handler)


def test_defaults_listen_on_loopback_with_a_bounded_number_of_workers(plain_environment):
    config = load_config()
    assert config["bind"] == ["127.0.0.1:8000"]
    assert 3 <= config["workers"] <= 8
    assert config["timeout"] >= 30  # a PDF takes over a second alone, several under load


def test_bind_workers_and_timeout_come_from_the_environment(plain_environment, monkeypatch):
    monkeypatch.setenv("GUNICORN_BIND", "unix:/run/trdreview/gunicorn.sock")
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "90")
    config = load_config()
    assert config["bind"] == ["unix:/run/trdreview/gunicorn.sock"]
    assert config["workers"] == 3
    assert config["timeout"] == 90


def test_access_log_format_names_the_path_but_never_the_query_string(plain_environment):
    log_format = load_config()["access_log_format"]
    assert "%(m)s" in log_format and "%(U)s" in log_format and "%(s)s" in log_format
    assert "%(M)s" in log_format  # duration
    # %(r)s is the whole request line and %(q)s the query string; %(f)s, the referrer, is
    # another page's URL with its query; request headers ({name}i) may hold anything.
    for atom in ("%(r)s", "%(q)s", "%(f)s", "}i)s", "}e)s"):
        assert atom not in log_format


def test_a_request_with_a_query_string_is_logged_without_it(gunicorn_logger, tmp_path):
    response = SimpleNamespace(status="200 OK", headers=[], sent=1234)
    request = SimpleNamespace(headers=[("REFERER", f"http://x/?{QUERY}")])
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/reviews/7/pdf/?{QUERY}",
        "PATH_INFO": "/reviews/7/pdf/",
        "QUERY_STRING": QUERY,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"http://x/?{QUERY}",
    }
    gunicorn_logger.access(response, request, environ, datetime.timedelta(milliseconds=1500))

    line = (tmp_path / "access.log").read_text()
    assert '"GET /reviews/7/pdf/" 200 1234 1500ms' in line
    assert "Jane" not in line and "9434765919" not in line


def test_error_messages_lose_query_strings_too(gunicorn_logger, tmp_path):
    try:
        raise OSError("connection reset")
    except OSError:
        gunicorn_logger.exception("Error handling request %s %s", "GET", f"/reviews/7/?{QUERY}")
    gunicorn_logger.warning(f"Invalid request from ip=127.0.0.1: GET /?{QUERY} HTTP/1.1")

    text = (tmp_path / "error.log").read_text()
    assert "Error handling request GET /reviews/7/?[query removed]" in text
    assert "connection reset" in text  # the traceback is kept
    assert "Jane" not in text and "9434765919" not in text


def test_a_patient_links_token_is_never_logged(gunicorn_logger, tmp_path):
    token = "k3Yx9-TheOnlyKeyToThePatientsPage"
    response = SimpleNamespace(status="200 OK", headers=[], sent=99)
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": f"/p/{token}/",
        "PATH_INFO": f"/p/{token}/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
    }
    request = SimpleNamespace(headers=[])
    gunicorn_logger.access(response, request, environ, datetime.timedelta(milliseconds=20))
    gunicorn_logger.exception("Error handling request %s %s", "POST", f"/p/{token}/")

    access = (tmp_path / "access.log").read_text()
    assert '"POST /p/[link removed]/" 200 99 20ms' in access
    assert token not in access
    assert token not in (tmp_path / "error.log").read_text()
