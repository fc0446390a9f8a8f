"""Production-grade settings, checked on real responses."""

import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from reviews import services
from tests.factories import PASSWORD, make_clinician
from tests.reviews.samples import rich_review

ROOT = Path(__file__).resolve().parents[2]


def production_environment() -> dict[str, str]:
    # The browser tests' async escape hatch is for tests only; deployment must not have it.
    return {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_check_deploy_is_clean_in_production_configuration():
    env = {
        **production_environment(),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "TRDREVIEW_AUDIT_KEY": secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": "trd.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_signed_in_pages_carry_the_security_headers(signed_in_client):
    response = signed_in_client.get(reverse("home"))
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.pdf
def test_the_pdf_is_not_cached(signed_in_client, clinician):
    review = services.import_review(data=rich_review(), by=clinician)
    response = signed_in_client.get(reverse("review_pdf", args=[review.pk]))
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="trd-review-{review.pk}-2026-11-20.pdf"'
    )


def test_pages_have_no_inline_scripts(signed_in_client, clinician):
    review = services.import_review(data=rich_review(), by=clinician)
    for url in (
        reverse("home"),
        reverse("review_detail", args=[review.pk]),
        reverse("review_step", args=[review.pk, "medication"]),
    ):
        html = signed_in_client.get(url).content.decode()
        scripts = html.split("<script")[1:]
        for script in scripts:
            opening = script.split(">", 1)[0]
            assert "src=" in opening or 'type="application/json"' in opening, opening


@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SESSION_COOKIE_SECURE=True
)
def test_https_responses_carry_hsts_and_secure_cookies(client, clinician):
    response = client.post(
        reverse("login"), {"username": clinician.username, "password": PASSWORD}, secure=True
    )
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"] and session_cookie["httponly"]


CANARY = "CANARY-7f3a9c"


def test_typed_patient_data_never_reaches_the_logs_even_on_a_crash(
    signed_in_client, clinician, caplog, monkeypatch
):
    signed_in_client.raise_request_exception = False
    caplog.set_level(logging.DEBUG)
    review = services.import_review(data=rich_review(), by=clinician)
    step = reverse("review_step", args=[review.pk, "notes"])

    # A refused save (400), then a crash inside the save (500), both carrying the canary.
    signed_in_client.post(step, {"version": "x", "clinician_notes": CANARY})

    def crash(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "save_step", crash)
    response = signed_in_client.post(
        step, {"version": str(review.lock_version), "clinician_notes": CANARY, "action": "next"}
    )
    assert response.status_code == 500
    assert CANARY not in response.content.decode()
    logged = "\n".join(
        caplog.handler.format(record) if record.exc_info else record.getMessage()
        for record in caplog.records
    )
    assert "Internal Server Error" in logged
    assert CANARY not in logged


@pytest.mark.django_db
def test_usernames_are_unique_ignoring_case(practice):
    make_clinician(practice=practice, username="DrSmith")
    with pytest.raises(Exception, match="exists already"):
        services.create_clinician(
            username="drsmith", practice_name=practice.name, password="a-long-enough-pass-2026"
        )


@pytest.mark.django_db
def test_weak_passwords_are_refused(practice):
    with pytest.raises(Exception, match="too common|too short"):
        services.create_clinician(username="newdoc", practice_name=practice.name, password="12345")


def test_pages_carry_a_permissions_policy(client, signed_in_client):
    for response in (client.get(reverse("login")), signed_in_client.get(reverse("home"))):
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy


def test_a_refused_csrf_token_shows_our_page_with_a_way_back(clinician):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(clinician)
    response = browser.post(reverse("review_start"), {"patient_ref": "MRN-1"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "This form could not be accepted" in page
    assert 'href="/static/css/app.css"' in page or "css/app.css" in page
    assert '<a href="/">return to the reviews</a>' in page
    assert "CSRF verification failed" not in page  # Django's bare page


def test_a_bad_request_shows_our_page(signed_in_client, settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]
    response = signed_in_client.get(reverse("home"), HTTP_HOST="evil.example")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Request not understood" in page
    assert "css/app.css" in page


def make_recipe(target: str, *, env: dict) -> str:
    """What `make -n TARGET` would run, in that environment."""
    return subprocess.run(
        ["make", "-n", target], cwd=ROOT, env=env, capture_output=True, text=True
    ).stdout


def test_make_serve_never_runs_with_debug():
    recipe = make_recipe("serve", env={**os.environ, "DJANGO_DEBUG": "1"})
    assert "DJANGO_DEBUG=0" in recipe
    assert "gunicorn" in recipe and "runserver" not in recipe
    # exported after anything that could set it, so a DJANGO_DEBUG=1 in the environment loses
    assert recipe.index("DJANGO_DEBUG=0") < recipe.index("gunicorn trdreview.wsgi")
    assert "DJANGO_DEBUG=1" not in recipe


def test_the_deploy_guide_runs_with_debug_off():
    guide = (ROOT / "docs" / "deploy.md").read_text()
    assert "\nDJANGO_DEBUG=0\n" in guide  # the environment file every unit and command reads
    assert "DJANGO_DEBUG=1" not in guide
    assert "DJANGO_DEBUG=on" not in guide and "DJANGO_DEBUG=true" not in guide


def test_debug_is_off_when_the_variable_is_unset():
    env = {
        key: value
        for key, value in production_environment().items()
        if key not in {"DJANGO_DEBUG", "DJANGO_SECRET_KEY", "TRDREVIEW_AUDIT_KEY"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "trdreview.settings"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    # Debug off asks for the production secrets: a server started bare never shows debug pages.
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


def test_make_run_turns_debug_on_for_the_demo():
    recipe = make_recipe("run", env=production_environment())
    assert "DJANGO_DEBUG=1" in recipe


def test_pdf_workers_run_as_their_own_processes_beside_the_web_server():
    recipe = make_recipe("serve", env=production_environment())
    assert "manage.py pdf_worker &" in recipe
    assert recipe.index("pdf_worker") < recipe.index("exec .venv/bin/gunicorn")
    guide = (ROOT / "docs" / "deploy.md").read_text()
    assert "/etc/systemd/system/trdreview-pdf@.service" in guide
    assert "ExecStart=/srv/trdreview/app/.venv/bin/python manage.py pdf_worker" in guide
    assert "ALTER ROLE trdreview SET log_min_error_statement = 'panic'" in guide
