"""The audit trail: who did what to which review, when, from where, and how it ended.

Rows are append-only and hash-chained: each row's hash is an HMAC-SHA256 over its own fields and
the previous row's hash, keyed with TRDREVIEW_AUDIT_KEY (not in the database, not SECRET_KEY), so
changing, deleting or adding any row breaks the chain from there on, even for someone who can
write to the database and recompute hashes (`verify_audit`). What the chain alone cannot show,
cutting off its newest rows together with the head, or deleting it whole, the anchors show:
`verify_audit --anchor FILE` checks and appends the head's id, hash and row count to a file
outside the database (docs/deploy.md, "Audit trail").
Services call `record()` inside their own transaction, so a change and its audit row commit or
roll back together. Who is acting comes from `acting_as()`, which the middleware sets for each
request and commands set for themselves.
"""

import contextvars
import datetime
import hashlib
import hmac
import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from reviews.models import AuditChainHead, AuditEvent, Clinician, Review

Action = AuditEvent.Action
Outcome = AuditEvent.Outcome
GENESIS = "0" * 64


@dataclass(frozen=True)
class Actor:
    user: Clinician | None
    address: str | None


NOBODY = Actor(user=None, address=None)
_actor: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("audit_actor", default=None)


@contextmanager
def acting_as(user: Clinician | None, address: str | None) -> Iterator[None]:
    token = _actor.set(Actor(user=user, address=address))
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> Actor:
    return _actor.get() or NOBODY


def _parts(event: AuditEvent) -> list[str]:
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


def _mac(key_id: str, purpose: str, parts: list[str]) -> str | None:
    """HMAC-SHA256 of the parts with the key named key_id; None when no such key is set."""
    key = settings.TRDREVIEW_AUDIT_KEYS.get(key_id)
    if key is None:
        return None
    message = "\x1f".join([purpose, key_id, *parts]).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _digest(event: AuditEvent) -> str | None:
    return _mac(event.key_id, "audit-row", _parts(event))


@transaction.atomic
def record(
    action: str,
    *,
    review: Review | None = None,
    review_id: int | None = None,
    outcome: str = Outcome.OK,
    detail: str = "",
    user: Clinician | None = None,
    username: str = "",
) -> AuditEvent:
    """Append one audit row for the current actor (or `user` when given)."""
    actor = current_actor()
    user = user or actor.user
    # Lock the head row before reading it: the UPDATE takes the row lock on PostgreSQL and the
    # write lock on SQLite, so the previous hash read below is the newest one.
    if not AuditChainHead.objects.filter(pk=1).update(last_hash=F("last_hash")):
        # The first row ever: ON CONFLICT DO NOTHING, so a racing first row raises nothing.
        AuditChainHead.objects.bulk_create([AuditChainHead(pk=1)], ignore_conflicts=True)
        AuditChainHead.objects.filter(pk=1).update(last_hash=F("last_hash"))
    head = AuditChainHead.objects.get(pk=1)
    event = AuditEvent(
        at=timezone.now(),
        action=action,
        outcome=outcome,
        user=user,
        username=username or (user.username if user else ""),
        practice_id=user.practice_id if user else None,
        review_id=review.pk if review is not None else review_id,
        review_version=review.lock_version if review is not None else None,
        address=actor.address,
        detail=detail[:200],
        previous_hash=head.last_hash or GENESIS,
        key_id=settings.TRDREVIEW_AUDIT_KEY_ID,
    )
    event.hash = _digest(event)  # type: ignore[assignment]  # a str, set once here
    event.save()
    AuditChainHead.objects.filter(pk=1).update(last_hash=event.hash, last_event_id=event.pk)
    return event


@dataclass(frozen=True)
class Anchor:
    """The chain's head at one moment, kept outside the database: one line of the anchor file."""

    at: str
    rows: int
    head_id: int | None
    head_hash: str
    key_id: str
    mac: str = ""

    def parts(self) -> list[str]:
        return [self.at, str(self.rows), str(self.head_id or ""), self.head_hash]

    def line(self) -> str:
        return json.dumps(
            {
                "at": self.at,
                "rows": self.rows,
                "head_id": self.head_id,
                "head_hash": self.head_hash,
                "key_id": self.key_id,
                "mac": self.mac,
            }
        )


def read_anchors(path: Path) -> tuple[list[Anchor], str | None]:
    """The anchors in the file (none when it does not exist yet), or a problem with the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return [], None
    except (OSError, UnicodeDecodeError) as exc:
        return [], f"the anchor file {path} cannot be read ({exc})"
    anchors = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            fields = json.loads(line)
            anchor = Anchor(
                at=str(fields["at"]),
                rows=int(fields["rows"]),
                head_id=None if fields["head_id"] is None else int(fields["head_id"]),
                head_hash=str(fields["head_hash"]),
                key_id=str(fields["key_id"]),
                mac=str(fields["mac"]),
            )
        except (ValueError, TypeError, KeyError, RecursionError):
            return [], f"line {number} of the anchor file is not an anchor"
        expected = _mac(anchor.key_id, "audit-anchor", anchor.parts())
        if expected is None:
            return [], f"line {number} of the anchor file names an unknown key {anchor.key_id!r}"
        if not hmac.compare_digest(expected, anchor.mac):
            return [], f"line {number} of the anchor file was altered: its MAC does not match"
        anchors.append(anchor)
    return anchors, None


def verify_chain(anchors: Sequence[Anchor] = ()) -> str | None:
    """None when the chain is intact (and holds every anchor), else a sentence naming the first
    row that breaks it.

    Rows are read in id order in batches. A changed or forged row fails its own HMAC; a deleted
    row shows as a broken link in the row after it; a deleted tail as a head pointing past the
    last row. An anchor names a row, its hash and how many rows there were up to it: a missing
    or different row there, or fewer rows, means rows were removed or rewritten since.
    """
    anchored = {anchor.head_id: anchor for anchor in anchors if anchor.head_id is not None}
    previous = GENESIS
    last = None
    count = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        count += 1
        if event.previous_hash != previous:
            return f"audit row {event.pk} does not follow the row before it (a row was removed)"
        digest = _digest(event)
        if digest is None:
            return f"audit row {event.pk} names a key that is not set ({event.key_id!r})"
        if not hmac.compare_digest(digest, event.hash):
            return f"audit row {event.pk} was altered: its hash does not match its contents"
        anchor = anchored.pop(event.pk, None)
        if anchor is not None and (anchor.head_hash != event.hash or anchor.rows != count):
            return (
                f"audit row {event.pk} is not as anchored at {anchor.at} "
                f"({anchor.rows} rows up to it then, {count} now): rows were rewritten"
            )
        previous = event.hash
        last = event
    if anchored:
        anchor = min(anchored.values(), key=lambda anchor: anchor.head_id or 0)
        return f"audit row {anchor.head_id}, anchored at {anchor.at}, is missing: rows were removed"
    for anchor in anchors:
        if anchor.rows > count:
            return f"the anchor of {anchor.at} counted {anchor.rows} rows, now {count}"
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and head.last_hash and (last is None or head.last_hash != last.hash):
        return f"audit row {head.last_event_id} is missing: the newest rows were removed"
    return None


def anchoring_started() -> datetime.datetime | None:
    """When the newest anchor file was started (its row in the chain), or None if never.

    Kept in the chain, not in the file: a deleted or emptied file cannot also remove the record
    that there was one, since that row is hashed into every row after it."""
    return (
        AuditEvent.objects.filter(action=Action.ANCHOR)
        .order_by("-id")
        .values_list("at", flat=True)
        .first()
    )


def current_anchor() -> Anchor:
    """The chain's newest row and row count now, signed with the current key."""
    newest = AuditEvent.objects.order_by("-id").only("id", "hash").first()
    anchor = Anchor(
        at=timezone.now().astimezone(datetime.UTC).isoformat(timespec="seconds"),
        rows=AuditEvent.objects.filter(id__lte=newest.pk).count() if newest else 0,
        head_id=newest.pk if newest else None,
        head_hash=newest.hash if newest else "",
        key_id=settings.TRDREVIEW_AUDIT_KEY_ID,
    )
    mac = _mac(anchor.key_id, "audit-anchor", anchor.parts())
    return Anchor(**{**anchor.__dict__, "mac": mac})


def append_anchor(path: Path, anchor: Anchor) -> None:
    """Add one line to the anchor file, creating it readable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as file:
        file.write(anchor.line() + "\n")
        file.flush()
        os.fsync(file.fileno())
