"""Issue 25: the talking therapies and other treatments the patient names before the visit reach
the Psychotherapies and Procedures steps only by the clinician's "Add to the review", as a row of
the step's own form marked "patient report", with the patient's words in the notes and the
outcome left to the clinician."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from reviews import services
from reviews.choices import Modality, ProcedureKind
from reviews.models import AuditEvent, Invitation, Review
from reviews.previsit import treatments
from tests.reviews.builders import sheet_of, summary_of, summary_pdf
from tests.reviews.test_previsit import invite, patient, review  # noqa: F401
from tests.reviews.test_previsit import with_rows as previsit_rows
from tests.reviews.test_previsit_sources import pdf_text
from trdreview.logsafe import WithholdExceptionMessages

pytestmark = pytest.mark.django_db


def with_rows(**rows) -> dict:
    """The PHQ-9 answered, and the given rows: "therapies-0-name" written therapies_0_name."""
    return previsit_rows({"therapies": 3, "procedures": 3}, **rows)


SENT = with_rows(
    therapies_0_name="cbt",
    therapies_0_started="2023-01",
    therapies_0_how_long="12 sessions",
    therapies_0_still_having="no",
    therapies_0_helped="a_lot",
    therapies_1_name="Schema therapy",
    procedures_0_name="Spravato",
    procedures_0_started="2024",
    procedures_0_still_having="yes",
    procedures_0_other="twice a week at the clinic",
)


def answered(signed_in_client, review, data=SENT) -> Invitation:  # noqa: F811
    sent = Client().post(invite(signed_in_client, review), data)
    assert sent.status_code == 200
    return Invitation.objects.get()


def decide(signed_in_client, review, name, index, add=True):  # noqa: F811
    data = {"invitation": Invitation.objects.get().pk, "index": index}
    return signed_in_client.post(
        reverse(name, args=[review.pk]), data | ({"add": "on"} if add else {})
    )


def test_a_typed_name_is_a_code_only_when_it_is_a_label_or_an_alias_exactly():
    assert treatments.THERAPIES.code_for(" cognitive BEHAVIOURAL therapy ") == "cbt"
    assert treatments.THERAPIES.code_for(Modality.EMDR.label) == "emdr"
    assert treatments.PROCEDURES.code_for("spravato") == "esketamine"
    assert treatments.PROCEDURES.code_for("ECT") == "ect"
    for nearly in ("ketamine", "TMS therapy", "", "other"):  # not exactly a known name
        assert treatments.PROCEDURES.code_for(nearly) == "other"
    assert treatments.THERAPIES.code_for("CBT-I") == "other"


@pytest.mark.parametrize("names", [treatments.THERAPIES, treatments.PROCEDURES])
def test_every_alias_names_one_known_code(names):
    codes = set(names.value_set.values) - {"other"}
    assert set(names.aliases) <= codes
    spelled = [alias.casefold() for aliases in names.aliases.values() for alias in aliases]
    labels = [str(label).casefold() for label in names.value_set.labels]
    assert len(spelled) == len(set(spelled)) and not set(spelled) & set(labels)
    assert all(names.code_for(name) != "other" for name in names.offered())


def test_the_patient_page_asks_for_therapies_and_treatments_with_labels(
    signed_in_client,
    review,  # noqa: F811
):
    html = Client().get(invite(signed_in_client, review)).content.decode()
    assert "Talking therapies you have had for your mood" in html
    assert re.search(r"<legend[^>]*>Therapy 3</legend>", html)
    assert re.search(r"<legend[^>]*>Treatment 1</legend>", html)
    assert '<label class="form-label" for="id_procedures-0-name">Name of the treatment' in html
    assert 'list="known-therapies"' in html and '<option value="Spravato">' in html
    assert "<table" not in html


def test_sent_rows_wait_with_the_invitation_until_added(signed_in_client, review):  # noqa: F811
    invitation = answered(signed_in_client, review)
    assert [row["name"] for row in invitation.answers["therapies"]] == ["cbt", "Schema therapy"]
    assert invitation.answers["procedures"][0]["started"] == "2024"
    assert not review.psychotherapies.exists() and not review.procedures.exists()
    step = signed_in_client.get(reverse("review_step", args=[review.pk, "psychotherapies"]))
    html = step.content.decode()
    assert "Patient report, therapy 1:" in html and "helped: A lot" in html
    assert "Patient report, procedure 1:" not in html  # on its own step
    step = signed_in_client.get(reverse("review_step", args=[review.pk, "procedures"]))
    assert "Patient report, procedure 1:" in step.content.decode()


def test_add_makes_rows_marked_as_the_patients_report(signed_in_client, review):  # noqa: F811
    answered(signed_in_client, review)
    for name, index in (("invitation_therapy", 0), ("invitation_therapy", 1)):
        assert decide(signed_in_client, review, name, index).status_code == 302
    answer = decide(signed_in_client, review, "invitation_procedure", 0)
    assert answer.url == reverse("review_step", args=[review.pk, "procedures"])
    cbt, schema_therapy = review.psychotherapies.all()
    assert (cbt.modality, cbt.start, cbt.info_source) == ("cbt", "2023-01", "patient_report")
    assert cbt.benefit == "unknown" and cbt.sessions is None  # the clinician's to judge
    assert "helped: a lot" in cbt.notes and "12 sessions" in cbt.notes
    assert "still having it: no" in cbt.notes
    assert schema_therapy.modality == "other" and "“Schema therapy”" in schema_therapy.notes
    spravato = review.procedures.get()
    assert (spravato.kind, spravato.start, spravato.response) == ("esketamine", "2024", "unknown")
    assert spravato.relapse == "unknown" and "twice a week" in spravato.notes
    details = set(
        AuditEvent.objects.filter(action="invite_accept").values_list("detail", flat=True)
    )
    invitation = Invitation.objects.get().pk
    assert {f"invitation {invitation}: therapy 2", f"invitation {invitation}: procedure 1"} <= (
        details
    )


def test_each_row_is_decided_once_and_leave_out_adds_nothing(
    signed_in_client,
    review,  # noqa: F811
):
    answered(signed_in_client, review)
    decide(signed_in_client, review, "invitation_therapy", 0, add=False)
    again = decide(signed_in_client, review, "invitation_therapy", 0)  # decided: nothing
    assert "Nothing changed: that therapy was decided before." in " ".join(
        str(message) for message in again.wsgi_request._messages
    )
    assert not review.psychotherapies.exists()
    assert Invitation.objects.get().decisions == {"therapy0": "left_out"}
    assert (
        AuditEvent.objects.filter(action="invite_leave", detail__endswith="therapy 1").count() == 1
    )
    html = signed_in_client.get(
        reverse("review_step", args=[review.pk, "psychotherapies"])
    ).content.decode()
    assert "Left out of the review." in html


def test_a_final_review_and_another_practice_get_nothing(
    signed_in_client,
    review,  # noqa: F811
    outsider,
):
    answered(signed_in_client, review)
    stranger = Client()
    stranger.force_login(outsider)
    for name in ("invitation_therapy", "invitation_procedure"):
        data = {"invitation": Invitation.objects.get().pk, "index": 0, "add": "on"}
        assert stranger.post(reverse(name, args=[review.pk]), data).status_code == 404
    final = services.finalise_review(
        review=review,
        expected_version=Review.objects.get(pk=review.pk).lock_version,
        by=review.clinician,
    )
    assert decide(signed_in_client, final, "invitation_therapy", 0).status_code == 404
    assert not final.psychotherapies.exists() and not final.procedures.exists()
    assert Invitation.objects.get().decisions == {}


def test_the_summary_and_the_sheet_mark_the_added_rows(signed_in_client, review):  # noqa: F811
    answered(signed_in_client, review)
    decide(signed_in_client, review, "invitation_therapy", 0)
    decide(signed_in_client, review, "invitation_procedure", 0)
    page = signed_in_client.get(reverse("review_detail", args=[review.pk])).content.decode()
    therapies = re.search(r'aria-label="Psychotherapies".*?</table>', page, re.S).group(0)
    assert "Cognitive behavioural therapy (CBT) (information from: Patient report)" in therapies
    items = {item.id: item for item in sheet_of(review).items}
    assert items["psychotherapies"].rows[0]["modality"].endswith("(patient report)")
    label = ProcedureKind.ESKETAMINE.label
    assert items["stimulation_and_ketamine"].rows[0]["kind"] == f"{label} (patient report)"


def test_a_bad_date_in_a_therapy_row_keeps_everything_typed(
    signed_in_client,
    review,  # noqa: F811
):
    page = Client().post(
        invite(signed_in_client, review),
        with_rows(therapies_1_name="DBT", therapies_1_started="last spring"),
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert "Therapy 2:" in html and 'value="DBT"' in html and 'value="last spring"' in html
    assert Invitation.objects.get().submitted_at is None


def test_a_patients_correction_logs_no_link(signed_in_client, review, caplog):  # noqa: F811
    path = invite(signed_in_client, review)
    Client().post(path, with_rows(therapies_0_started="last spring"))
    formatter = WithholdExceptionMessages()
    logged = "\n".join(formatter.format(record) for record in caplog.records)
    assert "Bad Request: /p/[link removed]/" in logged
    assert path.split("/")[2] not in logged


@pytest.mark.pdf
def test_the_summary_pdf_marks_the_added_therapy(signed_in_client, review):  # noqa: F811
    answered(signed_in_client, review)
    decide(signed_in_client, review, "invitation_therapy", 0)
    text = pdf_text(summary_pdf(summary_of(review)))
    assert "(CBT) (information from: Patient report)" in text
