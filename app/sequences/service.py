from __future__ import annotations

from typing import cast

from sqlalchemy import Table, insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.sequences.models import Counter

_counters = cast(Table, Counter.__table__)


def next_number(session: Session, scope: str) -> int:
    """The next number in `scope`. The UPDATE takes the row lock, so concurrent
    requests on any replica queue here and never draw the same number; RETURNING
    reads the number drawn in the same statement."""
    # Core statements on the table: the counter is never loaded as an object, so the
    # ORM has nothing to synchronise.
    bump = (
        update(_counters)
        .where(_counters.c.scope == scope)
        .values(value=_counters.c.value + 1)
        .returning(_counters.c.value)
    )
    number = session.execute(bump).scalar_one_or_none()
    if number is None:
        try:
            with session.begin_nested():
                session.execute(insert(_counters).values(scope=scope, value=0))
        except IntegrityError:
            pass  # another request created it first; its row lock now orders us
        number = session.execute(bump).scalar_one()
    return number
