"""The audit trail: a row for every action, hash-chained, append-only, verifiable."""

import datetime
import hashlib
import hmac
import importlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.urls import reverse

from reviews import audit, services
from reviews.models import AuditEvent, Review
from reviews.steps import FIRST_STEP
from tests.factories import PASSWORD
from tests.reviews.samples import rich_review

Action = AuditEvent.Action
ROOT = Path(__file__).resolve().parents[2]


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


@pytest.mark.pdf
def test_viewing_printing_and_amending_are_audited(signed_in_client, review):
    signed_in_client.get(reverse("review_detail", args=[review.pk]))
    signed_in_client.get(reverse("review_pdf", args=[review.pk]))
    services.finalise_review(
        review=review, expected_version=review.lock_version, by=review.clinician
    )
    signed_in_client.post(reverse("review_amend", args=[review.pk]), {"reason": "typo in dose"})
    assert actions(review_id=review.pk) == [
        Action.IMPORT,
        Action.VIEW,
        Action.KEEP_PDF,  # the draft's PDF of that state, kept with its SHA-256
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


def test_an_id_beyond_any_reviews_is_not_found_and_audited_not_a_500(client, clinician):
    client.force_login(clinician)
    for pk in (2**63, 10**20):
        assert client.get(f"/reviews/{pk}/").status_code == 404
        assert client.post(f"/reviews/{pk}/steps/visit/", {"x": "1"}).status_code == 404
    refused = AuditEvent.objects.filter(action=Action.REFUSED)
    assert [(row.review_id, row.detail) for row in refused] == [
        (None, "id beyond any review's")
    ] * 4


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


def test_review_page_shows_its_own_audit_trail(signed_in_client, review):
    response = signed_in_client.get(reverse("review_detail", args=[review.pk]))
    assert "Audit trail of this review" in response.content.decode()
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
            review=review, expected_version=review.lock_version + 5, by=review.clinician
        )
    assert actions(review_id=review.pk) == [Action.IMPORT]
    assert Review.objects.get(pk=review.pk).status == "draft"


def test_the_orm_refuses_to_save_or_delete_an_existing_audit_row(clinician, review):
    row = AuditEvent.objects.get()
    row.detail = "edited"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    assert AuditEvent.objects.get().detail == ""


# --- tampering by someone who can write to the database but does not hold the audit key -------

FORGER_KEY = b"a key that is not TRDREVIEW_AUDIT_KEY, as a forger would use"


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params))


def forged_hash(row: dict) -> str:
    """What someone without the key would compute: the same parts, any key they can get."""
    parts = [
        row["previous_hash"],
        row["at"].astimezone(datetime.UTC).isoformat(),
        row["action"],
        row["outcome"],
        str(row["user_id"] or ""),
        row["username"],
        str(row["practice_id"] or ""),
        str(row["review_id"] or ""),
        str(row["review_version"] or ""),
        row["address"] or "",
        row["detail"],
    ]
    message = "\x1f".join(["audit-row", row["key_id"], *parts]).encode()
    return hmac.new(FORGER_KEY, message, hashlib.sha256).hexdigest()


def rewrite(rows: list[dict]) -> None:
    """Store rows as given, relinking and rehashing each after the first changed one."""
    for row in rows:
        sql(
            "UPDATE reviews_auditevent SET detail = %s, previous_hash = %s, hash = %s "
            "WHERE id = %s",
            [row["detail"], row["previous_hash"], row["hash"], row["id"]],
        )
    sql(
        "UPDATE reviews_auditchainhead SET last_hash = %s, last_event_id = %s",
        [rows[-1]["hash"], rows[-1]["id"]],
    )


def chain_rows() -> list[dict]:
    return list(AuditEvent.objects.order_by("id").values())


@pytest.fixture
def anchored_chain(clinician, review, tmp_path):
    """Seven rows: five, the row that records anchoring started, anchored there; one more row,
    anchored again."""
    for _ in range(4):
        audit.record(Action.VIEW, review=review, user=clinician)
    anchors = tmp_path / "audit-anchors"
    call_command("verify_audit", anchor=str(anchors), stdout=io.StringIO())
    audit.record(Action.PDF, review=review, user=clinician)
    call_command("verify_audit", anchor=str(anchors), stdout=io.StringIO())
    return anchors


def verification(anchors) -> str:
    with pytest.raises(CommandError) as failure:
        call_command("verify_audit", anchor=str(anchors), stdout=io.StringIO())
    return str(failure.value)


def test_an_intact_chain_passes_its_anchors_and_gains_one(anchored_chain):
    out = io.StringIO()
    call_command("verify_audit", anchor=str(anchored_chain), stdout=out)
    assert "Audit trail intact: 7 rows, 2 earlier anchors hold" in out.getvalue()
    assert len(anchored_chain.read_text().splitlines()) == 3


@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_a_lost_anchor_file_fails_once_anchoring_started(anchored_chain, how):
    if how == "deleted":
        anchored_chain.unlink()
    else:
        anchored_chain.write_text("")
    assert "is missing or empty, but anchoring started" in verification(anchored_chain)
    assert not anchored_chain.exists() or anchored_chain.read_text() == ""  # nothing appended


def test_init_starts_a_new_anchor_file_and_the_chain_records_it(anchored_chain, tmp_path):
    anchored_chain.rename(tmp_path / "kept-as-evidence")
    out = io.StringIO()
    call_command("verify_audit", anchor=str(anchored_chain), init=True, stdout=out)
    assert "Audit trail intact: 8 rows, 0 earlier anchors hold" in out.getvalue()
    assert AuditEvent.objects.filter(action=Action.ANCHOR).count() == 2
    call_command("verify_audit", anchor=str(anchored_chain), stdout=io.StringIO())  # holds
    with pytest.raises(CommandError, match="holds anchors: --init starts a new file"):
        call_command("verify_audit", anchor=str(anchored_chain), init=True, stdout=io.StringIO())


def test_tamper_1_a_changed_row(anchored_chain):
    target = chain_rows()[2]
    sql("UPDATE reviews_auditevent SET detail = 'edited' WHERE id = %s", [target["id"]])
    assert f"audit row {target['id']} was altered" in verification(anchored_chain)


def test_tamper_2_a_deleted_middle_row(anchored_chain):
    rows = chain_rows()
    sql("DELETE FROM reviews_auditevent WHERE id = %s", [rows[2]["id"]])
    assert f"audit row {rows[3]['id']} does not follow" in verification(anchored_chain)


def test_tamper_3_a_deleted_newest_row(anchored_chain):
    newest = chain_rows()[-1]
    sql("DELETE FROM reviews_auditevent WHERE id = %s", [newest["id"]])
    assert f"audit row {newest['id']}" in verification(anchored_chain)


def test_tamper_4_the_tail_cut_off_and_the_head_rewound(anchored_chain):
    rows = chain_rows()
    sql("DELETE FROM reviews_auditevent WHERE id >= %s", [rows[3]["id"]])
    sql(
        "UPDATE reviews_auditchainhead SET last_hash = %s, last_event_id = %s",
        [rows[2]["hash"], rows[2]["id"]],
    )
    assert audit.verify_chain() is None  # the chain alone looks whole: the anchors see it
    assert f"audit row {rows[5]['id']}, anchored at" in verification(anchored_chain)


def test_tamper_5_every_row_deleted(anchored_chain):
    sql("DELETE FROM reviews_auditevent")
    assert "is missing" in verification(anchored_chain)


def test_tamper_6_every_row_and_the_head_deleted(anchored_chain):
    sql("DELETE FROM reviews_auditevent")
    sql("DELETE FROM reviews_auditchainhead")
    assert audit.verify_chain() is None  # an empty database looks new: the anchors see it
    assert "is missing: rows were removed" in verification(anchored_chain)


def test_tamper_7_a_forged_row_appended_with_a_recomputed_hash(anchored_chain):
    last = chain_rows()[-1]
    forged = {**last, "previous_hash": last["hash"], "detail": "forged", "id": last["id"] + 1}
    forged["hash"] = forged_hash(forged)
    sql(
        "INSERT INTO reviews_auditevent (id, at, action, outcome, user_id, username, "
        "practice_id, review_id, review_version, address, detail, previous_hash, hash, key_id) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            forged[name]
            for name in (
                "id",
                "at",
                "action",
                "outcome",
                "user_id",
                "username",
                "practice_id",
                "review_id",
                "review_version",
                "address",
                "detail",
                "previous_hash",
                "hash",
                "key_id",
            )
        ],
    )
    sql(
        "UPDATE reviews_auditchainhead SET last_hash = %s, last_event_id = %s",
        [forged["hash"], forged["id"]],
    )
    assert f"audit row {forged['id']} was altered" in verification(anchored_chain)


def test_tamper_8_a_row_rewritten_mid_chain_and_the_rest_rehashed(anchored_chain):
    rows = chain_rows()
    rows[2]["detail"] = "rewritten"
    for index in range(2, len(rows)):
        rows[index]["previous_hash"] = rows[index - 1]["hash"]
        rows[index]["hash"] = forged_hash(rows[index])
    rewrite(rows)
    assert f"audit row {rows[2]['id']} was altered" in verification(anchored_chain)


def test_tamper_9_the_anchor_file_edited_to_match_a_cut_chain(anchored_chain):
    rows = chain_rows()
    sql("DELETE FROM reviews_auditevent WHERE id >= %s", [rows[3]["id"]])
    sql(
        "UPDATE reviews_auditchainhead SET last_hash = %s, last_event_id = %s",
        [rows[2]["hash"], rows[2]["id"]],
    )
    lines = []
    for line in anchored_chain.read_text().splitlines():
        anchor = json.loads(line)
        anchor.update(rows=3, head_id=rows[2]["id"], head_hash=rows[2]["hash"])
        lines.append(json.dumps(anchor))
    anchored_chain.write_text("\n".join(lines) + "\n")
    assert "line 1 of the anchor file was altered" in verification(anchored_chain)


def test_rows_signed_with_a_retired_key_keep_verifying(clinician, review, settings):
    audit.record(Action.VIEW, review=review, user=clinician)
    old_id = settings.TRDREVIEW_AUDIT_KEY_ID
    settings.TRDREVIEW_AUDIT_KEY_ID = "k2"
    settings.TRDREVIEW_AUDIT_KEYS = {**settings.TRDREVIEW_AUDIT_KEYS, "k2": b"n" * 48}
    audit.record(Action.PDF, review=review, user=clinician)
    assert [row.key_id for row in AuditEvent.objects.all()] == [old_id, old_id, "k2"]
    assert audit.verify_chain() is None
    settings.TRDREVIEW_AUDIT_KEYS = {"k2": b"n" * 48}  # the retired key dropped by mistake
    assert "names a key that is not set" in audit.verify_chain()


def test_production_refuses_to_start_without_an_audit_key():
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "s" * 50,
        "TRDREVIEW_AUDIT_KEY": "",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "TRDREVIEW_AUDIT_KEY is required" in result.stderr


def test_the_migration_rekeys_a_chain_hashed_before_keys(clinician, review):
    """Rows written by the unkeyed version (plain SHA-256) verify after migration 0002."""
    rekeying = importlib.import_module("reviews.migrations.0004_audit_key")
    for _ in range(3):
        audit.record(Action.VIEW, review=review, user=clinician)
    previous = audit.GENESIS
    for row in AuditEvent.objects.order_by("id"):
        row.previous_hash = previous
        row.hash = rekeying.legacy_digest(row)
        sql(
            "UPDATE reviews_auditevent SET previous_hash = %s, hash = %s, key_id = '' "
            "WHERE id = %s",
            [row.previous_hash, row.hash, row.pk],
        )
        previous = row.hash
    sql("UPDATE reviews_auditchainhead SET last_hash = %s", [previous])
    assert "names a key that is not set" in audit.verify_chain()

    state = MigrationLoader(connection).project_state(("reviews", "0004_audit_key"))
    rekeying.rekey(state.apps, None)

    assert audit.verify_chain() is None


def test_a_restored_copy_is_checked_without_anchors(anchored_chain):
    rows = chain_rows()
    sql("DELETE FROM reviews_auditevent WHERE id >= %s", [rows[3]["id"]])
    sql(
        "UPDATE reviews_auditchainhead SET last_hash = %s, last_event_id = %s",
        [rows[2]["hash"], rows[2]["id"]],
    )
    out = io.StringIO()
    call_command("verify_audit", anchor=str(anchored_chain), no_anchor=True, stdout=out)
    assert out.getvalue() == "Audit trail intact: 3 rows.\n"
    assert len(anchored_chain.read_text().splitlines()) == 2


# --- The audit trail as the review's page shows it -------------------------------------------


def audit_rows(response) -> list[str]:
    """The "What" column of the page's audit table, top to bottom."""
    return [event.detail for event in response.context["audit_events"]]


def test_review_page_lists_the_newest_events_first_and_links_to_all(
    signed_in_client, clinician, review
):
    for number in range(250):
        audit.record(Action.VIEW, review=review, user=clinician, detail=f"event {number}")
    response = signed_in_client.get(reverse("review_detail", args=[review.pk]))
    html = " ".join(response.content.decode().split())

    # The page's own view is the newest event, then the 250 in reverse order.
    assert audit_rows(response)[:3] == ["", "event 249", "event 248"]
    assert "event 0)" not in html  # the oldest are on the audit trail page only
    assert "252 recorded events (views, saves, prints, exports), the newest 50 listed" in html
    assert reverse("review_audit", args=[review.pk]) in html


def test_refusals_from_another_practice_are_counted_not_listed(
    signed_in_client, clinician, outsider, review
):
    other = Client()
    other.force_login(outsider)
    assert other.get(reverse("review_detail", args=[review.pk])).status_code == 404
    for _ in range(249):
        audit.record(Action.REFUSED, review_id=review.pk, outcome="refused", user=outsider)
    services.finalise_review(review=review, expected_version=review.lock_version, by=clinician)

    response = signed_in_client.get(reverse("review_detail", args=[review.pk]))
    html = " ".join(response.content.decode().split())

    listed = list(response.context["audit_events"])
    assert [event.action for event in listed[:2]] == [Action.VIEW, Action.FINALISE]
    assert all(event.practice_id == clinician.practice_id for event in listed)
    assert "250 refused requests from outside the practice recorded" in html
    assert outsider.username not in html
    # Kept in the trail all the same.
    assert AuditEvent.objects.filter(review_id=review.pk, outcome="refused").count() == 250


def test_the_audit_trail_page_shows_every_event_page_by_page(
    signed_in_client, clinician, outsider, review
):
    for number in range(230):
        audit.record(Action.VIEW, review=review, user=clinician, detail=f"event {number}")
    audit.record(Action.REFUSED, review_id=review.pk, outcome="refused", user=outsider)
    url = reverse("review_audit", args=[review.pk])

    first = signed_in_client.get(url)
    last = signed_in_client.get(url, {"page": "3"})

    assert first.status_code == last.status_code == 200
    assert first.context["page_obj"].paginator.count == 232  # import, 230 views, this view
    assert first.context["page_obj"][0].detail == "audit trail"
    assert [event.detail for event in last.context["page_obj"]][-1] == ""  # the import
    assert "Older events" in first.content.decode()
    assert "1 refused request from outside the practice recorded" in " ".join(
        first.content.decode().split()
    )
    assert signed_in_client.get(url, {"page": "nonsense"}).status_code == 200


def test_another_practice_gets_404_for_the_audit_trail(client, outsider, review):
    client.force_login(outsider)
    assert client.get(reverse("review_audit", args=[review.pk])).status_code == 404


def test_refusals_of_an_id_not_yet_created_are_not_counted_on_the_review_made_later(
    signed_in_client, clinician, outsider, review
):
    other = Client()
    other.force_login(outsider)
    for _ in range(3):
        assert other.get(reverse("review_detail", args=[review.pk + 1])).status_code == 404
    later = services.import_review(data=rich_review(), by=clinician)
    assert later.pk == review.pk + 1  # the id the other practice asked for in advance
    assert other.get(reverse("review_detail", args=[later.pk])).status_code == 404

    html = " ".join(
        signed_in_client.get(reverse("review_detail", args=[later.pk])).content.decode().split()
    )
    assert "1 refused request from outside the practice recorded" in html
