"""A follow-up in minutes and mistakes undone: "Same as on <date>" for the sections a follow-up
asks afresh, starting a review or a follow-up twice opens one draft, and a draft started by
mistake can be discarded (a final review never)."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from reviews import services
from reviews.models import AuditEvent, Review, StepDraft
from reviews.steps import STEPS_BY_SLUG
from tests.reviews.builders import summary_of
from tests.reviews.samples import rich_review
from tests.reviews.views.pages import page_text


def step_page(client, review, slug):
    return client.get(reverse("review_step", args=[review.pk, slug]))


# --- Same as on <date> ----------------------------------------------------------------------


def test_the_sections_asked_afresh_offer_the_previous_answers(signed_in_client, follow_up):
    for slug in ("adherence", "substance-use", "life-situation", "safety", "other-medicines"):
        page = step_page(signed_in_client, follow_up, slug).content.decode()
        assert "Same as on 2025-06-30" in page, slug
    for slug in ("medication", "episode", "physical-health", "notes"):
        page = step_page(signed_in_client, follow_up, slug).content.decode()
        assert "Same as on" not in page, slug


def test_a_first_review_offers_nothing_to_take_over(signed_in_client, clinician):
    first = services.import_review(data=rich_review(), by=clinician)
    assert "Same as on" not in step_page(signed_in_client, first, "adherence").content.decode()


def test_same_as_fills_the_form_and_saves_nothing(signed_in_client, follow_up, earlier):
    version = Review.objects.get(pk=follow_up.pk).lock_version
    response = signed_in_client.post(
        reverse("review_step_same_as", args=[follow_up.pk, "adherence"])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Filled in with the answers of the review of 30 Jun 2025" in page
    assert "Save these answers and continue" in page
    # The earlier answers are on screen, checked: "partly", and the two barriers.
    assert (
        'value="partly" checked' in page
        or 'checked value="partly"' in page
        or ('value="partly"' in page and "checked" in page)
    )
    fresh = Review.objects.get(pk=follow_up.pk)
    assert fresh.lock_version == version
    assert fresh.adherence_taking_as_prescribed == "unknown"  # nothing saved yet
    assert earlier.adherence_taking_as_prescribed == "partly"


def test_saving_the_same_answers_is_recorded_as_confirmed_at_this_visit(
    signed_in_client, follow_up, earlier
):
    review = Review.objects.get(pk=follow_up.pk)
    response = signed_in_client.post(
        reverse("review_step", args=[review.pk, "adherence"]),
        {
            "version": review.lock_version,
            "action": "next",
            "adherence_taking_as_prescribed": "partly",
            "adherence_missed_appointments": "no",
            "adherence_stopped_when_better": "yes",
            "adherence_barriers": ["cost", "side_effects"],
            "adherence_notes": "Stopped citalopram early because of nausea.",
        },
    )
    assert response.status_code == 302
    saved = AuditEvent.objects.filter(review_id=review.pk, action="save").latest("at")
    assert saved.detail == f"step adherence; confirmed unchanged since review {earlier.pk}"
    not_assessed = summary_of(Review.objects.get(pk=review.pk)).not_assessed
    assert "adherence.taking_as_prescribed" not in not_assessed
    assert "adult" not in not_assessed  # carried from the earlier review


def test_saving_changed_answers_is_a_plain_save(signed_in_client, follow_up):
    review = Review.objects.get(pk=follow_up.pk)
    signed_in_client.post(
        reverse("review_step", args=[review.pk, "adherence"]),
        {"version": review.lock_version, "action": "next", "adherence_taking_as_prescribed": "yes"},
    )
    saved = AuditEvent.objects.filter(review_id=review.pk, action="save").latest("at")
    assert saved.detail == "step adherence"


def test_same_as_is_refused_where_it_is_not_offered(signed_in_client, follow_up):
    url = reverse("review_step_same_as", args=[follow_up.pk, "medication"])
    assert signed_in_client.post(url).status_code == 404
    url = reverse("review_step_same_as", args=[follow_up.pk, "adherence"])
    assert signed_in_client.get(url).status_code == 405


# --- one draft per press --------------------------------------------------------------------


def test_posting_the_start_page_twice_opens_one_draft(signed_in_client):
    page = signed_in_client.get(reverse("review_start")).content.decode()
    token = page.split('name="start_token" value="', 1)[1].split('"', 1)[0]
    data = {"patient_ref": "MRN-1", "visit_date": "2026-03-02", "start_token": token}
    first = signed_in_client.post(reverse("review_start"), data)
    second = signed_in_client.post(reverse("review_start"), data)
    assert Review.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert AuditEvent.objects.filter(action="start").count() == 1


def test_a_new_start_page_starts_a_new_review(signed_in_client):
    for _ in range(2):
        page = signed_in_client.get(reverse("review_start")).content.decode()
        token = page.split('name="start_token" value="', 1)[1].split('"', 1)[0]
        signed_in_client.post(
            reverse("review_start"),
            {"patient_ref": "MRN-1", "visit_date": "2026-03-02", "start_token": token},
        )
    assert Review.objects.count() == 2


def test_pressing_start_follow_up_twice_opens_the_same_draft(signed_in_client, earlier):
    url = reverse("review_follow_up", args=[earlier.pk])
    signed_in_client.post(url)
    second = signed_in_client.post(url)
    (follow_up,) = Review.objects.filter(follows=earlier)
    assert second["Location"] == reverse("review_resume", args=[follow_up.pk])
    page = signed_in_client.get(second["Location"], follow=True).content.decode()
    assert "A follow-up of this review was started already; it opens here." in page
    assert AuditEvent.objects.filter(action="follow_up").count() == 1


def test_a_new_follow_up_once_the_last_one_is_final(earlier, clinician):
    first = services.start_follow_up(review=earlier, by=clinician)
    Review.objects.filter(pk=first.pk).update(status="final")
    second = services.start_follow_up(review=earlier, by=clinician)
    assert second.pk != first.pk


def race(work, times=2):
    """Run `work` in `times` threads at once; each thread closes its own connection."""
    barrier = threading.Barrier(times)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(work())
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_follow_up_presses_open_one_draft(clinician):
    earlier = services.import_review(data=rich_review(), by=clinician)
    results = race(lambda: services.start_follow_up(review=earlier, by=clinician).pk)
    assert len(set(results)) == 1
    assert Review.objects.filter(follows=earlier).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_of_one_start_page_open_one_draft(clinician):
    import uuid

    token = uuid.uuid4()
    results = race(
        lambda: (
            services.start_review(
                patient_ref="MRN-9", visit_date=rich_review_date(), by=clinician, start_token=token
            ).pk
        )
    )
    assert len(set(results)) == 1
    assert Review.objects.count() == 1


def rich_review_date():
    import datetime

    return datetime.date(2026, 3, 2)


# --- discarding a draft ---------------------------------------------------------------------


def test_discarding_asks_first_then_removes_the_draft_and_audits_it(signed_in_client, follow_up):
    url = reverse("review_discard", args=[follow_up.pk])
    page = signed_in_client.get(url)
    assert "Discard this draft?" in page.content.decode()
    assert Review.objects.filter(pk=follow_up.pk).exists()  # asking removes nothing

    response = signed_in_client.post(url)
    assert response["Location"] == reverse("home")
    assert not Review.objects.filter(pk=follow_up.pk).exists()
    assert not StepDraft.objects.filter(review_id=follow_up.pk).exists()
    event = AuditEvent.objects.get(action="discard")
    assert event.review_id == follow_up.pk
    home = signed_in_client.get(reverse("home")).content.decode()
    assert "The draft was discarded." in home


def test_a_final_review_is_never_discarded(signed_in_client, earlier):
    Review.objects.filter(pk=earlier.pk).update(status="final")
    response = signed_in_client.post(reverse("review_discard", args=[earlier.pk]))
    assert response["Location"] == reverse("review_detail", args=[earlier.pk])
    assert Review.objects.filter(pk=earlier.pk).exists()
    assert not AuditEvent.objects.filter(action="discard").exists()


def test_another_practice_cannot_discard(client, outsider, follow_up):
    client.force_login(outsider)
    assert client.post(reverse("review_discard", args=[follow_up.pk])).status_code == 404
    assert Review.objects.filter(pk=follow_up.pk).exists()


def test_the_earlier_review_survives_its_follow_up_being_discarded(earlier, follow_up, clinician):
    services.discard_draft(review=follow_up, by=clinician)
    assert Review.objects.filter(pk=earlier.pk).exists()
    assert services.start_follow_up(review=earlier, by=clinician).pk != follow_up.pk


def test_an_autosave_after_the_draft_was_discarded_in_another_tab_stores_nothing(
    follow_up, clinician
):
    # The autosave request fetched the review, then the other tab's discard removed it.
    services.discard_draft(review=follow_up, by=clinician)

    with pytest.raises(Review.DoesNotExist):
        services.save_step_draft(
            review=follow_up,
            step=STEPS_BY_SLUG["safety"],
            data={"safety-notes": ["typed after the discard"]},
            by=clinician,
        )
    assert not StepDraft.objects.exists()


def test_the_page_is_told_not_saved_when_its_draft_is_gone(signed_in_client, follow_up, clinician):
    url = reverse("review_step_autosave", args=[follow_up.pk, "safety"])
    services.discard_draft(review=follow_up, by=clinician)

    response = signed_in_client.post(url, {"safety-notes": "typed after the discard"})

    assert response.status_code == 404  # not the autosave's own OK: the page says "Not saved"
    assert "X-TRD-Autosave" not in response


# --- from the review page -----------------------------------------------------------------


def test_a_draft_offers_discarding(signed_in_client, review):
    discard = reverse("review_discard", args=[review.pk])
    page = signed_in_client.get(reverse("review_detail", args=[review.pk])).content.decode()
    assert f'href="{discard}"' in page


def test_a_final_review_offers_no_discarding_and_refuses_it(signed_in_client, final_review):
    page = signed_in_client.get(reverse("review_detail", args=[final_review.pk]))
    assert "Discard draft" not in page_text(page)
    response = signed_in_client.get(reverse("review_discard", args=[final_review.pk]), follow=True)
    assert "A final review is kept; it can be amended, never discarded." in page_text(response)
