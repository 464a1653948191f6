"""Who a bearer token names, remembered for a few seconds.

Every request names its caller, and looking the token up (or verifying a JWT and finding its person or
organization) costs a trip to the database. A replica remembers the answer for `ttl` seconds, so most
requests ask the database nothing about who is calling. The price: a token revoked, or a person or
organization removed, on any replica keeps working here for at most `ttl` seconds. A token's own
expiry is checked on every use, and a refused token is never remembered.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from app.auth.principal import Principal

MAX_ENTRIES = 10_000  # distinct tokens seen within ttl; beyond it the least recently used is forgotten


@dataclass(frozen=True)
class _Entry:
    principal: Principal
    fresh_until: float  # on the cache's clock
    expires_at: float | None  # the credential's own expiry, seconds since the epoch


class PrincipalCache:
    def __init__(
        self,
        ttl: float,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.ttl = ttl
        self.max_entries = max_entries
        self.clock = clock
        self.wall_clock = wall_clock
        self._entries: OrderedDict[bytes, _Entry] = OrderedDict()
        self._lock = threading.Lock()  # filled from the thread pool, read on the event loop

    @staticmethod
    def _key(token: str) -> bytes:
        return hashlib.sha256(token.encode()).digest()  # no token is kept in memory as sent

    def get(self, token: str) -> Principal | None:
        if self.ttl <= 0:
            return None
        key = self._key(token)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.fresh_until <= self.clock() or (
                entry.expires_at is not None and entry.expires_at <= self.wall_clock()
            ):
                del self._entries[key]  # the database (or the issuer's keys) will say why, if it is refused
                return None
            self._entries.move_to_end(key)
            return entry.principal

    def put(self, token: str, principal: Principal) -> None:
        if self.ttl <= 0:
            return
        expires_at = principal.expires_at.timestamp() if principal.expires_at else None
        key, entry = self._key(token), _Entry(principal, self.clock() + self.ttl, expires_at)
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def forget(self, token: str) -> None:
        """At once, on this replica: a session just ended here stops working before the ttl is up."""
        with self._lock:
            self._entries.pop(self._key(token), None)

    def forget_session(self, session_id: uuid.UUID) -> None:
        """A staff app session ended by its id (from another browser), whose cookie this replica never keeps."""
        with self._lock:
            for key in [k for k, e in self._entries.items() if e.principal.session_id == session_id]:
                del self._entries[key]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
