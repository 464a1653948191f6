from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Principal:
    """Who is calling: the secretariat, or a person whose rights come from memberships."""

    kind: Literal["secretariat", "person"]
    token_id: uuid.UUID
    name: str
    person_id: uuid.UUID | None = None

    @property
    def is_secretariat(self) -> bool:
        return self.kind == "secretariat"

    @property
    def actor(self) -> str:
        """How the audit log names this principal."""
        if self.kind == "person":
            return f"person:{self.person_id}"
        return f"secretariat:{self.name}"
