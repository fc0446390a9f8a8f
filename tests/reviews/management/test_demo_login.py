"""make run's demo login: printed after the server's start line, the password only when the
account is created."""

from io import StringIO

from django.core.management import call_command

from reviews import services
from reviews.management.commands import run_demo
from tests.factories import make_clinician, make_practice


def ensure_demo() -> str:
    out = StringIO()
    call_command("ensure_demo", stdout=out)
    return out.getvalue()


def test_the_password_is_printed_only_when_the_account_is_created(db):
    first = ensure_demo()
    assert f"password {services.DEMO_PASSWORD!r}" in first
    again = ensure_demo()
    assert services.DEMO_PASSWORD not in again
    assert "username 'demo'" in again


def test_nothing_is_created_beside_real_clinicians(db):
    make_clinician(practice=make_practice("Riverside Clinic"), username="dr.ada")
    assert "nothing created" in ensure_demo()


def test_the_login_is_printed_after_the_start_line(monkeypatch):
    monkeypatch.setenv(run_demo.LOGIN_NOTE, "Demo login created: username 'demo'")
    out = StringIO()
    command = run_demo.Command(stdout=out)
    command.addr, command.port, command.protocol, command._raw_ipv6 = (
        "127.0.0.1",
        "8000",
        "http",
        False,
    )
    command.on_bind("8000")
    lines = out.getvalue().splitlines()
    assert "Starting development server at http://127.0.0.1:8000/" in lines
    assert lines[-1] == "Demo login created: username 'demo'"
