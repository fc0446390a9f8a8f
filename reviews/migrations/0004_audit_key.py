"""Key the audit chain: each row's hash becomes an HMAC-SHA256 with TRDREVIEW_AUDIT_KEY, and the
row names the key (key_id).

Existing rows were hashed with plain SHA-256. They are re-keyed here, in order, while their old
chain still verifies: from the first row that does not, nothing is re-keyed, so `verify_audit`
reports exactly where the old chain was broken. The digest functions are copies, frozen as they
were when this migration was written (reviews.audit may change later).
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import migrations, models

GENESIS = "0" * 64


def _parts(event) -> list[str]:
    return [
        event.previous_hash,
        event.at.astimezone(datetime.UTC).isoformat(),
        event.action,
        event.outcome,
        str(event.user_id or ""),
        event.username,
        str(event.practice_id or ""),
        str(event.review_id or ""),
        str(event.review_version or ""),
        event.address or "",
        event.detail,
    ]


def legacy_digest(event) -> str:
    return hashlib.sha256("\x1f".join(_parts(event)).encode()).hexdigest()


def keyed_digest(event, key_id: str, key: bytes) -> str:
    message = "\x1f".join(["audit-row", key_id, *_parts(event)]).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def rekey(apps, schema_editor):
    AuditEvent = apps.get_model("reviews", "AuditEvent")
    AuditChainHead = apps.get_model("reviews", "AuditChainHead")
    key_id = settings.TRDREVIEW_AUDIT_KEY_ID
    key = settings.TRDREVIEW_AUDIT_KEYS[key_id]
    old_previous, new_previous, last = GENESIS, GENESIS, None
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.previous_hash != old_previous or legacy_digest(event) != event.hash:
            return  # the old chain breaks here: leave it for verify_audit to report
        old_previous = event.hash
        event.previous_hash = new_previous
        event.hash = keyed_digest(event, key_id, key)
        event.key_id = key_id
        AuditEvent.objects.filter(pk=event.pk).update(
            previous_hash=event.previous_hash, hash=event.hash, key_id=key_id
        )
        new_previous, last = event.hash, event
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and last is not None and head.last_hash == old_previous:
        AuditChainHead.objects.filter(pk=1).update(last_hash=last.hash, last_event_id=last.pk)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_trial_courses")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=16),
        ),
        migrations.RunPython(rekey, migrations.RunPython.noop),
        # purge_expired records what it removed (counts only).
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("view", "Viewed a review"),
                    ("start", "Started a review"),
                    ("save", "Saved a step"),
                    ("finalise", "Finalised"),
                    ("amend", "Amended"),
                    ("follow_up", "Started a follow-up"),
                    ("pdf", "Printed a PDF"),
                    ("export", "Exported"),
                    ("import", "Imported"),
                    ("search", "Searched reviews"),
                    ("sign_in", "Signed in"),
                    ("sign_out", "Signed out"),
                    ("sign_in_failed", "Failed sign-in"),
                    ("lockout", "Locked out"),
                    ("refused", "Refused access"),
                    ("purge", "Removed expired data"),
                ],
                max_length=16,
            ),
        ),
    ]
