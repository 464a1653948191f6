"""Keyset pagination: opaque cursors over (sort key, id), never OFFSET."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field, TypeAdapter
from sqlalchemy import Select, literal, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.errors import InvalidInput
from app.types import Day, Int32, Moment, Text

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

# What a sort key may be: the values the API accepts as input for a column of that type.
SORT_VALUES: dict[type, TypeAdapter[Any]] = {
    str: TypeAdapter(Text),
    int: TypeAdapter(Int32),
    datetime: TypeAdapter(Moment),
    date: TypeAdapter(Day),
}


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(description="Cursor of the next page; null on the last page.")


class TwoWayPage(Page[T], Generic[T]):
    """A page of a list a reader browses both ways (the public record)."""

    prev_cursor: str | None = Field(description="Cursor of the previous page; null on the first page.")


@dataclass(frozen=True)
class PageParams:
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


async def page_params(
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size (max 200)."),
    cursor: str | None = Query(None, description="Opaque cursor from `next_cursor` (or `prev_cursor`)."),
) -> PageParams:
    """A list's `limit` and `cursor` (`Depends(page_params)`): `async`, since a plain function or class
    as a dependency costs a trip to the thread pool."""
    return PageParams(limit, cursor)


BEFORE = "before"  # the mark of a cursor to the page that ends just before its key


def _encode(value: Any, ident: uuid.UUID, before: bool = False) -> str:
    if isinstance(value, datetime):
        value = {"dt": value.isoformat()}
    elif isinstance(value, date):
        value = {"d": value.isoformat()}
    raw = json.dumps([value, str(ident), *([BEFORE] if before else [])]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, expected: type) -> tuple[Any, uuid.UUID, bool]:
    """The key a cursor names, and whether its page ends before that key (else it starts after it)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, ident, *mark = json.loads(raw)
        if mark not in ([], [BEFORE]):
            raise ValueError(f"cursor mark {mark!r}")
        if isinstance(value, dict) and "dt" in value:
            value = datetime.fromisoformat(value["dt"])
        elif isinstance(value, dict) and "d" in value:
            value = date.fromisoformat(value["d"])
        # A cursor of another list (or a forged one) must not reach the query as a wrong-typed value
        # or one the column cannot hold (a NUL, an integer beyond 32 bits, a year 0 time).
        if type(value) is not expected:
            raise TypeError(f"cursor value {value!r} is no {expected.__name__}")
        if isinstance(value, str):
            # JSON can escape a lone surrogate, which no driver can encode (UnicodeEncodeError is a
            # ValueError); request input never carries one, pydantic refuses it as not Unicode.
            value.encode()
        SORT_VALUES[type(value)].validate_python(value)
        return value, uuid.UUID(str(ident)), bool(mark)
    # JSONDecodeError, Unicode and ValidationError are ValueErrors; a forged cursor nested deep a RecursionError.
    except (ValueError, TypeError, KeyError, RecursionError) as exc:
        raise InvalidInput("cursor", "not a cursor returned by this list", where="query") from exc


def page_of(items: list[T], key: Callable[[T], str], page: PageParams) -> Page[T]:
    """One page of a short list held in memory (e.g. the rule catalogue), sorted by a unique text key."""
    ordered = sorted(items, key=key)
    if page.cursor:
        after, _, before = _decode(page.cursor, str)
        if before:
            raise InvalidInput("cursor", "this list pages forward only", where="query")
        ordered = [item for item in ordered if key(item) > after]
    rest = ordered[page.limit :]
    shown = ordered[: page.limit]
    return Page(items=shown, next_cursor=_encode(key(shown[-1]), uuid.UUID(int=0)) if rest else None)


def where_equal(stmt: Select, filters: dict[InstrumentedAttribute, Any]) -> Select:
    """Apply the list filters the caller gave (None means "not filtered")."""
    for column, value in filters.items():
        if value is not None:
            stmt = stmt.where(column == value)
    return stmt


def paginate(
    session: Session,
    stmt: Select,
    sort_col: InstrumentedAttribute,
    id_col: InstrumentedAttribute,
    page: PageParams,
    descending: bool = False,
) -> tuple[list[Any], str | None]:
    """Run `stmt` one page at a time ordered by (sort_col, id_col)."""
    rows, next_cursor, _ = paginate_both_ways(session, stmt, sort_col, id_col, page, descending)
    return rows, next_cursor


def paginate_both_ways(
    session: Session,
    stmt: Select,
    sort_col: InstrumentedAttribute,
    id_col: InstrumentedAttribute,
    page: PageParams,
    descending: bool = False,
) -> tuple[list[Any], str | None, str | None]:
    """`paginate`, with the cursor of the previous page as well. A `before` cursor reads the list
    backwards from its key, one row more than the page, to know whether an earlier page exists."""
    before = False
    if page.cursor:
        value, ident, before = _decode(page.cursor, sort_col.type.python_type)
        # A row-value comparison is one index range on (sort_col, id_col); the equivalent OR of two
        # conditions is not, so a deep page would read and discard every row before it.
        key = tuple_(sort_col, id_col)
        at = tuple_(literal(value, sort_col.type), literal(ident, id_col.type))  # bound as the columns are
        stmt = stmt.where(key < at if descending != before else key > at)  # the rows after it, read this way
    order = (sort_col.desc(), id_col.desc()) if descending != before else (sort_col.asc(), id_col.asc())
    # unique(): a collection loaded by a join repeats its entity on several rows.
    rows = list(session.scalars(stmt.order_by(*order).limit(page.limit + 1)).unique())

    def cursor_of(row: Any, before: bool) -> str:
        return _encode(getattr(row, sort_col.key), getattr(row, id_col.key), before)

    return page_both_ways(rows, page, before, cursor_of)


def page_both_ways(
    rows: list[T], page: PageParams, before: bool, cursor_of: Callable[[T, bool], str]
) -> tuple[list[T], str | None, str | None]:
    """The page in reading order from up to `limit + 1` rows read in the cursor's direction, and the
    cursors of the pages after and before it (`cursor_of(row, before)`)."""
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    if before:
        rows.reverse()
    # Read forwards, the rows before the first came from an earlier page (if any cursor led here);
    # read backwards, the rows after the last are the page the reader came from.
    has_next, has_prev = (True, more) if before else (more, page.cursor is not None)
    next_cursor = cursor_of(rows[-1], False) if rows and has_next else None
    prev_cursor = cursor_of(rows[0], True) if rows and has_prev else None
    return rows, next_cursor, prev_cursor
