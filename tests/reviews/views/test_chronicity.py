"""The episode step's notice when the entered duration and the months from the onset differ,
and the summary printing both (reviews/facts/chronicity.py)."""

import pytest
from django.urls import reverse

from reviews import services
from reviews.models import Review
from tests.reviews.builders import sheet_of, summary_of
from tests.reviews.samples import rich_review
from tests.reviews.views.pages import page_text, submit

NOTICE = (
    "The duration entered (20 months) and the months from the recorded onset to the visit "
    "(32 months) differ by more than 3 months."
)


@pytest.fixture
def imported(clinician) -> Review:
    """Onset 2024-03-01, visit 2026-11-20: 32 months from the onset; 32 entered."""
    return services.import_review(data=rich_review(), by=clinician)


def test_saving_a_contradicting_duration_is_kept_and_noticed(signed_in_client, imported):
    response = submit(signed_in_client, imported, "episode", {"episode_duration_months": "20"})
    assert response.status_code == 302  # saved, never refused
    assert Review.objects.get(pk=imported.pk).episode_duration_months == 20
    assert NOTICE in page_text(signed_in_client.get(response["Location"]))


@pytest.mark.parametrize("entered", ["32", "35", ""])
def test_no_notice_when_the_figures_agree_or_one_is_missing(signed_in_client, imported, entered):
    response = submit(signed_in_client, imported, "episode", {"episode_duration_months": entered})
    assert response.status_code == 302
    assert "differ by more than" not in page_text(signed_in_client.get(response["Location"]))


def test_the_summary_prints_both_figures_and_says_they_differ(signed_in_client, clinician):
    data = rich_review()
    data["episode"].update(onset="2024-03", duration_months=20, age_first_episode=19)
    review = services.import_review(data=data, by=clinician)

    summary = summary_of(review)
    assert summary.as_json()["facts"]["episode_months_from_onset"] == {"low": 31, "high": 32}
    text = page_text(signed_in_client.get(reverse("review_detail", args=[review.pk])))
    assert (
        "Current episode: onset 2024-03; 31–32 months from the recorded onset to the visit; "
        "duration entered: 20 months; age at first episode: 19; the two durations differ by "
        "more than 3 months."
    ) in text

    item = next(item for item in sheet_of(review).items if item.id == "episode")
    assert item.value == ("Onset 2024-03; 20 months; 2 prior episodes; age at first episode 19")


def test_the_summary_says_nothing_of_a_difference_when_there_is_none(clinician):
    summary = summary_of(services.import_review(data=rich_review(), by=clinician))
    assert summary.episode_length == [
        "onset 2024-03-01",
        "32 months from the recorded onset to the visit",
        "duration entered: 32 months",
    ]


def test_no_onset_gives_no_computed_months(clinician):
    data = rich_review()
    data["episode"]["onset"] = None
    summary = summary_of(services.import_review(data=data, by=clinician))
    assert summary.as_json()["facts"]["episode_months_from_onset"] is None
    assert summary.episode_length == ["duration entered: 32 months"]


def test_a_follow_up_carries_the_age_at_first_episode_and_asks_the_duration_afresh(clinician):
    data = rich_review()
    data["episode"]["age_first_episode"] = 19
    follow_up = services.start_follow_up(
        review=services.import_review(data=data, by=clinician), by=clinician
    )
    assert follow_up.episode_age_first_episode == 19
    assert follow_up.episode_onset == "2024-03-01"
    assert follow_up.episode_duration_months is None
