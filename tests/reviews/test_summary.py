"""The summary: DESIGN.md §7's shape, the page built from it, and the snapshot of final reviews."""

import json
from dataclasses import replace

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from reviews import catalogue, services
from reviews.summary import build_summary
from tests.reviews.samples import blank_review, rich_review

DIRECTIVE_WORDS = ("recommend", "should", "must", "advise", "indicated", "prescribe")


@pytest.fixture
def rich(clinician):
    return services.import_review(data=rich_review(), by=clinician)


@pytest.fixture
def blank(clinician):
    return services.import_review(data=blank_review(), by=clinician)


def test_summary_json_has_the_shape_of_design_section_7(rich):
    data = build_summary(rich).as_json()

    assert list(data) == [
        "review_id",
        "catalogue_version",
        "min_trial_weeks",
        "facts",
        "not_assessed",
        "safety",
        "categories",
    ]
    assert data["review_id"] == rich.pk
    assert data["catalogue_version"] == catalogue.CATALOGUE_VERSION
    assert data["min_trial_weeks"] == 4
    assert data["facts"] == {
        "medication_trials": 5,
        "antidepressant_trials": 4,
        # sertraline 10 wk, venlafaxine 25 wk, bupropion ongoing 7 wk to the visit; citalopram
        # was marked not adequate.
        "adequate_trials": 3,
        "antidepressant_classes": ["atypical", "snri", "ssri"],
        "augmentation_trials": 1,
        "combination_trials": 0,
        "psychotherapies": 2,
        "procedures": 2,
    }
    assert "physical_health.chronic_pain" in data["not_assessed"]
    assert "differentials.trauma" in data["not_assessed"]
    assert "physical_health.thyroid" not in data["not_assessed"]
    assert [entry["id"] for entry in data["categories"]] == [
        category.id for category in catalogue.CATEGORIES
    ]
    for entry in data["categories"]:
        assert list(entry) == ["id", "group", "label", "sources", "already_tried", "findings"]
    by_id = {entry["id"]: entry for entry in data["categories"]}
    assert by_id["rtms"]["already_tried"] is True
    assert by_id["augmentation"]["already_tried"] is True
    assert by_id["combination"]["already_tried"] is False
    assert by_id["more_time"]["already_tried"] is None


def test_min_trial_weeks_setting_changes_the_adequate_count(rich, settings):
    settings.TRDREVIEW_MIN_TRIAL_WEEKS = 8
    data = build_summary(rich).as_json()
    assert data["min_trial_weeks"] == 8
    assert data["facts"]["adequate_trials"] == 2  # bupropion's 7 weeks fall short of 8


def test_review_summary_command_prints_the_json(rich, capsys):
    call_command("review_summary", str(rich.pk))
    printed = json.loads(capsys.readouterr().out)
    assert printed == build_summary(rich).as_json()


def test_final_review_keeps_its_summary_when_the_catalogue_changes(rich, monkeypatch, settings):
    services.finalise_review(review=rich, expected_version=rich.version, by=rich.clinician)
    rich.refresh_from_db()
    before = build_summary(rich)

    changed = tuple(
        replace(category, label=category.label + " (renamed)", description="Changed.")
        for category in catalogue.CATEGORIES
    )
    monkeypatch.setattr(catalogue, "CATEGORIES", changed)
    monkeypatch.setattr(
        catalogue, "CATEGORIES_BY_ID", {category.id: category for category in changed}
    )
    monkeypatch.setattr(catalogue, "CATALOGUE_VERSION", "2099.1")
    settings.TRDREVIEW_MIN_TRIAL_WEEKS = 8

    after = build_summary(rich)
    assert after.as_json() == before.as_json()
    assert rich.catalogue_version == before.catalogue_version == after.catalogue_version
    assert [entry.description for entry in after.categories] == [
        entry.description for entry in before.categories
    ]


def test_draft_summary_follows_the_current_catalogue(blank, monkeypatch):
    monkeypatch.setattr(catalogue, "CATALOGUE_VERSION", "2099.1")
    assert build_summary(blank).catalogue_version == "2099.1"


def test_summary_page_lists_every_category_in_order_with_sources(signed_in_client, rich):
    response = signed_in_client.get(reverse("review_detail", args=[rich.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(f'id="category-{c.id}"') for c in catalogue.CATEGORIES]
    assert positions == sorted(positions)
    for source in catalogue.SOURCES:
        assert escape(source.title) in html
    assert escape(catalogue.DISCLAIMER) in html
    assert "Recorded as tried" in html
    assert "No related entries in this review." in html  # e.g. coverage-free categories


def test_summary_page_puts_recorded_suicidal_thoughts_first(signed_in_client, clinician):
    data = rich_review()
    data["safety"] = {"suicidal_thoughts": "yes", "self_harm": "no", "notes": "Passive thoughts."}
    review = services.import_review(data=data, by=clinician)

    html = signed_in_client.get(reverse("review_detail", args=[review.pk])).content.decode()

    alert = html.index('data-testid="safety-alert"')
    assert alert < html.index('id="facts-heading"')
    assert "Current suicidal thoughts: yes" in html
    assert escape(catalogue.SAFETY_NOTE) in html
    assert "Passive thoughts." in html


def test_summary_page_has_no_safety_alert_when_none_recorded(signed_in_client, rich):
    html = signed_in_client.get(reverse("review_detail", args=[rich.pk])).content.decode()
    assert 'data-testid="safety-alert"' not in html


def test_summary_page_shows_the_answers_and_what_was_not_assessed(signed_in_client, blank):
    html = signed_in_client.get(reverse("review_detail", args=[blank.pk])).content.decode()
    assert "Physical health: Chronic pain" in html
    assert "Safety: Current suicidal thoughts" in html
    assert "Medication trials: none recorded." in html


def test_generated_text_has_no_directive_words(rich):
    summary = build_summary(rich)
    texts = [line for label, value in summary.fact_lines for line in (label, value)]
    texts += summary.not_assessed_labels
    for entry in summary.categories:
        texts += [entry.label, entry.description, entry.when_mentioned, *entry.findings]
    joined = " ".join(texts).lower()
    for word in DIRECTIVE_WORDS:
        assert word not in joined, word


def test_outsider_cannot_see_the_summary(client, outsider, rich):
    client.force_login(outsider)
    assert client.get(reverse("review_detail", args=[rich.pk])).status_code == 404
