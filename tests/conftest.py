import os
import shutil
from pathlib import Path

import pytest

from reviews import services
from tests.factories import make_clinician, make_practice
from tests.reviews.samples import earlier_visit

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by browser
# tests (creating users for live_server) are safe there. Tests only, never in the app.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_TESTS = Path(__file__).parent / "browser"


def pytest_collection_modifyitems(items):
    """Everything under tests/browser drives chromium: it is `browser` without saying so."""
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def only_pdf_tests_lay_out_a_pdf(request, monkeypatch):
    """A test that lays out a PDF with WeasyPrint must be marked `pdf`, so the fast tier
    (`make check`, which leaves `pdf` out) never pays for one and the marks cannot go stale:
    an unmarked test that gets as far as WeasyPrint fails here, naming the mark it lacks.
    (Browser tests print through the live server and are left out of the fast tier anyway.)"""
    if request.node.get_closest_marker("pdf") or request.node.get_closest_marker("browser"):
        return
    from reviews.printing import engine

    def refuse(*args, **kwargs):
        pytest.fail("this test lays out a PDF: mark it @pytest.mark.pdf", pytrace=False)

    monkeypatch.setattr(engine, "html_to_pdf", refuse)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests create many accounts.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def practice(db):
    return make_practice("Riverside Clinic")


@pytest.fixture
def clinician(practice):
    return make_clinician(practice=practice, username="dr.ada", first_name="Ada", last_name="Byrne")


@pytest.fixture
def outsider(db):
    """A clinician of another practice: must never see the first practice's reviews."""
    return make_clinician(practice=make_practice("Hillside Practice"), username="dr.eve")


@pytest.fixture
def signed_in_client(client, clinician):
    client.force_login(clinician)
    return client


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive Debian's chromium: Playwright cannot download its own browser on these machines."""
    if not os.path.exists(CHROMIUM):
        message = "chromium is not installed: sudo apt-get install -y chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} (browser tests are required in CI)", pytrace=False)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def earlier(clinician):
    """A draft of the five-trial patient's earlier visit (samples.earlier_visit)."""
    return services.import_review(data=earlier_visit(), by=clinician)


@pytest.fixture
def follow_up(earlier, clinician):
    """A draft follow-up of `earlier`."""
    return services.start_follow_up(review=earlier, by=clinician)
