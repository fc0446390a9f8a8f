"""Lighthouse's accessibility score is 100 on every page a patient can be shown
(patient_pages.py), run by the pinned npm package in tests/tools against the live server on
Debian's chromium, all pages in one Chrome. Needs node and `make test`'s `npm ci`; skipped
without them except in CI, where it must run."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM
from tests.standards import snapshot_urls
from tests.standards.patient_pages import patient_pages

TOOLS = Path(__file__).parents[1] / "tools"
SCRIPT = TOOLS / "lighthouse-a11y.mjs"


def node() -> str:
    found = shutil.which("node")
    missing = [
        why
        for why, absent in (
            ("node is not installed", not found),
            ("chromium is not installed", not os.path.exists(CHROMIUM)),
            (
                "Lighthouse is not installed: make test runs npm ci in tests/tools",
                not (TOOLS / "node_modules" / "lighthouse").is_dir(),
            ),
        )
        if absent
    ]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{'; '.join(missing)} (Lighthouse is required in CI)", pytrace=False)
        pytest.skip("; ".join(missing))
    return found or "node"


def lighthouse(urls: list[str]) -> list[dict]:
    result = subprocess.run(
        [node(), str(SCRIPT), *urls],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def report(name: str, page: dict) -> str:
    lines = [f"{name}: score {page['score']} {page['error'] or ''}".rstrip()]
    for audit in page["failing"]:
        lines.append(f"  {audit['id']}: {audit['title']}")
        lines += [f"    {node}" for node in audit["nodes"][:5]]
    return "\n".join(lines)


@pytest.mark.browser
@pytest.mark.django_db
def test_every_patient_page_scores_100_for_accessibility(live_server, clinician, settings):
    pages = patient_pages(clinician)
    settings.ROOT_URLCONF = "tests.standards.snapshot_urls"
    snapshot_urls.SNAPSHOTS[:] = [html for _status, html in pages.values()]
    urls = [f"{live_server.url}/snapshot/{index}/" for index in range(len(pages))]
    results = lighthouse(urls)
    failed = [
        report(name, page) for name, page in zip(pages, results, strict=True) if page["score"] != 1
    ]
    assert not failed, "Lighthouse accessibility below 100:\n" + "\n".join(failed)
