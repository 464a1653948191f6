from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.sequences.models import Counter


def next_number(session: Session, scope: str) -> int:
    """The next number in `scope`. The UPDATE takes the row lock, so concurrent
    requests on any replica queue here and never draw the same number."""
    bump = update(Counter).where(Counter.scope == scope).values(value=Counter.value + 1)
    if cast(CursorResult[Any], session.execute(bump)).rowcount == 0:
        try:
            with session.begin_nested():
                session.execute(insert(Counter).values(scope=scope, value=0))
        except IntegrityError:
            pass  # another request created it first; its row lock now orders us
        session.execute(bump)
    return session.scalar(select(Counter.value).where(Counter.scope == scope))  # type: ignore[return-value]
