"""One definition on every surface (issue 21, finding 7): the summary page, both PDFs, the summary
JSON, the CSV, the list and the patient timeline print the same counted, ongoing and uncertain
figures for one review."""

import csv
import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from reviews import services
from tests.reviews.samples import rich_review, trial

ADEQUATE = {"dose_adequate": "yes", "adherence": "as_prescribed", "response": "none"}

# Worked out by hand from the rules printed beside the figures:
# sertraline 12 weeks, counted at 4, 6 and 8; venlafaxine 6 weeks, counted at 4 and 6;
# citalopram ongoing 5 weeks with a partial response so far, in the ongoing figure at 4 only;
# paroxetine 10 weeks without dates: counted among all trials, uncertain in the episode;
# fluoxetine stopped for side effects after 2 weeks.
CURRENT = [
    "2 counted · 1 ongoing · 1 uncertain",
    "2 counted · 1 uncertain",
    "1 counted · 1 uncertain",
]
EVERY = ["3 counted · 1 ongoing", "3 counted", "2 counted"]
FIGURES = {  # counted, ongoing, uncertain in the current episode at 4, 6 and 8 weeks
    "4": (2, 1, 1),
    "6": (2, 0, 1),
    "8": (1, 0, 1),
}


@pytest.fixture
def review(clinician):
    data = rich_review()
    data["episode"]["onset"] = "2024-01"
    data["medication_trials"] = [
        trial("sertraline", "ssri", start="2024-02-01", end="2024-04-25", **ADEQUATE),
        trial(
            "venlafaxine",
            "snri",
            start="2024-06-01",
            end="2024-07-13",
            **{**ADEQUATE, "response": "partial"},
        ),
        trial(
            "citalopram",
            "ssri",
            start="2026-10-16",
            ongoing="yes",
            **{**ADEQUATE, "response": "partial"},
        ),
        trial("paroxetine", "ssri", weeks=10, **ADEQUATE),
        trial(
            "fluoxetine",
            "ssri",
            start="2024-09-01",
            end="2024-09-15",
            stopped_because="side_effects",
            **ADEQUATE,
        ),
    ]
    return services.import_review(data=data, by=clinician)


def spaced(text: str) -> str:
    return " ".join(text.split())


def pdf_text(content: bytes) -> str:
    return spaced(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def test_the_summary_json_has_the_figures(review, capsys):
    call_command("review_summary", str(review.pk))
    facts = json.loads(capsys.readouterr().out)["facts"]
    for weeks, (counted, ongoing, uncertain) in FIGURES.items():
        assert facts["failed_adequate_trials"]["current_episode"][weeks] == counted
        assert facts["ongoing_trials"]["current_episode"][weeks] == ongoing
        assert facts["uncertain_trials"]["current_episode"][weeks] == uncertain
    assert facts["stopped_for_side_effects"] == {"current_episode": 1, "all": 1}


@pytest.mark.pdf
def test_the_summary_page_and_its_pdf_print_them(review, signed_in_client):
    page = signed_in_client.get(reverse("review_detail", args=[review.pk])).content.decode()
    table = re.search(r'<table class="counts".*?</table>', page, re.S).group(0)
    rows = [
        [
            spaced(re.sub(r"<[^>]+>", "", cell))
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)
    ]
    assert rows[1:] == [["Current episode", *CURRENT, "1"], ["All recorded trials", *EVERY, "1"]]

    content = signed_in_client.get(reverse("review_pdf", args=[review.pk])).content
    text = pdf_text(content)
    assert spaced(f"Current episode {' '.join(CURRENT)} 1") in text
    assert spaced(f"All recorded trials {' '.join(EVERY)} 1") in text


@pytest.mark.pdf
def test_the_documentation_sheet_and_its_pdf_print_them(review, signed_in_client):
    sentence = (
        f"Current episode: {CURRENT[0]} at ≥4 weeks; {CURRENT[1]} at ≥6 weeks; {CURRENT[2]} at "
        f"≥8 weeks; 1 stopped for side effects (any weeks). All recorded trials: {EVERY[0]} at "
        f"≥4 weeks; {EVERY[1]} at ≥6 weeks; {EVERY[2]} at ≥8 weeks; 1 stopped for side effects "
        "(any weeks)."
    )
    url = reverse("review_pdf", args=[review.pk]) + "?sheet=documentation&treatment=tms"
    assert sentence in pdf_text(signed_in_client.get(url).content)
    page = signed_in_client.get(reverse("review_detail", args=[review.pk])).content.decode()
    assert sentence in spaced(page)
    assert "fluoxetine (2024-09-01 – 2024-09-15, this episode): Side effects" in spaced(page)


def test_the_list_the_csv_and_the_timeline_print_them(review, signed_in_client):
    home = signed_in_client.get(reverse("home")).content.decode()
    assert re.findall(r'data-testid="trial-count">(.*?)</td>', home) == [CURRENT[0]]

    response = signed_in_client.get(reverse("reviews_csv"))
    body = b"".join(response.streaming_content).decode()
    header, row = list(csv.reader(io.StringIO(body)))
    assert row[5:] == [str(figure) for figure in FIGURES["4"]]

    timeline = signed_in_client.get(reverse("patient_timeline", args=[review.pk]))
    line = re.search(r'data-testid="timeline-counts">(.*?)</span>', timeline.content.decode(), re.S)
    assert spaced(re.sub(r"<[^>]+>", "", line.group(1))).endswith(f": {CURRENT[0]}")


@pytest.mark.parametrize("weeks", [6, 8])
def test_the_list_follows_the_practices_weeks(review, signed_in_client, settings, weeks):
    settings.TRDREVIEW_MIN_TRIAL_WEEKS = weeks
    home = signed_in_client.get(reverse("home")).content.decode()
    expected = CURRENT[(4, 6, 8).index(weeks)]
    assert re.findall(r'data-testid="trial-count">(.*?)</td>', home) == [expected]
