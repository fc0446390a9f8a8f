"""Starting a follow-up review: the history is carried forward, the visit starts afresh, and the
earlier review stays exactly as it was."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reviews import services, steps
from reviews.exports.interchange import export_review
from reviews.facts import trials
from reviews.models import AuditEvent, Review
from tests.factories import MedicationTrialFactory, make_clinician
from tests.reviews.samples import PROCEDURE_KEYS_ADDED_IN_V3, blank_review, rich_review, trial

CARRIED = (
    "medication_trials",
    "physical_health",
    "differentials",
    "psychotherapies",
    "procedures",
    "pharmacogenomic_testing",
)
AFRESH = ("adherence", "other_medicines", "substance_use", "life_situation", "safety")


@pytest.fixture
def original(clinician):
    data = rich_review()
    data["visit_date"] = "2025-06-30"
    data["episode"]["severity_scores"][0]["date"] = "2025-06-30"
    data["episode"]["severity_scores"][1]["date"] = "2025-06-30"
    data["medication_trials"][-1]["start"] = "2025-05-01"  # bupropion, ongoing at the visit
    data["pharmacogenomic_testing"] = {"status": "yes", "notes": "Done in 2024."}
    data["clinician_notes"] = "Patient describes a hard winter."
    data["safety"].update(suicidal_thoughts="no", self_harm="no", notes="Discussed.")
    return services.import_review(data=data, by=clinician)


def test_a_follow_up_carries_the_history_and_starts_the_visit_afresh(original, clinician):
    before = export_review(original)

    follow_up = services.start_follow_up(review=original, by=clinician)

    after = export_review(follow_up)
    blank = blank_review()
    for section in CARRIED:
        assert after[section] == before[section], section
    for section in AFRESH:
        assert after[section] == blank[section], section
    assert after["clinician_notes"] == ""
    assert after["episode"] == {
        "onset": before["episode"]["onset"],
        "duration_months": None,
        "prior_episodes": before["episode"]["prior_episodes"],
        "age_first_episode": before["episode"]["age_first_episode"],
        "diagnosis_code": before["episode"]["diagnosis_code"],
        "psychotic_features": before["episode"]["psychotic_features"],
        "work_study": before["episode"]["work_study"],
        "psychiatrist_involved": before["episode"]["psychiatrist_involved"],
        "severity_scores": [],
    }
    assert after["patient_ref"] == before["patient_ref"]
    assert after["visit_date"] == timezone.localdate().isoformat()


def test_a_ketamine_trial_of_a_final_review_is_carried_as_a_procedure(original, clinician):
    # Recorded before the medication form refused it; the final review keeps it as it was.
    MedicationTrialFactory(review=original, drug="oral ketamine", drug_class="other", weeks=6)
    final = services.finalise_review(
        review=original, expected_version=original.lock_version, by=clinician
    )
    before = export_review(final)

    follow_up = export_review(services.start_follow_up(review=final, by=clinician))

    assert follow_up["medication_trials"] == before["medication_trials"][:-1]
    assert follow_up["procedures"][-1] == {
        "kind": "ketamine_oral",
        "sessions": None,
        "start": None,
        "end": None,
        "response": "unknown",
        "relapse": "unknown",
        **PROCEDURE_KEYS_ADDED_IN_V3,
        "info_source": "unknown",  # migration 0014's rules: a trial's source goes to the notes
        "notes": 'Moved from medication trials (entered as "oral ketamine"; '
        "Weeks at an adequate dose: 6).",
    }
    assert export_review(Review.objects.get(pk=final.pk)) == before


def test_the_follow_up_is_a_new_draft_of_the_same_practice(original, clinician):
    follow_up = services.start_follow_up(review=original, by=clinician)

    assert follow_up.pk != original.pk
    assert follow_up.status == "draft"
    assert (follow_up.practice_id, follow_up.clinician_id) == (
        original.practice_id,
        clinician.pk,
    )
    assert follow_up.revision == 1 and follow_up.amends_id is None


def test_the_original_is_left_exactly_as_it_was(original, clinician):
    services.finalise_review(
        review=original, expected_version=original.lock_version, by=original.clinician
    )
    original.refresh_from_db()
    before = (export_review(original), original.lock_version, original.updated_at, original.status)

    services.start_follow_up(review=original, by=clinician)

    original.refresh_from_db()
    assert (
        export_review(original),
        original.lock_version,
        original.updated_at,
        original.status,
    ) == (before)


def test_an_ongoing_trial_stays_ongoing_and_counts_to_the_new_visit(original, clinician):
    follow_up = services.start_follow_up(review=original, by=clinician)

    bupropion = follow_up.medication_trials.get(drug="bupropion")
    assert (bupropion.end, bupropion.ongoing) == (None, "yes")
    today = timezone.localdate()
    weeks = (today - datetime.date(2025, 5, 1)).days // 7
    (course,) = weeks_of(follow_up, "bupropion")
    assert course == (weeks, weeks)
    assert weeks_of(original, "bupropion") == [(8, 8)]  # as the earlier review counted it


def weeks_of(review, drug):
    facts = trials.trial_facts(export_review(review), min_weeks=4)
    return [
        (c.weeks_at_adequate_dose.low, c.weeks_at_adequate_dose.high)
        for c in facts.courses
        if c.generic == drug
    ]


def test_the_carried_steps_count_as_completed_and_it_opens_on_safety(original, clinician):
    follow_up = services.start_follow_up(review=original, by=clinician)

    assert follow_up.completed_steps == [
        "visit",
        "medication",
        "physical-health",
        "differentials",
        "psychotherapies",
        "procedures",
        "pharmacogenomics",
    ]
    assert steps.resume_slug(follow_up.last_step, follow_up.completed_steps) == "safety"


def test_a_follow_up_is_audited_with_the_earlier_review_by_id_only(original, clinician):
    follow_up = services.start_follow_up(review=original, by=clinician)

    event = AuditEvent.objects.get(action="follow_up")
    assert (event.review_id, event.user_id) == (follow_up.pk, clinician.pk)
    assert event.detail == f"of review {original.pk}"


def test_a_follow_up_of_a_review_dated_tomorrow_keeps_that_date(clinician):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = blank_review()
    data["visit_date"] = tomorrow.isoformat()
    data["medication_trials"] = [trial("sertraline", "ssri", start=tomorrow.isoformat())]
    review = services.import_review(data=data, by=clinician)

    follow_up = services.start_follow_up(review=review, by=clinician)

    assert follow_up.visit_date == tomorrow


def test_a_follow_up_stays_within_the_practice(original, outsider):
    with pytest.raises(PermissionError):
        services.start_follow_up(review=original, by=outsider)


# --- The button -----------------------------------------------------------------------------


def test_the_button_starts_a_follow_up_and_opens_the_safety_step(signed_in_client, original):
    response = signed_in_client.post(reverse("review_follow_up", args=[original.pk]))

    follow_up = Review.objects.latest("pk")
    assert follow_up.pk != original.pk
    assert response["Location"] == reverse("review_step", args=[follow_up.pk, "safety"])
    page = signed_in_client.get(response["Location"])
    html = page.content.decode()
    assert "Follow-up review started as a draft" in html
    # The message names what the schema carries and what it asks afresh, so a question moved
    # from one to the other changes what the clinician is told.
    assert (
        "Part of episode &amp; severity, medication trials, physical health, differential &amp; "
        "co-occurring, psychotherapies, procedures and pharmacogenomic testing were carried "
        "forward from the review of 2025-06-30" in html
    )
    assert (
        "Adherence &amp; engagement, other medicines, substance use, life situation and safety "
        "are asked afresh" in html
    )
    assert "Same as on 2025-06-30" in html  # the safety answers of the earlier visit, offered
    medication = signed_in_client.get(reverse("review_step", args=[follow_up.pk, "medication"]))
    for drug in ("sertraline", "citalopram", "Venlafaxine", "aripiprazole", "bupropion"):
        assert f'value="{drug}"' in medication.content.decode()


def test_the_summary_page_offers_the_follow_up_as_a_posted_form(signed_in_client, original):
    html = signed_in_client.get(reverse("review_detail", args=[original.pk])).content.decode()

    action = reverse("review_follow_up", args=[original.pk])
    assert f'<form method="post" action="{action}"' in html
    assert reverse("patient_timeline", args=[original.pk]) in html
    assert reverse("review_export_json", args=[original.pk]) in html


def test_a_get_starts_nothing(signed_in_client, original):
    count = Review.objects.count()

    response = signed_in_client.get(reverse("review_follow_up", args=[original.pk]))

    assert response.status_code == 405
    assert Review.objects.count() == count


def test_a_post_without_the_csrf_token_starts_nothing(clinician, original):
    client = Client(enforce_csrf_checks=True)
    client.force_login(clinician)
    count = Review.objects.count()

    response = client.post(reverse("review_follow_up", args=[original.pk]))

    assert response.status_code == 403
    assert Review.objects.count() == count


def test_another_practice_gets_404_and_nothing_is_created(client, outsider, original):
    client.force_login(outsider)
    count = Review.objects.count()

    assert client.post(reverse("review_follow_up", args=[original.pk])).status_code == 404
    assert Review.objects.count() == count


def test_a_colleague_pressing_follow_up_opens_the_draft_already_open(
    client, signed_in_client, original, clinician
):
    signed_in_client.post(reverse("review_follow_up", args=[original.pk]))
    colleague = make_clinician(practice=clinician.practice)
    client.force_login(colleague)
    response = client.post(reverse("review_follow_up", args=[original.pk]))
    (follow_up,) = Review.objects.filter(follows=original)
    assert response["Location"] == reverse("review_resume", args=[follow_up.pk])
    assert follow_up.clinician == clinician


def test_a_follow_up_of_the_follow_up_is_its_own_draft(original, clinician):
    first = services.start_follow_up(review=original, by=clinician)
    second = services.start_follow_up(review=first, by=clinician)
    assert second.pk != first.pk and second.follows == first
