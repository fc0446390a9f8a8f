"""The summary: DESIGN.md §7's shape, the page built from it, and the snapshot of final reviews."""

import json
from dataclasses import replace

from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from reviews import services
from reviews.facts import catalogue, label_doses, trials
from tests.reviews.builders import summary_of
from tests.reviews.samples import rich_review, trial
from tests.wording import directive_phrases


def test_summary_json_has_the_shape_of_design_section_7(rich):
    data = summary_of(rich).as_json()

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
    facts = data["facts"]
    assert {key: facts[key] for key in list(facts)[:8]} == {
        "medication_trials": 5,
        "antidepressant_trials": 4,
        # sertraline 10 wk, venlafaxine 25 wk, bupropion ongoing 7 wk to the visit; citalopram
        # was marked not adequate.
        "adequate_trials": 3,
        "antidepressant_classes": ["ndri", "snri", "ssri"],
        "augmentation_trials": 1,
        "combination_trials": 0,
        "psychotherapies": 2,
        "procedures": 2,
    }
    assert list(facts)[8:] == [
        "courses",
        "failed_adequate_trials",
        "ongoing_trials",
        "uncertain_trials",
        "stopped_for_side_effects",
        "failed_classes",
        "episode_months_from_onset",
    ]
    sertraline_label = label_doses.label_dose("sertraline").as_json()
    assert sertraline_label["low_mg"] == 50
    assert facts["courses"][0] == {
        "drug": "sertraline",
        "drug_class": "ssri",
        "medicines": [{"drug": "sertraline", "drug_class": "ssri", "label_dose": sertraline_label}],
        "label_dose": sertraline_label,
        "given_for": "depression",
        "rows": 1,
        "ongoing": False,
        "in_current_episode": True,
        "weeks_at_adequate_dose": 10,
        "stopped_for_side_effects": False,
        "failed": {"4": "counted", "6": "counted", "8": "counted"},
        "reasons": {
            weeks: "dose marked adequate, 10 weeks at an adequate dose, adherence as "
            "prescribed, response none"
            for weeks in ("4", "6", "8")
        },
    }
    assert facts["failed_adequate_trials"]["current_episode"] == {"4": 2, "6": 2, "8": 2}
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
    data = summary_of(rich).as_json()
    assert data["min_trial_weeks"] == 8
    assert data["facts"]["adequate_trials"] == 2  # bupropion's 7 weeks fall short of 8


def test_trials_are_worked_into_courses_once_per_summary(rich, monkeypatch):
    """The ledger, the medication table, the facts and the categories share one result."""
    calls = []
    original = trials.trial_facts

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(trials, "trial_facts", counted)
    summary = summary_of(rich)
    assert len(calls) == 1
    assert summary.facts.medication_trials == len(summary.ledger.rows) > 0


def test_review_summary_command_prints_the_json(rich, capsys):
    call_command("review_summary", str(rich.pk))
    printed = json.loads(capsys.readouterr().out)
    assert printed == summary_of(rich).as_json()


def change_catalogue(monkeypatch) -> None:
    """Rename every category and replace its description where the summary reads them (the
    category rules read `catalogue.CATEGORIES` when they run, never a copy bound at import)."""
    changed = tuple(
        replace(category, label=category.label + " (renamed)", description="Changed.")
        for category in catalogue.CATEGORIES
    )
    monkeypatch.setattr(catalogue, "CATEGORIES", changed)
    monkeypatch.setattr(
        catalogue, "CATEGORIES_BY_ID", {category.id: category for category in changed}
    )
    monkeypatch.setattr(catalogue, "CATALOGUE_VERSION", "2099.1")


def test_final_review_keeps_its_summary_when_the_catalogue_changes(
    rich, blank, monkeypatch, settings
):
    services.finalise_review(review=rich, expected_version=rich.lock_version, by=rich.clinician)
    rich.refresh_from_db()
    before = summary_of(rich)

    change_catalogue(monkeypatch)
    settings.TRDREVIEW_MIN_TRIAL_WEEKS = 8

    # The change reaches a draft's summary everywhere it is shown, so the final review's
    # summary staying the same below is the snapshot at work, not a patch that missed.
    draft = summary_of(blank)
    assert draft.catalogue_version == "2099.1"
    assert all(entry.label.endswith(" (renamed)") for entry in draft.categories)
    assert {entry.description for entry in draft.categories} == {"Changed."}

    after = summary_of(rich)
    assert after.as_json() == before.as_json()
    assert rich.catalogue_version == before.catalogue_version == after.catalogue_version
    assert [(entry.label, entry.description) for entry in after.categories] == [
        (entry.label, entry.description) for entry in before.categories
    ]
    assert not any(entry.label.endswith(" (renamed)") for entry in after.categories)


def test_draft_summary_follows_the_current_catalogue(blank, monkeypatch):
    monkeypatch.setattr(catalogue, "CATALOGUE_VERSION", "2099.1")
    assert summary_of(blank).catalogue_version == "2099.1"


def test_summary_page_lists_the_categories_alphabetically_within_groups(signed_in_client, rich):
    response = signed_in_client.get(reverse("review_detail", args=[rich.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for group, _title in catalogue.GROUPS:
        labels = sorted(
            (c for c in catalogue.CATEGORIES if c.group == group), key=lambda c: c.label.casefold()
        )
        positions = [html.index(f'id="category-{c.id}"') for c in labels]
        assert positions == sorted(positions), group
    assert "alphabetical within groups; the order carries no ranking" in html
    for source in catalogue.SOURCES:
        assert escape(source.title) in html
    assert escape(catalogue.DISCLAIMER) in html
    assert "Recorded as tried" not in html
    assert "Not recorded as tried" not in html
    assert "nothing related recorded in this review" in html
    # The descriptions are there, collapsed, apart from the patient's findings.
    assert '<details class="descriptions">' in html
    assert escape(catalogue.CATEGORIES_BY_ID["vns"].description) in html


def test_summary_page_shows_safety_first_whatever_was_recorded(signed_in_client, clinician):
    data = rich_review()
    data["safety"] = {"suicidal_thoughts": "yes", "self_harm": "no", "notes": "Passive thoughts."}
    review = services.import_review(data=data, by=clinician)

    html = signed_in_client.get(reverse("review_detail", args=[review.pk])).content.decode()

    assert html.index('data-testid="safety"') < html.index('id="ledger-heading"')
    assert "Suicidal thoughts (now or past month): <strong>Yes</strong>" in html
    assert "Self-harm without intent to die: <strong>No</strong>" in html
    assert "Thought of a method: <strong>Not asked</strong>" in html  # left out of the file
    assert escape(catalogue.SAFETY_NOTE) in html
    assert "Passive thoughts." in html


def test_safety_is_shown_when_nothing_was_asked(signed_in_client, blank):
    html = signed_in_client.get(reverse("review_detail", args=[blank.pk])).content.decode()
    assert 'data-testid="safety"' in html
    assert "Suicidal thoughts (now or past month): <strong>Not asked</strong>" in html
    assert "Attempt ever: <strong>Not asked</strong>" in html
    assert "PHQ-9 item 9: <strong>" not in html  # a score, in the safety line only when entered
    # The sources' note on suicidal thoughts is in every summary: never because of an answer.
    assert escape(catalogue.SAFETY_NOTE) in html


def test_summary_page_shows_the_answers_and_what_was_not_assessed(signed_in_client, blank):
    html = signed_in_client.get(reverse("review_detail", args=[blank.pk])).content.decode()
    assert "Physical health: Chronic pain" in html
    assert "Safety: Thoughts of ending their life, now or in the past month" in html
    assert "No medication trials recorded." in html
    assert "Medication trials: none recorded." in html  # the answers, collapsed


def test_the_header_names_the_clinician_not_the_username(rich, clinician):
    header = summary_of(rich).header
    assert header.clinician == clinician.get_full_name()
    assert clinician.username not in header.clinician


def test_a_follow_up_says_what_changed_since_the_previous_review(clinician):
    first = services.import_review(data=rich_review(), by=clinician)
    data = rich_review()
    data["visit_date"] = "2026-11-25"
    data["episode"]["severity_scores"].append({"scale": "phq9", "score": 12, "date": "2026-11-25"})
    data["medication_trials"].append(
        trial("vortioxetine", "other_antidepressant", start="2026-11-21")
    )
    data["safety"]["suicidal_thoughts"] = "yes"
    later = summary_of(services.import_review(data=data, by=clinician))

    assert later.previous.review_id == first.pk
    changes = " ".join(later.previous.changes)
    assert "vortioxetine" in changes
    assert "Suicidal thoughts (now or past month): no → yes" in changes
    assert "PHQ-9: 19 on 2026-11-20 → 12 on 2026-11-25." in later.previous.changes
    phq9 = next(line for line in later.scores if line.scale == "PHQ-9")
    assert phq9.score == "12 / 27"
    assert phq9.change == "previous review: 19 on 2026-11-20 (−7)"
    assert summary_of(first).previous is None


def test_the_ledger_has_one_line_per_trial_and_counts_with_their_rules(rich):
    ledger = summary_of(rich).ledger
    marks = {row.drug: [mark.state for mark in row.marks] for row in ledger.rows}

    assert [row.drug for row in ledger.rows] == [
        t["drug"] for t in rich_review()["medication_trials"]
    ]
    assert marks["sertraline"] == ["counted", "counted", "counted"]  # 10 weeks, none
    assert marks["citalopram"] == ["not counted"] * 3  # dose not adequate
    assert marks["aripiprazole"] == ["not applicable"] * 3  # augmentation
    assert marks["bupropion"] == ["ongoing"] * 3  # still taken at the visit
    bupropion = next(row for row in ledger.rows if row.drug == "bupropion")
    assert bupropion.weeks == "7* so far"
    assert [row.episode for row in ledger.rows] == ["this episode"] * 5
    episode, everything = ledger.counts
    assert (episode.label, everything.label) == ("Current episode", "All recorded trials")
    # sertraline and venlafaxine counted; bupropion is ongoing with its response not recorded;
    # citalopram was stopped for side effects.
    assert [cell.text for cell in episode.cells] == ["2 counted"] * 3 + ["1"]
    assert [cell.text for cell in everything.cells] == ["2 counted"] * 3 + ["1"]
    # First beside the counts: what they are not (the wording audit of 2026-12-06).
    assert ledger.definitions[0] == "Counts by these definitions, not a diagnosis or a threshold."
    assert ledger.definitions[1].startswith("Counted: a trial that ended")
    assert ledger.definitions[2].startswith("Ongoing: still taken at the visit")


def test_generated_text_has_no_directive_words(rich):
    summary = summary_of(rich)
    texts = [summary.ledger.note, *summary.ledger.definitions]
    texts += [cell.text for line in summary.ledger.counts for cell in line.cells]
    texts += summary.not_assessed_labels
    for entry in summary.categories:
        texts += [entry.label, entry.description, entry.when_mentioned, *entry.findings]
    assert {text: directive_phrases(text) for text in texts if directive_phrases(text)} == {}


def test_outsider_cannot_see_the_summary(client, outsider, rich):
    client.force_login(outsider)
    assert client.get(reverse("review_detail", args=[rich.pk])).status_code == 404
