"""Input types every schema shares: what the API accepts, both databases can store and the rules can compute with.

PostgreSQL text cannot hold NUL characters and the Atom feed (XML 1.0) no other control character
but tab and line breaks, and times at the edge of Python's calendar overflow when
normalised to UTC (0001-01-01T00:00+14:00) or when a rule adds months to them (9999-12-31), so such
input is a 422 naming the field instead of a database or arithmetic error.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, Field

MIN_YEAR, MAX_YEAR = 1900, 2999
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _storable_text(value: str) -> str:
    if found := NOT_IN_XML.search(value):
        raise ValueError(f"must not contain control characters such as NUL; found U+{ord(found.group()):04X}")
    return value


def _plausible_year(value: date) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"year must be between {MIN_YEAR} and {MAX_YEAR}")
    return value


def _with_offset(value: datetime) -> datetime:
    if value.utcoffset() is None:
        raise ValueError("needs an offset, e.g. 2024-10-15T10:00:00+02:00 or …Z")
    return value


Text = Annotated[str, AfterValidator(_storable_text)]
Int32 = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]  # an SQL INTEGER
Day = Annotated[date, AfterValidator(_plausible_year)]
# The checks run in order: an offset first, then the year.
Moment = Annotated[datetime, AfterValidator(_with_offset), AfterValidator(_plausible_year)]
