"""Automatic sign-out and autosave: an interrupted visit loses at most a few seconds of typing."""

import re
import threading

import pytest
from django.db import connection
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from reviews import services, steps
from reviews.middleware import LAST_ACTIVITY, SIGNED_IN_AT
from reviews.models import AuditEvent, Review, StepDraft
from tests.factories import PASSWORD, make_clinician
from tests.reviews.samples import hundred_trials, rich_review


@pytest.fixture
def review(clinician):
    return services.import_review(data=rich_review(), by=clinician)


def sign_in(client, clinician):
    response = client.post(reverse("login"), {"username": clinician.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def move_clock_back(client, *, idle_seconds=0, signed_in_seconds=0):
    """Pretend the last activity and the sign-in happened that long ago."""
    session = client.session
    now = timezone.now().timestamp()
    session[LAST_ACTIVITY] = now - idle_seconds
    session[SIGNED_IN_AT] = now - max(signed_in_seconds, idle_seconds)
    session.save()


def test_fifteen_idle_minutes_sign_the_clinician_out(client, clinician):
    sign_in(client, clinician)
    move_clock_back(client, idle_seconds=15 * 60 + 5)

    response = client.get(reverse("home"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "signed out after a period without activity" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_OUT).exists()


def test_activity_within_the_limit_keeps_the_session(client, clinician):
    sign_in(client, clinician)
    move_clock_back(client, idle_seconds=14 * 60)
    assert client.get(reverse("home")).status_code == 200


def test_twelve_hours_sign_out_even_an_active_clinician(client, clinician):
    sign_in(client, clinician)
    move_clock_back(client, idle_seconds=10, signed_in_seconds=12 * 3600 + 5)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_idle_limit_is_a_setting(client, clinician, settings):
    settings.TRDREVIEW_IDLE_TIMEOUT_SECONDS = 60
    sign_in(client, clinician)
    move_clock_back(client, idle_seconds=61)
    assert client.get(reverse("home")).status_code == 302


def test_autosave_is_not_activity_but_stay_signed_in_is(client, clinician, review):
    sign_in(client, clinician)
    move_clock_back(client, idle_seconds=10 * 60)
    before = client.session[LAST_ACTIVITY]
    autosave = reverse("review_step_autosave", args=[review.pk, "notes"])
    assert client.post(autosave, {"clinician_notes": "typing"}).json() == {"saved": True}
    assert client.session[LAST_ACTIVITY] == before

    client.post(reverse("keep_signed_in"), {"next": "/"}, HTTP_X_REQUESTED_WITH="fetch")
    assert client.session[LAST_ACTIVITY] > before


def test_stay_signed_in_without_javascript_returns_to_the_page(signed_in_client):
    response = signed_in_client.post(reverse("keep_signed_in"), {"next": "/reviews/new/"})
    assert response["Location"] == "/reviews/new/"
    response = signed_in_client.post(reverse("keep_signed_in"), {"next": "https://evil.test/"})
    assert response["Location"] == "/"


def test_a_session_without_timestamps_starts_counting_now(signed_in_client):
    # force_login bypasses the sign-in view; such a session is treated as starting now.
    assert signed_in_client.get(reverse("home")).status_code == 200


def test_autosaved_input_is_restored_after_signing_in_again(client, clinician, review):
    sign_in(client, clinician)
    step = reverse("review_step", args=[review.pk, "notes"])
    page = client.get(step)
    version = page.context["control"]["version"].value()
    client.post(
        reverse("review_step_autosave", args=[review.pk, "notes"]),
        {"version": version, "clinician_notes": "Half-typed thought about sleep"},
    )
    move_clock_back(client, idle_seconds=16 * 60)
    assert client.get(step)["Location"].startswith(reverse("login"))

    sign_in(client, clinician)
    html = client.get(step).content.decode()
    assert "Half-typed thought about sleep" in html
    assert "was restored" in html
    saved = Review.objects.get(pk=review.pk).clinician_notes
    assert saved == rich_review()["clinician_notes"]  # not saved, only kept


def test_restored_input_is_not_marked_as_errors_until_saved(signed_in_client, review):
    autosave = reverse("review_step_autosave", args=[review.pk, "episode"])
    signed_in_client.post(autosave, {"version": "1", "episode_duration_months": "abc"})
    response = signed_in_client.get(reverse("review_step", args=[review.pk, "episode"]))
    assert response.status_code == 200
    assert 'value="abc"' in response.content.decode()
    assert "is-invalid" not in response.content.decode()


def test_saving_the_step_replaces_the_draft(signed_in_client, clinician, review):
    autosave = reverse("review_step_autosave", args=[review.pk, "notes"])
    signed_in_client.post(autosave, {"clinician_notes": "draft"})
    step = reverse("review_step", args=[review.pk, "notes"])
    response = signed_in_client.post(
        step,
        {"version": str(review.lock_version), "clinician_notes": "final words", "action": "stay"},
    )
    assert response.status_code == 302
    assert not StepDraft.objects.exists()
    assert "final words" in signed_in_client.get(step).content.decode()


def test_discarding_restored_input_shows_what_is_saved(signed_in_client, review):
    signed_in_client.post(
        reverse("review_step_autosave", args=[review.pk, "notes"]), {"clinician_notes": "oops"}
    )
    signed_in_client.post(reverse("review_step_discard", args=[review.pk, "notes"]))
    html = signed_in_client.get(reverse("review_step", args=[review.pk, "notes"])).content.decode()
    assert "oops" not in html


def test_drafts_are_visible_only_to_their_author(client, clinician, review):
    colleague = make_clinician(practice=clinician.practice, username="dr.colleague")
    client.force_login(clinician)
    client.post(
        reverse("review_step_autosave", args=[review.pk, "notes"]),
        {"clinician_notes": "Private draft words"},
    )
    client.force_login(colleague)
    html = client.get(reverse("review_step", args=[review.pk, "notes"])).content.decode()
    assert "Private draft words" not in html


def test_a_final_review_takes_no_drafts(signed_in_client, review):
    services.finalise_review(
        review=review, expected_version=review.lock_version, by=review.clinician
    )
    response = signed_in_client.post(
        reverse("review_step_autosave", args=[review.pk, "notes"]), {"clinician_notes": "x"}
    )
    assert response.status_code == 409
    assert not StepDraft.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_finalise_yields_exactly_one_final_version(clinician):
    review = services.import_review(data=rich_review(), by=clinician)
    barrier = threading.Barrier(4)
    outcomes = []

    def finalise():
        try:
            barrier.wait()
            services.finalise_review(
                review=Review.objects.get(pk=review.pk),
                expected_version=review.lock_version,
                by=review.clinician,
            )
            outcomes.append("final")
        except (services.StaleReview, services.ReviewIsFinal):
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=finalise) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["final", "refused", "refused", "refused"]
    finalised = AuditEvent.objects.filter(review_id=review.pk, action=AuditEvent.Action.FINALISE)
    assert finalised.count() == 1
    assert Review.objects.get(pk=review.pk).lock_version == review.lock_version + 1


# Issue 14: typing is activity, autosave answers only when saved, changes merge, any size saves.


def test_the_page_knows_how_long_the_session_has_left(client, clinician, settings):
    settings.TRDREVIEW_ABSOLUTE_TIMEOUT_SECONDS = 3600
    sign_in(client, clinician)
    move_clock_back(client, idle_seconds=5, signed_in_seconds=600)
    html = client.get(reverse("home")).content.decode()
    left = int(re.search(r'data-session-left-seconds="(\d+)"', html).group(1))
    assert 2990 <= left <= 3000  # an hour from signing in, ten minutes ago


def test_an_autosave_after_sign_out_is_not_answered_as_saved(client, clinician, review):
    sign_in(client, clinician)
    move_clock_back(client, idle_seconds=16 * 60)
    response = client.post(
        reverse("review_step_autosave", args=[review.pk, "notes"]),
        {"_changed": "clinician_notes", "clinician_notes": "typed after the limit"},
    )
    assert response.status_code == 302  # the sign-in page, which the page takes as "not saved"
    assert "X-TRD-Autosave" not in response
    assert not StepDraft.objects.exists()


def test_autosave_of_changed_fields_merges_into_the_saved_input(signed_in_client, review):
    autosave = reverse("review_step_autosave", args=[review.pk, "medication"])
    response = signed_in_client.post(
        autosave,
        {"_changed": ["medication_trials-1-notes"], "medication_trials-1-notes": "dose in May"},
    )
    assert response["X-TRD-Autosave"] == "saved"
    html = signed_in_client.get(reverse("review_step", args=[review.pk, "medication"])).content
    html = html.decode()
    assert "dose in May" in html
    assert "sertraline" in html  # the rows not sent are shown as saved, not blank
    assert html.count('name="medication_trials-') > 5 * 10

    # A second change merges with the first; an emptied field is removed.
    signed_in_client.post(
        autosave,
        {
            "_changed": ["medication_trials-0-notes", "medication_trials-1-notes"],
            "medication_trials-0-notes": "first",
        },
    )
    data = StepDraft.objects.get().data
    assert data["medication_trials-0-notes"] == ["first"]
    assert "medication_trials-1-notes" not in data
    assert data["medication_trials-0-drug"] == ["sertraline"]


def test_the_saved_input_posted_unchanged_changes_nothing(signed_in_client, review):
    from reviews.step_page import bind_step, posted_input

    for step in steps.STEPS:
        data = QueryDict(mutable=True)
        for name, values in posted_input(step, review).items():
            data.setlist(name, values)
        form, formset = bind_step(step, review, data)
        if form is not None:
            assert not form.has_changed(), (step.slug, form.changed_data)
        if formset is not None:
            assert formset.is_valid(), (step.slug, formset.errors)
            saved = list(formset.get_queryset())
            for row, stored in zip(formset.forms, saved, strict=False):
                for name in row._meta.fields:
                    assert getattr(row.instance, name) == getattr(stored, name), (step.slug, name)
            assert not any(row.has_changed() for row in formset.forms[len(saved) :]), step.slug


def test_a_refused_save_keeps_the_input_as_the_draft(signed_in_client, review):
    step = reverse("review_step", args=[review.pk, "episode"])
    response = signed_in_client.post(
        step,
        {"version": str(review.lock_version), "episode_duration_months": "abc", "action": "stay"},
    )
    assert response.status_code == 400
    assert StepDraft.objects.get().data["episode_duration_months"] == ["abc"]


def test_a_hundred_trials_save(signed_in_client, clinician):
    review = services.import_review(data=hundred_trials(), by=clinician)
    from reviews.step_page import posted_input

    medication = steps.STEPS_BY_SLUG["medication"]
    data = posted_input(medication, review)
    data["medication_trials-99-notes"] = ["the last row, changed"]
    data["action"] = ["stay"]
    assert len(data) >= 16 * 100 + 20
    response = signed_in_client.post(reverse("review_step", args=[review.pk, "medication"]), data)
    assert response.status_code == 302
    assert review.medication_trials.filter(notes="the last row, changed").exists()


def test_a_request_over_a_server_limit_is_answered_in_layout(signed_in_client, review, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    step = reverse("review_step", args=[review.pk, "notes"])
    data = {f"field{n}": "x" for n in range(10)}
    response = signed_in_client.post(step, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "more fields than the server reads" in html
    assert f'href="{step}"' in html  # back to the step, whose input is kept
    assert "Sign out" in html  # the site's layout, for a signed-in clinician
    assert "Bad Request" not in html


def test_the_session_notices_show_no_template_comment(signed_in_client):
    # A multi-line {# #} is no comment in Django: it was printed on every signed-in page.
    html = signed_in_client.get(reverse("home")).content.decode()
    assert "Notices of session.js" not in html
    assert "{#" not in html
