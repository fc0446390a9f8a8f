"""The audit trail: who did what to which review, when, from where, and how it ended.

Rows are append-only and hash-chained: each row's hash covers its own fields and the previous
row's hash, so changing or deleting any row breaks the chain from there on (`verify_audit`).
Services call `record()` inside their own transaction, so a change and its audit row commit or
roll back together. Who is acting comes from `acting_as()`, which the middleware sets for each
request and commands set for themselves.
"""

import contextvars
import datetime
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

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


def _digest(event: AuditEvent) -> str:
    parts = [
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
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


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
        AuditChainHead.objects.get_or_create(pk=1)
    head = AuditChainHead.objects.get(pk=1)
    event = AuditEvent(
        at=timezone.now(),
        action=action,
        outcome=outcome,
        user=user,
        username=username or (user.username if user else ""),
        practice_id=user.practice_id if user else None,
        review_id=review.pk if review is not None else review_id,
        review_version=review.version if review is not None else None,
        address=actor.address,
        detail=detail[:200],
        previous_hash=head.last_hash or GENESIS,
    )
    event.hash = _digest(event)
    event.save()
    AuditChainHead.objects.filter(pk=1).update(last_hash=event.hash, last_event_id=event.pk)
    return event


def verify_chain() -> str | None:
    """None when the chain is intact, else a sentence naming the first row that breaks it.

    Rows are read in id order in batches. A changed row fails its own hash; a deleted row shows as
    a broken link in the row after it; a deleted tail as a head pointing past the last row.
    """
    previous = GENESIS
    last = None
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.previous_hash != previous:
            return f"audit row {event.pk} does not follow the row before it (a row was removed)"
        if _digest(event) != event.hash:
            return f"audit row {event.pk} was altered: its hash does not match its contents"
        previous = event.hash
        last = event
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and head.last_hash and (last is None or head.last_hash != last.hash):
        return f"audit row {head.last_event_id} is missing: the newest rows were removed"
    return None
