"""The audit trail: a row for every action, hash-chained, append-only, verifiable."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from reviews import audit, services
from reviews.models import AuditEvent, Review
from reviews.steps import FIRST_STEP
from tests.factories import PASSWORD
from tests.reviews.samples import rich_review

Action = AuditEvent.Action


@pytest.fixture
def review(clinician):
    return services.import_review(data=rich_review(), by=clinician)


def actions(**filters) -> list[str]:
    return list(AuditEvent.objects.filter(**filters).values_list("action", flat=True))


def test_import_start_save_and_finalise_are_audited_with_user_and_version(
    signed_in_client, clinician, review
):
    step = reverse("review_step", args=[review.pk, FIRST_STEP])
    page = signed_in_client.get(step)
    version = page.context["control"]["version"].value()
    signed_in_client.post(
        step,
        {
            "version": version,
            "patient_ref": "MRN-0042",
            "visit_date": "2026-11-20",
            "action": "next",
        },
        REMOTE_ADDR="10.1.2.3",
    )
    signed_in_client.post(reverse("review_finish", args=[review.pk]), {"version": version + 1})

    rows = list(AuditEvent.objects.filter(review_id=review.pk))
    assert [row.action for row in rows] == [
        Action.IMPORT,
        Action.VIEW,
        Action.SAVE,
        Action.FINALISE,
    ]
    save = rows[2]
    assert save.user == clinician and save.practice == clinician.practice
    assert save.review_version == version + 1
    assert save.address == "10.1.2.3"
    assert save.detail == "step visit"
    assert rows[3].review_version == version + 2


def test_start_page_is_audited(signed_in_client):
    signed_in_client.post(
        reverse("review_start"), {"patient_ref": "MRN-7", "visit_date": "2026-11-01"}
    )
    assert actions()[-1] == Action.START  # after the sign-in of the fixture


def test_viewing_printing_and_amending_are_audited(signed_in_client, review):
    signed_in_client.get(reverse("review_detail", args=[review.pk]))
    signed_in_client.get(reverse("review_pdf", args=[review.pk]))
    services.finalise_review(review=review, expected_version=review.version, by=review.clinician)
    signed_in_client.post(reverse("review_amend", args=[review.pk]), {"reason": "typo in dose"})
    assert actions(review_id=review.pk) == [
        Action.IMPORT,
        Action.VIEW,
        Action.PDF,
        Action.FINALISE,
        Action.AMEND,
    ]


def test_refused_access_is_audited_with_the_id_asked_for(client, outsider, review):
    client.force_login(outsider)
    client.get(reverse("review_detail", args=[review.pk]))
    client.post(reverse("review_amend", args=[987654]))
    refused = AuditEvent.objects.filter(action=Action.REFUSED)
    assert [(row.review_id, row.user, row.outcome) for row in refused] == [
        (review.pk, outsider, "refused"),
        (987654, outsider, "refused"),
    ]


def test_sign_in_sign_out_and_failed_sign_in_are_audited(client, clinician):
    client.post(reverse("login"), {"username": clinician.username, "password": "wrong"})
    client.post(reverse("login"), {"username": clinician.username, "password": PASSWORD})
    client.post(reverse("logout"))
    rows = list(AuditEvent.objects.all())
    assert [(row.action, row.outcome, row.username) for row in rows] == [
        (Action.SIGN_IN_FAILED, "failed", clinician.username),
        (Action.SIGN_IN, "ok", clinician.username),
        (Action.SIGN_OUT, "ok", clinician.username),
    ]
    assert rows[1].user == clinician


def test_review_page_shows_its_own_history(signed_in_client, review):
    response = signed_in_client.get(reverse("review_detail", args=[review.pk]))
    assert "History of this review" in response.content.decode()
    assert "Imported" in response.content.decode()


def test_the_chain_verifies_and_names_the_first_altered_row(clinician, review):
    for _ in range(3):
        audit.record(Action.VIEW, review=review, user=clinician)
    assert audit.verify_chain() is None
    call_command("verify_audit")  # exits 0

    target = AuditEvent.objects.order_by("id")[2]
    with connection.cursor() as cursor:  # around the application, as an attacker with SQL would
        cursor.execute(
            "UPDATE reviews_auditevent SET detail = %s WHERE id = %s", ["edited", target.pk]
        )
    assert audit.verify_chain() == (
        f"audit row {target.pk} was altered: its hash does not match its contents"
    )
    with pytest.raises(CommandError, match=f"audit row {target.pk} was altered"):
        call_command("verify_audit")


def test_a_deleted_row_breaks_the_chain_at_the_next_row(clinician, review):
    for _ in range(3):
        audit.record(Action.VIEW, review=review, user=clinician)
    rows = list(AuditEvent.objects.order_by("id"))
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reviews_auditevent WHERE id = %s", [rows[1].pk])
    assert audit.verify_chain() == (
        f"audit row {rows[2].pk} does not follow the row before it (a row was removed)"
    )


def test_a_deleted_newest_row_is_noticed(clinician, review):
    audit.record(Action.VIEW, review=review, user=clinician)
    newest = AuditEvent.objects.order_by("id").last()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM reviews_auditevent WHERE id = %s", [newest.pk])
    assert audit.verify_chain() == f"audit row {newest.pk} is missing: the newest rows were removed"


def test_the_orm_refuses_to_change_or_delete_audit_rows(clinician, review):
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(review_id=review.pk).update(detail="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 1


def test_an_audit_row_commits_or_rolls_back_with_its_change(clinician, review):
    with pytest.raises(services.StaleReview):
        services.finalise_review(
            review=review, expected_version=review.version + 5, by=review.clinician
        )
    assert actions(review_id=review.pk) == [Action.IMPORT]
    assert Review.objects.get(pk=review.pk).status == "draft"
