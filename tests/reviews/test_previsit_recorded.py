"""Issue 25: a follow-up's invitation may carry the medicines already recorded, by name only and
only when the clinician ticks the box, so the patient says what changed; their answers stand
beside the recorded trial on the medication step, described and never applied."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from reviews import services
from reviews.models import AuditEvent, Invitation
from tests.reviews.samples import earlier_visit
from tests.reviews.test_previsit import invite, with_rows
from tests.wording import directive_phrases

pytestmark = pytest.mark.django_db

NAMES = ["sertraline", "citalopram", "Venlafaxine", "aripiprazole", "bupropion"]


@pytest.fixture
def follow_up(clinician):
    earlier = services.import_review(data=earlier_visit(), by=clinician)
    final = services.finalise_review(
        review=earlier, expected_version=earlier.lock_version, by=clinician
    )
    return services.start_follow_up(review=final, by=clinician)


def answers(**rows) -> dict:
    """The PHQ-9 answered, and rows of medicines on record: recorded_0_status="stopped"."""
    return with_rows({"recorded": 5}, **rows) | {"recorded-INITIAL_FORMS": "0"}


def test_the_box_is_offered_unticked_and_nothing_is_carried_without_it(signed_in_client, follow_up):
    detail = signed_in_client.get(reverse("review_detail", args=[follow_up.pk]))
    box = re.search(r'<input[^>]*name="show_medicines"[^>]*>', detail.content.decode()).group(0)
    assert "checked" not in box
    page = Client().get(invite(signed_in_client, follow_up)).content.decode()
    assert Invitation.objects.get().recorded_medicines == []
    assert "on record" not in page and 'class="user-text"' not in page


def test_the_patient_sees_the_names_and_nothing_else_of_the_record(signed_in_client, follow_up):
    page = Client().get(invite(signed_in_client, follow_up, show_medicines="on"))
    html = page.content.decode()
    assert Invitation.objects.get().recorded_medicines == NAMES
    assert "Medicines your clinician has on record" in html
    legends = re.findall(r'<legend[^>]*><span class="user-text">([^<]+)</span></legend>', html)
    assert legends == NAMES
    for recorded in ("MRN-0042", "2024-04", "150", "no effect", "Not covered"):
        assert recorded not in html
    assert AuditEvent.objects.filter(detail__endswith="with the recorded medicines' names")


def test_the_names_are_copied_when_the_invitation_is_made(signed_in_client, follow_up):
    path = invite(signed_in_client, follow_up, show_medicines="on")
    follow_up.medication_trials.filter(drug="bupropion").update(drug="mirtazapine")
    html = Client().get(path).content.decode()
    assert (
        re.findall(r'<legend[^>]*><span class="user-text">([^<]+)</span></legend>', html) == NAMES
    )


def test_the_answers_stand_beside_the_recorded_trial_and_change_nothing(
    signed_in_client, follow_up
):
    path = invite(signed_in_client, follow_up, show_medicines="on")
    before = list(follow_up.medication_trials.values())
    sent = Client().post(
        path,
        answers(
            recorded_0_status="stopped",
            recorded_0_helped="a_little",
            recorded_0_name="lithium",  # not a field: the name is the invitation's
            recorded_4_status="still_taking",
            recorded_4_side_effects_stopped="no",
        )
        | {"medicines-TOTAL_FORMS": "5", "medicines-0-name": "Lexapro"},
    )
    assert sent.status_code == 200
    recorded = Invitation.objects.get().answers["recorded"]
    assert [row["name"] for row in recorded] == ["sertraline", "bupropion"]
    step = signed_in_client.get(reverse("review_step", args=[follow_up.pk, "medication"]))
    html = " ".join(step.content.decode().split())
    said = re.findall(r'data-testid="patient-said">([^<]+)<', html)
    assert said == [
        "Before the visit, the patient reported: stopped since; helped: a little.",
        "Before the visit, the patient reported: still taking; side effects made them stop: no.",
    ]
    assert 'Medicine on record, <span class="user-text">sertraline</span>' in html
    assert list(follow_up.medication_trials.values()) == before  # described, not applied
    # A new medicine the patient adds works as before.
    added = signed_in_client.post(
        reverse("invitation_medicine", args=[follow_up.pk]),
        {"invitation": Invitation.objects.get().pk, "index": 0, "add": "on"},
    )
    assert added.status_code == 302
    assert follow_up.medication_trials.filter(drug="Lexapro", info_source="patient_report")


def test_a_too_long_note_on_a_recorded_medicine_keeps_everything_typed(signed_in_client, follow_up):
    path = invite(signed_in_client, follow_up, show_medicines="on")
    page = Client().post(path, answers(recorded_1_other="x" * 301, recorded_1_status="stopped"))
    assert page.status_code == 400
    html = page.content.decode()
    assert "Medicine on record 2:" in html and 'value="stopped" selected' in html
    assert Invitation.objects.get().submitted_at is None


def test_save_and_finish_later_keeps_the_answers_on_record(signed_in_client, follow_up):
    path = invite(signed_in_client, follow_up, show_medicines="on")
    patient = Client()
    kept = patient.post(path, answers(recorded_2_status="stopped") | {"save_for_later": "1"})
    assert kept.status_code == 302
    html = patient.get(path).content.decode()
    assert re.search(r'name="recorded-2-status".*?value="stopped" selected', html, re.S)


def test_the_new_words_only_describe(signed_in_client, follow_up):
    path = invite(signed_in_client, follow_up, show_medicines="on")
    page = Client().get(path).content.decode()
    Client().post(path, answers(recorded_0_status="stopped", recorded_0_helped="a_lot"))
    step = signed_in_client.get(reverse("review_step", args=[follow_up.pk, "medication"]))
    for html in (page, step.content.decode()):
        text = re.sub(r"<[^>]+>", " ", html.split("<body", 1)[1])
        assert directive_phrases(text) == []
