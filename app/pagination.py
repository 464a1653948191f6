"""Keyset pagination: opaque cursors over (sort key, id), never OFFSET."""

from __future__ import annotations

import base64
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Query
from pydantic import BaseModel, Field, TypeAdapter
from sqlalchemy import Select, literal, or_, tuple_
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.errors import InvalidInput
from app.norwegian import OSLO
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

STALE_CURSOR_NB = "Lenken til neste eller forrige side er ikke gyldig lenger. Begynn fra første side."


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


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def _encode(value: Any, ident: uuid.UUID, before: bool = False, sort: str | None = None) -> str:
    """A cursor: the key (a list for a key of several columns), the id, the `before` mark, and the name
    of the order it belongs to (for a list with a choice of orders)."""
    key = [_plain(v) for v in value] if isinstance(value, tuple) else _plain(value)
    marks = [*([BEFORE] if before else []), *([{"sort": sort}] if sort else [])]
    raw = json.dumps([key, str(ident), *marks]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _key_value(value: Any, expected: type) -> Any:
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
    return value


def _decode(cursor: str, expected: type | tuple[type, ...], sort: str | None = None) -> tuple[Any, uuid.UUID, bool]:
    """The key a cursor names, and whether its page ends before that key (else it starts after it)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, ident, *mark = json.loads(raw)
        order = mark.pop() if mark and isinstance(mark[-1], dict) else {}
        if order != ({"sort": sort} if sort else {}):
            raise ValueError(f"a cursor of the order {order.get('sort')!r}, not {sort!r}")
        if mark not in ([], [BEFORE]):
            raise ValueError(f"cursor mark {mark!r}")
        if isinstance(expected, tuple):
            if not isinstance(value, list) or len(value) != len(expected):
                raise TypeError(f"cursor key {value!r} is not {len(expected)} values")
            value = tuple(_key_value(v, t) for v, t in zip(value, expected, strict=True))
        else:
            value = _key_value(value, expected)
        return value, uuid.UUID(str(ident)), bool(mark)
    # JSONDecodeError, Unicode and ValidationError are ValueErrors; a forged cursor nested deep a RecursionError.
    except (ValueError, TypeError, KeyError, RecursionError) as exc:
        raise InvalidInput(
            "cursor", "not a cursor returned by this list", "query", "stale_cursor", STALE_CURSOR_NB
        ) from exc


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
    """Apply the list filters the caller gave (None means "not filtered"; a list, any of its values)."""
    for column, value in filters.items():
        if isinstance(value, list):
            stmt = stmt.where(column.in_(value))
        elif value is not None:
            stmt = stmt.where(column == value)
    return stmt


def one_or_more(values: type[StrEnum]) -> Any:
    """A filter that takes several values separated by commas (`status=prepared,scheduled`): 422 naming
    the parameter for a value it does not know. Split it with `split_values`."""
    names = "|".join(re.escape(v) for v in values)
    return Query(
        pattern=f"^({names})(,({names}))*$",
        description=f"One or more of {', '.join(f'`{v}`' for v in values)}, separated by commas.",
    )


def split_values(value: str | None) -> list[str] | None:
    return value.split(",") if value is not None else None


# Free text: at most this long, and a trigram index answers it from three characters (on PostgreSQL).
FreeText = Annotated[
    Text | None,
    Query(
        min_length=1,
        max_length=200,
        description="Free text, case-insensitive, anywhere in the text. On PostgreSQL a trigram index answers "
        "it from three characters; shorter text reads the whole list (as SQLite always does).",
    ),
]


def where_between(stmt: Select, column: InstrumentedAttribute, first: date | None, last: date | None) -> Select:
    """Rows whose time falls on the Norwegian days `first` to `last`, both included (either may be open)."""
    if first is not None and last is not None and first > last:
        raise InvalidInput("to", "must be on or after from", where="query")
    if first is not None:
        stmt = stmt.where(column >= datetime.combine(first, time(), OSLO))
    if last is not None:
        stmt = stmt.where(column < datetime.combine(last + timedelta(days=1), time(), OSLO))
    return stmt


# A date range's ends, Norwegian days: `from` (a keyword in Python) and `to`, both included.
FromDay = Annotated[Day | None, Query(alias="from", description="From this day (Norwegian time), included.")]
ToDay = Annotated[Day | None, Query(description="To this day (Norwegian time), included.")]


def where_contains(stmt: Select, q: str | None, *columns: InstrumentedAttribute) -> Select:
    """Rows whose text contains `q` in any of the columns, case-insensitive (ILIKE)."""
    if q is None:
        return stmt
    return stmt.where(or_(*(c.icontains(q, autoescape=True) for c in columns)))


# A list's order: one column, or several (e.g. a case number's year and sequence), then the id.
SortKey = InstrumentedAttribute | tuple[InstrumentedAttribute, ...]


def paginate(
    session: Session,
    stmt: Select,
    sort_col: SortKey,
    id_col: InstrumentedAttribute,
    page: PageParams,
    descending: bool = False,
    sort: str | None = None,
) -> tuple[list[Any], str | None]:
    """Run `stmt` one page at a time ordered by (sort_col, id_col); `sort`: the order's name, for a
    list that offers several (its cursors are then good for that order only)."""
    rows, next_cursor, _ = paginate_both_ways(session, stmt, sort_col, id_col, page, descending, sort)
    return rows, next_cursor


def paginate_both_ways(
    session: Session,
    stmt: Select,
    sort_col: SortKey,
    id_col: InstrumentedAttribute,
    page: PageParams,
    descending: bool = False,
    sort: str | None = None,
) -> tuple[list[Any], str | None, str | None]:
    """`paginate`, with the cursor of the previous page as well. A `before` cursor reads the list
    backwards from its key, one row more than the page, to know whether an earlier page exists."""
    columns = sort_col if isinstance(sort_col, tuple) else (sort_col,)
    before = False
    if page.cursor:
        expected = tuple(c.type.python_type for c in columns)
        value, ident, before = _decode(page.cursor, expected if isinstance(sort_col, tuple) else expected[0], sort)
        values = value if isinstance(sort_col, tuple) else (value,)
        # A row-value comparison is one index range on (sort_col, id_col); the equivalent OR of two
        # conditions is not, so a deep page would read and discard every row before it.
        key = tuple_(*columns, id_col)
        # bound as the columns are
        at = tuple_(*(literal(v, c.type) for v, c in zip(values, columns, strict=True)), literal(ident, id_col.type))
        stmt = stmt.where(key < at if descending != before else key > at)  # the rows after it, read this way
    backwards = descending != before
    order = [c.desc() if backwards else c.asc() for c in (*columns, id_col)]
    # unique(): a collection loaded by a join repeats its entity on several rows.
    rows = list(session.scalars(stmt.order_by(*order).limit(page.limit + 1)).unique())

    def cursor_of(row: Any, before: bool) -> str:
        key = tuple(getattr(row, c.key) for c in columns)
        return _encode(key if isinstance(sort_col, tuple) else key[0], getattr(row, id_col.key), before, sort)

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
