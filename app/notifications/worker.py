"""The mail worker, run by `samordning worker` beside the webhooks' (app/webhooks/worker.py).

- Never two copies from two workers: a worker leases the messages it sends (claimed `FOR UPDATE SKIP
  LOCKED`, the lease written in that transaction), and writes each outcome only while it holds it.
- At least once: a message is marked sent after the server took it; a worker killed in between leaves
  its lease to expire and another sends it again, with the same Message-ID (receivers drop the copy).
- In order per person: a message waits while an earlier one to the same person is pending, so an
  update never overtakes its invitation, even while the server is down.
- A failure is retried with back-off (the webhooks' schedule) until `mail_give_up_hours`; a refusal
  (5xx: an unknown address, a rejected message) is final. Both are recorded on the message.
- A message for a seat that ended before it is sent is not sent (`skipped`).
- Every `mail_scan_seconds` (and first thing) it writes the reminders now due (reminders.py) and the
  day's digests (digest.py), each occasion once, whatever the number of workers.
"""

from __future__ import annotations

import logging
import os
import smtplib
import socket
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from email.utils import parseaddr
from typing import Any

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.orm import aliased

from app.config import Settings
from app.db import Database, utcnow
from app.governance.engine import RuleEngine
from app.memberships.models import Membership
from app.norwegian import nb_date, oslo_date
from app.notifications import reminders
from app.notifications.digest import make_digests
from app.notifications.models import MailMessage
from app.notifications.transport import Refused, transport
from app.webhooks.worker import backoff

log = logging.getLogger(__name__)

M = MailMessage
CLAIM_BATCH = 20  # messages per claim, sent over one connection


class MailWorker:
    def __init__(
        self,
        db: Database,
        settings: Settings,
        worker_id: str | None = None,
        engine: RuleEngine | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        """`clock` is the app's (tests move it); `engine` the rules, by default loaded from rules_dir."""
        self.db = db
        self.settings = settings
        self.id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.lease = timedelta(seconds=settings.mail_lease_seconds)
        self.sender = parseaddr(settings.mail_from)[1]
        self.engine = engine or reminders.rule_engine(settings)
        self.clock = clock

    def run(self, stop: threading.Event, once: bool = False) -> None:
        """Send until `stop` is set; with `once`, until nothing is due."""
        scanned = -float("inf")
        while not stop.is_set():
            if time.monotonic() - scanned >= self.settings.mail_scan_seconds:
                scanned = time.monotonic()
                try:
                    self.scan()
                except Exception:  # the database: tried again at the next scan
                    log.exception("mail: the scan for reminders failed")
            claimed = self.claim()
            if claimed:
                try:
                    self.send(claimed)
                except Exception:  # the database: they are free again, tried after a pause
                    log.exception("mail: sending failed")
                    stop.wait(self.settings.mail_poll_seconds)
            elif once:
                return
            else:
                stop.wait(self.settings.mail_poll_seconds)

    def scan(self) -> None:
        """Write the reminders now due and the day's digests, in one transaction."""
        now = self.clock()
        with self.db.write_sessionmaker.begin() as session:
            new = reminders.scan(session, self.engine, now, self.settings.public_base_url)
            digests = make_digests(session, now, self.settings)
        if new or digests:
            log.info("mail: %d reminder occasions and %d digests written to the outbox", new, digests)

    def claim(self) -> list[uuid.UUID]:
        now = self.clock()
        earlier = aliased(M)
        due = (
            select(M.id)
            .where(
                M.status == "pending",
                or_(M.retry_at.is_(None), M.retry_at <= now),
                or_(M.lease_until.is_(None), M.lease_until <= now),
                ~exists().where(
                    earlier.person_id == M.person_id,
                    earlier.status == "pending",
                    or_(
                        earlier.created_at < M.created_at,
                        and_(earlier.created_at == M.created_at, earlier.position < M.position),
                    ),
                ),
            )
            .order_by(M.created_at, M.position, M.id)
            .limit(CLAIM_BATCH)
            .with_for_update(skip_locked=True, of=M)
        )
        with self.db.write_sessionmaker.begin() as session:
            ids = list(session.scalars(due))
            if not ids:
                return []
            # Conditional too: SQLite has no row locks, and this write is what two workers race for.
            return list(
                session.scalars(
                    update(M)
                    .where(M.id.in_(ids), or_(M.lease_until.is_(None), M.lease_until <= now))
                    .values(lease_owner=self.id, lease_until=now + self.lease)
                    .returning(M.id)
                )
            )

    def send(self, ids: list[uuid.UUID]) -> None:
        with self.db.sessionmaker() as session:
            rows = session.execute(
                select(M, Membership.end_date)
                .outerjoin(Membership, Membership.id == M.membership_id)
                .where(M.id.in_(ids), M.lease_owner == self.id)
                .order_by(M.created_at, M.position, M.id)
            ).all()
            session.expunge_all()
        today = oslo_date(self.clock())
        to_send: list[MailMessage] = []
        for mail, seat_end in rows:
            if seat_end is not None and seat_end < today:
                self._record(mail, {"status": "skipped", "skipped_reason": f"setet endte {nb_date(seat_end)}"})
            else:
                to_send.append(mail)
        started = time.monotonic()
        try:
            if to_send:
                self._send_all(to_send, started)
        finally:
            with self.db.write_sessionmaker.begin() as session:  # what is left is free for anyone again
                session.execute(
                    update(M).where(M.id.in_(ids), M.lease_owner == self.id).values(lease_owner=None, lease_until=None)
                )

    def _send_all(self, mails: list[MailMessage], started: float) -> None:
        settings = self.settings
        try:
            with transport(settings.smtp_url, settings.mail_dir, settings.mail_timeout_seconds) as out:
                for i, mail in enumerate(mails):
                    # Within half the lease: no other worker takes the message over meanwhile.
                    if time.monotonic() - started > self.lease.total_seconds() / 2:
                        return
                    assert mail.raw is not None and mail.to_address is not None
                    try:
                        out.send(str(mail.id), mail.raw, self.sender, mail.to_address)
                    except Refused as exc:
                        self._record(mail, self._attempt(mail, f"refused: {exc}", final=True))
                    except (smtplib.SMTPServerDisconnected, OSError) as exc:
                        for rest in mails[i:]:  # the connection is gone: the others wait with this one
                            self._record(rest, self._attempt(rest, _error(exc)))
                        return
                    except Exception as exc:  # whatever else goes wrong is this message's failed attempt
                        self._record(mail, self._attempt(mail, _error(exc)))
                    else:
                        self._record(mail, self._attempt(mail, None))
        except Exception as exc:  # no connection (refused, TLS, login …): all of them wait
            for mail in mails:
                self._record(mail, self._attempt(mail, _error(exc)))

    def _attempt(self, mail: MailMessage, error: str | None, final: bool = False) -> dict[str, Any]:
        now = self.clock()
        values: dict[str, Any] = {"attempts": M.attempts + 1, "last_attempt_at": now, "last_error": error}
        if error is None:
            return values | {"status": "sent", "sent_at": now, "retry_at": None}
        given_up = now - mail.created_at >= timedelta(hours=self.settings.mail_give_up_hours)
        if final or given_up:
            return values | {"status": "failed"}
        settings = self.settings
        retry = backoff(mail.attempts + 1, settings.mail_retry_base_seconds, settings.mail_retry_max_seconds)
        return values | {"retry_at": now + retry}

    def _record(self, mail: MailMessage, values: dict[str, Any]) -> None:
        """Write the outcome while this worker still holds the message (else another sends it again)."""
        with self.db.write_sessionmaker.begin() as session:
            kept = session.execute(
                update(M)
                .where(M.id == mail.id, M.lease_owner == self.id)
                .values(**values, lease_owner=None, lease_until=None)
                .returning(M.id)
            ).first()
        if kept is None:
            log.warning("lost the lease of mail %s; it is sent again", mail.id)
        elif values.get("last_error"):
            log.info("mail %s to %s: %s", mail.id, mail.to_address, values["last_error"])


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]
