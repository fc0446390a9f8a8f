"""One reading per request (reviews/reading.py): a review's trial facts are worked out once for
its page, its PDF and its documentation sheet, and its timeline is drawn once."""

import pytest
from django.urls import reverse

from reviews import services
from reviews.facts import trials
from reviews.printing.sheets import summary
from reviews.steps import STEPS_BY_SLUG

PAGES = {
    "the review's page": lambda pk: reverse("review_detail", args=[pk]),
    "the summary PDF": lambda pk: reverse("review_pdf", args=[pk]),
    "the documentation sheet": lambda pk: (
        reverse("review_pdf", args=[pk]) + "?sheet=documentation&treatment=tms"
    ),
}


@pytest.fixture
def counted(monkeypatch):
    """How often the trial rules are worked out and the timeline drawn."""
    calls = {"trial_facts": 0, "timelines": 0}

    def counting(name, real):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(trials, "trial_facts", counting("trial_facts", trials.trial_facts))
    monkeypatch.setattr(summary, "timeline_svgs", counting("timelines", summary.timeline_svgs))
    return calls


@pytest.mark.parametrize(
    "page",
    [
        "the review's page",
        pytest.param("the summary PDF", marks=pytest.mark.pdf),
        pytest.param("the documentation sheet", marks=pytest.mark.pdf),
    ],
)
def test_a_page_works_the_trial_rules_out_once(signed_in_client, rich, counted, page):
    response = signed_in_client.get(PAGES[page](rich.pk))

    assert response.status_code == 200
    assert counted["trial_facts"] == 1
    assert counted["timelines"] == (0 if page == "the documentation sheet" else 1)


def test_saving_a_step_the_trial_rules_do_not_read_leaves_the_counts_alone(
    signed_in_client, rich, counted
):
    url = reverse("review_step", args=[rich.pk, "notes"])
    response = signed_in_client.post(
        url, {"version": rich.lock_version, "action": "stay", "clinician_notes": "Seen with carer."}
    )
    assert response.status_code == 302
    assert counted["trial_facts"] == 0


def test_saving_the_onset_stores_the_counts_again(rich, counted):
    assert rich.trial_count(4).counted == 2  # sertraline and venlafaxine, since 2024-03-01
    services.save_step(
        review=rich,
        step=STEPS_BY_SLUG["episode"],
        values={"episode_onset": "2025-06"},
        rows=None,
        expected_version=rich.lock_version,
        heading_to="",
        by=rich.clinician,
    )

    assert counted["trial_facts"] == 1
    rich.refresh_from_db()
    assert rich.trial_count(4).counted == 0  # both ended before an onset in June 2025
