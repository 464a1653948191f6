"""The audit log as a hash chain, one per database.

Each event carries its sequence number, the previous event's hash and its own: SHA-256 over a
canonical JSON of the event. `record` queues events and the chain is appended when the transaction
commits, under the row lock of `audit_chain_head` (SQLite: the write lock of BEGIN IMMEDIATE). The
lock is the transaction's last, held only while it commits: replicas take turns without deadlocking
against the row locks a request took before it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timezone
from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, SessionTransaction

from app.audit.models import AuditChainHead, AuditEvent
from app.db import upsert_insert

GENESIS = "0" * 64  # the prev_hash of the first event
_PENDING = "audit_pending"
_HEAD = select(AuditChainHead.seq, AuditChainHead.hash).where(AuditChainHead.id == 1)
# What the hash covers, as rows: a walk of the whole log fills no identity map.
_EVENTS = select(
    AuditEvent.seq,
    AuditEvent.id,
    AuditEvent.at,
    AuditEvent.actor,
    AuditEvent.action,
    AuditEvent.entity_type,
    AuditEvent.entity_id,
    AuditEvent.before,
    AuditEvent.after,
    AuditEvent.prev_hash,
    AuditEvent.hash,
).order_by(AuditEvent.seq)
VERIFY_BATCH = 1000


def event_hash(audit_event: Any, seq: int, prev_hash: str) -> str:
    """SHA-256 of the event's canonical JSON: sorted keys, compact separators, UTF-8, `at` in UTC."""
    document = {
        "seq": seq,
        "id": str(audit_event.id),
        "at": audit_event.at.astimezone(timezone.utc).isoformat(timespec="microseconds"),
        "actor": audit_event.actor,
        "action": audit_event.action,
        "entity_type": audit_event.entity_type,
        "entity_id": str(audit_event.entity_id),
        "before": audit_event.before,
        "after": audit_event.after,
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def queue(session: Session, audit_event: AuditEvent) -> None:
    """Append the event when the session's transaction commits; not if it, or its savepoint, rolls back."""
    session.connection()  # begins the transaction the event belongs to, if nothing has yet
    innermost = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_PENDING, []).append((audit_event, innermost))


@event.listens_for(Session, "before_commit")
def _append(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released: its events wait for the real commit
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    session.flush()  # the request's own row locks first: the head's lock must be the last one taken
    seq, prev_hash = _lock_head(session)
    for audit_event, _ in pending:
        seq += 1
        audit_event.seq, audit_event.prev_hash = seq, prev_hash
        audit_event.hash = prev_hash = event_hash(audit_event, seq, prev_hash)
        session.add(audit_event)
    session.execute(update(AuditChainHead).where(AuditChainHead.id == 1).values(seq=seq, hash=prev_hash))


def _lock_head(session: Session) -> tuple[int, str]:
    head = session.execute(_HEAD.with_for_update()).one_or_none()
    if head is None:  # the database's first event; a replica starting it too waits here, then finds it
        session.execute(
            upsert_insert(session, AuditChainHead).values(id=1, seq=0, hash=GENESIS).on_conflict_do_nothing()
        )
        head = session.execute(_HEAD.with_for_update()).one()
    return head.seq, head.hash


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    pending = session.info.get(_PENDING)
    if pending:
        session.info[_PENDING] = [(e, tx) for e, tx in pending if not _within(tx, previous_transaction)]


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # committed, rolled back or closed: nothing carries over
        session.info.pop(_PENDING, None)


def _within(transaction: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


@dataclass
class Verdict:
    events: int  # events verified, up to the first broken link
    last_hash: str  # the hash of the last of them
    broken: str | None = None  # where the chain breaks and what differs


def verify(session: Session) -> Verdict:
    """Walks the chain in seq order and names the first broken link; the head must be the last event.

    It reads a batch of events at a time by seq, each batch one statement: a read request on PostgreSQL
    has no transaction for a server-side cursor, and no statement runs as long as the log is. Events
    appended meanwhile (with the head, in one transaction) are walked too before the head is compared."""
    seq, prev_hash = 0, GENESIS
    while True:
        batch = session.execute(_EVENTS.where(AuditEvent.seq > seq).limit(VERIFY_BATCH)).all()
        for e in batch:
            link = f"seq {e.seq}, event {e.id}"
            if e.seq != seq + 1:
                return Verdict(seq, prev_hash, f"{link}: gap in seq (expected seq {seq + 1})")
            if e.prev_hash != prev_hash:
                return Verdict(
                    seq,
                    prev_hash,
                    f"{link}: prev_hash mismatch ({e.prev_hash} stored, the hash of seq {seq} is {prev_hash})",
                )
            computed = event_hash(e, e.seq, e.prev_hash)
            if e.hash != computed:
                return Verdict(seq, prev_hash, f"{link}: hash mismatch ({e.hash} stored, {computed} computed)")
            seq, prev_hash = e.seq, e.hash
        if len(batch) == VERIFY_BATCH:
            continue
        head = session.execute(_HEAD).one_or_none()
        if head is None or head.seq <= seq:
            break
        if session.scalar(select(AuditEvent.seq).where(AuditEvent.seq > seq).limit(1)) is None:
            break  # the head names events that are not there
    if head is None and seq:
        return Verdict(seq, prev_hash, "the chain head: missing")
    if head is not None and head.seq > seq:
        return Verdict(
            seq,
            prev_hash,
            f"seq {seq + 1}: gap in seq (the chain head is at seq {head.seq}, the last event at seq {seq})",
        )
    if head is not None and (head.seq, head.hash) != (seq, prev_hash):
        return Verdict(
            seq,
            prev_hash,
            f"the chain head: seq {head.seq} with hash {head.hash}, but the last "
            f"event is seq {seq} with hash {prev_hash}",
        )
    return Verdict(seq, prev_hash)
