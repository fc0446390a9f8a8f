"""The pre-visit questionnaire (issue 25, part 1): an invitation by a one-time link; every misuse
of a link gets the one refusal page, tells nothing and is audited; the patient's answers reach
the review only through the clinician's "Add to the review"."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.models import AuditEvent, Invitation, Review
from reviews.previsit import phq9
from reviews.previsit import services as previsit

# Total 9, item 9 answered "Several days"; no medicines, therapies or other treatments (each of
# the page's formsets sends its count).
ROW_KEYS = ("medicines", "therapies", "procedures")
ALL_NINE = {
    **{f"item{n}": "1" for n in range(1, 10)},
    **{f"{part}-{count}": "0" for part in ROW_KEYS for count in ("TOTAL_FORMS", "INITIAL_FORMS")},
}


@pytest.fixture
def patient():
    """The patient's browser: never signed in."""
    return Client()


@pytest.fixture
def review(clinician):
    return services.start_review(
        by=clinician, patient_ref="MRN-0042", visit_date=timezone.localdate()
    )


def invite(signed_in_client, review, **box) -> str:
    """The link of a new invitation (`box`: the invitation form's answers, show_medicines="on")."""
    page = signed_in_client.post(reverse("invitation_create", args=[review.pk]), box)
    assert page.status_code == 200
    link = re.search(r'value="(http[^"]+/p/[^"]+/)"', page.content.decode()).group(1)
    return link.split("testserver", 1)[1]


def with_rows(totals: dict[str, int], **rows) -> dict:
    """The PHQ-9 answered, each formset's count (`totals`: "therapies": 3), and the given rows,
    "therapies-0-name" written therapies_0_name."""
    data = {**ALL_NINE, **{f"{part}-TOTAL_FORMS": str(count) for part, count in totals.items()}}
    for key, value in rows.items():
        part, index, field = key.split("_", 2)
        data[f"{part}-{index}-{field}"] = value
    return data


def refused(response) -> bool:
    return response.status_code == 404 and "This link cannot be opened" in response.content.decode()


def test_an_invitation_stores_only_the_tokens_hash_and_the_link_names_nothing(
    signed_in_client, review, patient
):
    path = invite(signed_in_client, review)
    token = path.strip("/").split("/")[-1]
    invitation = Invitation.objects.get()
    assert token not in (invitation.token_hash, str(invitation.answers))
    assert "MRN" not in path and str(review.pk) not in path.replace(token, "")
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=14)
    page = patient.get(path)
    html = page.content.decode()
    assert page.status_code == 200
    assert "MRN-0042" not in html and "TRD Review" not in html
    assert "No one watches them before then" in html
    assert "If you have thoughts of ending your life" in html
    assert "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "same-origin"
    assert AuditEvent.objects.filter(action="invite", review_id=review.pk).exists()
    assert AuditEvent.objects.filter(action="invite_open", review_id=review.pk).exists()


def test_the_patient_sends_the_phq9_once_and_sees_the_total(signed_in_client, review, patient):
    path = invite(signed_in_client, review)
    missing = patient.post(path, {**ALL_NINE, "item9": ""})
    assert missing.status_code == 400
    assert "Choose an answer for question 9." in missing.content.decode()
    sent = patient.post(path, {**ALL_NINE, "item1": "3", "difficulty": "somewhat"})
    assert sent.status_code == 200
    assert "is <strong>11</strong>" in sent.content.decode()  # 3 + eight 1s
    assert Invitation.objects.get().answers == {
        "phq9": [3, 1, 1, 1, 1, 1, 1, 1, 1],
        "phq9_difficulty": "somewhat",
        "medicines": [],
        "therapies": [],
        "procedures": [],
    }
    assert not Review.objects.get(pk=review.pk).severity_scores.exists()  # not in the record
    assert refused(patient.get(path))  # used: refused like any other
    assert AuditEvent.objects.filter(action="invite_submit", review_id=review.pk).count() == 1


def used(signed_in_client, review, patient) -> str:
    path = invite(signed_in_client, review)
    patient.post(path, ALL_NINE)
    return path


def expired(signed_in_client, review, patient) -> str:
    path = invite(signed_in_client, review)
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    return path


def revoked(signed_in_client, review, patient) -> str:
    path = invite(signed_in_client, review)
    invitation = Invitation.objects.get()
    signed_in_client.post(
        reverse("invitation_revoke", args=[review.pk]), {"invitation": invitation.pk}
    )
    assert Invitation.objects.get().revoked_at is not None
    return path


def unknown(signed_in_client, review, patient) -> str:
    invite(signed_in_client, review)
    return "/p/" + "A" * 43 + "/"


@pytest.mark.parametrize("misuse", [unknown, expired, used, revoked])
def test_every_misused_link_gets_the_same_refusal_tells_nothing_and_is_audited(
    signed_in_client, review, patient, misuse
):
    path = misuse(signed_in_client, review, patient)
    before = AuditEvent.objects.filter(action="invite_refused").count()
    for response in (patient.get(path), patient.post(path, ALL_NINE)):
        assert refused(response)
        assert "MRN" not in response.content.decode()
        assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="invite_refused").count() == before + 2
    assert not Review.objects.get(pk=review.pk).severity_scores.exists()
    pages = {patient.get(path).content for _ in range(2)}
    assert len(pages) == 1  # the same page every time: nothing to tell the cases apart by
    assert pages == {patient.get("/p/" + "B" * 43 + "/").content}


def test_guessing_links_locks_the_address_out_even_of_a_good_link(
    signed_in_client, review, patient, settings
):
    settings.TRDREVIEW_INVITATION_FAILURES = 5
    good = invite(signed_in_client, review)
    for guess in range(5):
        assert refused(patient.get(f"/p/guess{guess}/"))
    assert refused(patient.get(good))
    assert AuditEvent.objects.filter(action="invite_refused", detail="locked out").exists()
    assert Invitation.objects.get().opened_at is None


def test_answers_reach_the_review_only_by_the_clinicians_add(signed_in_client, review, patient):
    path = used(signed_in_client, review, patient)
    episode = signed_in_client.get(reverse("review_step", args=[review.pk, "episode"]))
    assert "PHQ-9 total 9" in episode.content.decode()
    invitation = Invitation.objects.get()
    signed_in_client.post(
        reverse("invitation_phq9", args=[review.pk]), {"invitation": invitation.pk, "add": "on"}
    )
    score = Review.objects.get(pk=review.pk).severity_scores.get()
    assert (score.scale, score.score) == ("phq9", 9)
    assert score.date == timezone.localdate(invitation.submitted_at).isoformat()
    assert AuditEvent.objects.filter(action="invite_accept", review_id=review.pk).exists()
    # Decided once: a second press adds nothing.
    signed_in_client.post(
        reverse("invitation_phq9", args=[review.pk]), {"invitation": invitation.pk, "add": "on"}
    )
    assert Review.objects.get(pk=review.pk).severity_scores.count() == 1
    assert path


def test_leaving_it_out_adds_nothing(signed_in_client, review, patient):
    used(signed_in_client, review, patient)
    invitation = Invitation.objects.get()
    signed_in_client.post(
        reverse("invitation_phq9", args=[review.pk]), {"invitation": invitation.pk}
    )
    assert not Review.objects.get(pk=review.pk).severity_scores.exists()
    assert Invitation.objects.get().decisions == {"phq9": "left_out"}
    assert AuditEvent.objects.filter(action="invite_leave", review_id=review.pk).exists()


def test_a_positive_item_9_is_shown_at_the_top_the_first_time_only(
    signed_in_client, review, patient
):
    used(signed_in_client, review, patient)
    first = signed_in_client.get(reverse("review_detail", args=[review.pk])).content.decode()
    assert 'data-testid="item9-notice"' in first
    again = signed_in_client.get(reverse("review_detail", args=[review.pk])).content.decode()
    assert 'data-testid="item9-notice"' not in again


def test_another_practice_cannot_invite_withdraw_or_add(outsider, signed_in_client, review):
    used(signed_in_client, review, Client())
    invitation = Invitation.objects.get()
    client = Client()
    client.force_login(outsider)
    for name, data in (
        ("invitation_create", {}),
        ("invitation_revoke", {"invitation": invitation.pk}),
        ("invitation_phq9", {"invitation": invitation.pk, "add": "on"}),
    ):
        assert client.post(reverse(name, args=[review.pk]), data).status_code == 404
    assert Invitation.objects.count() == 1
    assert not Review.objects.get(pk=review.pk).severity_scores.exists()
    assert (
        "PHQ-9 total" not in client.get(reverse("review_detail", args=[review.pk])).content.decode()
    )


def test_the_phq9_is_nine_items_and_the_total_is_their_sum():
    assert len(phq9.ITEMS) == 9 and phq9.ITEM9 == 9
    assert phq9.Phq9((0, 1, 2, 3, 0, 1, 2, 3, 2)).total == 14
    assert phq9.Phq9.of({"phq9": [0] * 8}) is None


def test_an_invitation_for_another_review_is_not_found(signed_in_client, review, clinician):
    other = services.start_review(by=clinician, patient_ref="MRN-2", visit_date=review.visit_date)
    invitation, _token = previsit.create_invitation(review=other, by=clinician)
    answer = signed_in_client.post(
        reverse("invitation_revoke", args=[review.pk]), {"invitation": invitation.pk}
    )
    assert answer.status_code == 404
    assert Invitation.objects.get(pk=invitation.pk).revoked_at is None


def with_medicines(**rows) -> dict:
    data = {**ALL_NINE, "medicines-TOTAL_FORMS": "5", "medicines-INITIAL_FORMS": "0"}
    for key, value in rows.items():
        data[f"medicines-{key}"] = value
    return data


def test_reported_medicines_become_trials_only_by_add_as_patient_report(
    signed_in_client, review, patient
):
    path = invite(signed_in_client, review)
    sent = patient.post(
        path,
        with_medicines(
            **{
                "0-name": "Zoloft",
                "0-started": "2021-03",
                "0-how_long": "about a year",
                "0-still_taking": "no",
                "0-helped": "a_little",
                "0-side_effects_stopped": "yes",
                "1-name": "Wellbutrin XL",
                "1-started": "2024",
                "1-still_taking": "yes",
            }
        ),
    )
    assert sent.status_code == 200
    assert not Review.objects.get(pk=review.pk).medication_trials.exists()
    step = signed_in_client.get(reverse("review_step", args=[review.pk, "medication"]))
    assert "helped: A little" in step.content.decode()
    invitation = Invitation.objects.get()
    for index in (0, 1):
        answer = signed_in_client.post(
            reverse("invitation_medicine", args=[review.pk]),
            {"invitation": invitation.pk, "index": index, "add": "on"},
        )
        assert answer.status_code == 302
    zoloft, wellbutrin = Review.objects.get(pk=review.pk).medication_trials.all()
    assert (zoloft.drug, zoloft.drug_class, zoloft.start, zoloft.ongoing) == (
        "Zoloft",
        "ssri",
        "2021-03",
        "no",
    )
    assert (zoloft.stopped_because, zoloft.info_source) == ("side_effects", "patient_report")
    assert zoloft.response == "unknown"  # "a little" stays the patient's words, in the notes
    assert "helped: a little" in zoloft.notes and "about a year" in zoloft.notes
    assert (wellbutrin.drug_class, wellbutrin.ongoing) == ("ndri", "yes")
    assert zoloft.max_daily_dose_mg is None and zoloft.dose_adequate == "unknown"
    assert AuditEvent.objects.filter(action="invite_accept", detail__endswith="medicine 2").exists()


def test_a_reported_medicine_is_added_with_its_role_not_recorded(signed_in_client, review, patient):
    """The patient is not asked whether a medicine was taken alone, combined or added: two
    reported medicines without end dates are not summarised as monotherapies taken in turn."""
    path = invite(signed_in_client, review)
    patient.post(
        path,
        with_medicines(
            **{"0-name": "sertraline", "0-started": "2021", "0-still_taking": "no"},
            **{"1-name": "citalopram", "1-started": "2022", "1-still_taking": "no"},
        ),
    )
    invitation = Invitation.objects.get()
    for index in (0, 1):
        signed_in_client.post(
            reverse("invitation_medicine", args=[review.pk]),
            {"invitation": invitation.pk, "index": index, "add": "on"},
        )
    trials = Review.objects.get(pk=review.pk).medication_trials.all()
    assert [trial.role for trial in trials] == ["unknown", "unknown"]
    summary = signed_in_client.get(reverse("review_detail", args=[review.pk])).content.decode()
    assert "Role not recorded" in summary
    assert "monotherapy" not in summary.lower()


def test_add_on_the_reviews_page_comes_back_to_it_and_on_a_step_to_the_step(
    signed_in_client, review, patient
):
    patient.post(
        invite(signed_in_client, review),
        with_medicines(**{"0-name": "sertraline"}, **{"1-name": "citalopram"}),
    )
    invitation = Invitation.objects.get()
    summary = signed_in_client.get(reverse("review_detail", args=[review.pk])).content.decode()
    step = signed_in_client.get(reverse("review_step", args=[review.pk, "medication"]))
    assert 'name="back" value="summary"' in summary
    assert 'name="back"' not in step.content.decode()
    url = reverse("invitation_medicine", args=[review.pk])
    answer = {"invitation": invitation.pk, "add": "on"}
    from_summary = signed_in_client.post(url, {**answer, "index": 0, "back": "summary"})
    from_step = signed_in_client.post(url, {**answer, "index": 1})
    assert from_summary.url == reverse("review_detail", args=[review.pk]) + "#previsit-heading"
    assert from_step.url == reverse("review_step", args=[review.pk, "medication"])
    # Where to go back is a choice, never an address the form carries.
    elsewhere = signed_in_client.post(url, {**answer, "index": 0, "back": "https://example.org/"})
    assert elsewhere.status_code == 404


def test_a_reported_medicine_without_a_known_class_is_not_added_and_says_why(
    signed_in_client, review, patient
):
    path = invite(signed_in_client, review)
    patient.post(path, with_medicines(**{"0-name": "the blue pill"}))
    invitation = Invitation.objects.get()
    answer = signed_in_client.post(
        reverse("invitation_medicine", args=[review.pk]),
        {"invitation": invitation.pk, "index": 0, "add": "on"},
        follow=True,
    )
    assert "Not added:" in answer.content.decode()
    assert not Review.objects.get(pk=review.pk).medication_trials.exists()
    assert Invitation.objects.get().decisions == {}  # still to decide


def test_a_patients_bad_date_keeps_everything_typed(signed_in_client, review, patient):
    path = invite(signed_in_client, review)
    page = patient.post(path, with_medicines(**{"0-name": "Zoloft", "0-started": "March 2021"}))
    assert page.status_code == 400
    html = page.content.decode()
    assert "Medicine 1:" in html and 'value="Zoloft"' in html and 'value="March 2021"' in html
    assert Invitation.objects.get().submitted_at is None


def test_saved_answers_reopen_in_the_same_browser_only(signed_in_client, review, patient):
    path = invite(signed_in_client, review)
    kept = patient.post(
        path,
        {
            "item1": "2",
            "medicines-0-name": "Zoloft",
            "save_for_later": "1",
            "medicines-TOTAL_FORMS": "5",
            "medicines-INITIAL_FORMS": "0",
            "therapies-0-name": "CBT",
            "therapies-TOTAL_FORMS": "3",
            "therapies-INITIAL_FORMS": "0",
        },
    )
    assert kept.status_code == 302
    cookie = kept.cookies["previsit_resume"]
    assert cookie["httponly"] and cookie["path"] == path and cookie["samesite"] == "Lax"
    invitation = Invitation.objects.get()
    assert invitation.submitted_at is None and cookie.value not in str(invitation.saved)
    assert invitation.resume_hash and cookie.value != invitation.resume_hash

    again = patient.get(path)  # this browser: the kept answers are filled in
    html = again.content.decode()
    assert 'data-testid="resumed"' in html.split("<main", 1)[1] and 'value="Zoloft"' in html
    assert "<title>Before your visit</title>" in html
    assert 'name="therapies-0-name" id="id_therapies-0-name" value="CBT"' in html
    assert re.search(r'name="item1" value="2"[^>]*checked', html)

    elsewhere = Client().get(path)  # the link alone, in another browser
    assert refused(elsewhere)
    assert AuditEvent.objects.filter(detail__endswith="browser secret missing").exists()
    assert AuditEvent.objects.filter(action="invite_save").count() == 1

    sent = patient.post(path, with_medicines(**{"0-name": "Zoloft"}))
    assert sent.status_code == 200
    assert Invitation.objects.get().answers["medicines"][0]["name"] == "Zoloft"
    assert Invitation.objects.get().saved == {}


def test_a_form_refused_for_its_csrf_cookie_is_answered_in_the_patients_frame(
    signed_in_client, review
):
    path = invite(signed_in_client, review)
    without_cookie = Client(enforce_csrf_checks=True)  # e.g. cookies blocked
    response = without_cookie.post(path, ALL_NINE)
    html = response.content.decode()
    assert response.status_code == 403
    assert "Your answers were not sent" in html and "allow cookies" in html
    assert "If you have thoughts of ending your life" in html
    assert "TRD Review" not in html and "return to the reviews" not in html
    assert "no-store" in response["Cache-Control"]
    assert Invitation.objects.get().submitted_at is None


def test_two_tabs_adding_the_patients_phq9_add_one_score(clinician, review):
    """Both tabs loaded the invitation before either pressed "Add": the second press reads the
    decision made under the review's lock, not the one its page was drawn with."""
    invitation, _token = previsit.create_invitation(review=review, by=clinician)
    previsit.submit_answers(invitation=invitation, answers={"phq9": [1] * 9})
    first_tab = Invitation.objects.get(pk=invitation.pk)
    second_tab = Invitation.objects.get(pk=invitation.pk)
    previsit.decide_score(invitation=first_tab, add=True, by=clinician)
    previsit.decide_score(invitation=second_tab, add=True, by=clinician)
    assert list(review.severity_scores.values_list("score", flat=True)) == [9]
    assert Invitation.objects.get(pk=invitation.pk).decisions == {"phq9": "added"}
    assert AuditEvent.objects.filter(action="invite_accept").count() == 1


def test_answers_still_to_decide_come_before_the_steps_questions(
    signed_in_client, clinician, review
):
    invitation, _token = previsit.create_invitation(review=review, by=clinician)
    previsit.submit_answers(invitation=invitation, answers={"phq9": [1] * 9})
    step = reverse("review_step", args=[review.pk, "episode"])

    def panel_first() -> bool:
        html = signed_in_client.get(step).content.decode()
        return html.index('data-testid="previsit-panel"') < html.index('id="step-form"')

    assert panel_first()
    html = signed_in_client.get(step).content.decode()
    assert "data-pending-add" in html
    # Item 9 in the words the patient chose, not a bare number.
    assert "answered “Several days” (1 of 3)" in html
    previsit.decide_score(invitation=Invitation.objects.get(), add=True, by=clinician)
    assert not panel_first()  # decided: the answers follow the questions again
    assert "data-pending-add" not in signed_in_client.get(step).content.decode()


def test_the_patients_page_words_its_corrections_for_a_patient(signed_in_client, review, patient):
    """A patient is told how to write a date in the words of the field's hint, and how long an
    answer may be, not in a developer's notation (YYYY-MM) or Django's "Ensure this value …"."""
    path = invite(signed_in_client, review)
    page = patient.post(
        path,
        with_medicines(**{"0-name": "Zoloft", "0-started": "March 2021", "0-other": "x" * 301}),
    )
    html = page.content.decode()
    assert "YYYY" not in html.replace('placeholder="YYYY-MM-DD"', "")
    assert "Ensure this value" not in html
    assert "Write a year, or a year and month, in numbers: 2021 or 2021-03." in html
    assert "This is too long: 300 characters at most (it has 301)." in html


def test_the_invitation_pages_title_names_no_patient(signed_in_client, review):
    """A browser prints the page's title in the printout's header (Chrome does by default): the
    patient's sheet must hold nothing of the review, so the title names no patient reference."""
    page = signed_in_client.post(reverse("invitation_create", args=[review.pk]))
    title = re.search(r"<title>(.*?)</title>", page.content.decode(), re.S).group(1)
    assert review.patient_ref not in title
    assert "link for the patient" in title


def test_a_medicine_the_drug_table_does_not_know_is_refused_in_words_that_fit_the_panel(
    signed_in_client, review, patient
):
    """The row form's "Choose the class: …" asks for a field the panel does not have: the
    refusal names the patient's medicine and says why its class cannot be filled in."""
    path = invite(signed_in_client, review)
    patient.post(path, with_medicines(**{"0-name": "St John's wort from the shop"}))
    answer = signed_in_client.post(
        reverse("invitation_medicine", args=[review.pk]),
        {"invitation": Invitation.objects.get().pk, "index": 0, "add": "on"},
        follow=True,
    )
    html = answer.content.decode()
    assert "Choose the class" not in html
    assert (
        "Not added: the drug table does not know “St John&#x27;s wort from the shop”, so its "
        "class cannot be filled in. Enter it as a new row below instead."
    ) in html


def test_a_phq9_answered_after_the_visit_date_is_not_added_and_the_page_says_why(
    signed_in_client, clinician
):
    """A draft started a week before the visit keeps that day as its visit date until changed;
    a score dated after it could never be saved with the episode step, so "Add" says so."""
    week_ago = timezone.localdate() - datetime.timedelta(days=7)
    review = services.start_review(by=clinician, patient_ref="MRN-7", visit_date=week_ago)
    invitation, _token = previsit.create_invitation(review=review, by=clinician)
    previsit.submit_answers(invitation=invitation, answers={"phq9": [1] * 9})
    page = signed_in_client.post(
        reverse("invitation_phq9", args=[review.pk]),
        {"invitation": invitation.pk, "add": "on"},
        follow=True,
    )
    html = page.content.decode()
    assert "Not added: the patient answered on" in html
    assert "change the visit date on the Visit step first" in html
    assert not review.severity_scores.exists()
    assert Invitation.objects.get().decisions == {}  # still to add or leave out
    assert "data-pending-add" in html

    # With the visit date moved to today, the same button adds it.
    Review.objects.filter(pk=review.pk).update(visit_date=timezone.localdate())
    signed_in_client.post(
        reverse("invitation_phq9", args=[review.pk]), {"invitation": invitation.pk, "add": "on"}
    )
    assert review.severity_scores.get().score == 9
