"""Input types every schema shares: what the API accepts, both databases can store and the rules can compute with.

PostgreSQL text cannot hold NUL characters and the Atom feed (XML 1.0) no other control character
but tab and line breaks, and times at the edge of Python's calendar overflow when
normalised to UTC (0001-01-01T00:00+14:00) or when a rule adds months to them (9999-12-31), so such
input is a 422 naming the field instead of a database or arithmetic error.

Each type also states its constraint in the OpenAPI document (a `pattern`), so that a client that
obeys the schema is never refused for shape. Times and dates are strings only: pydantic would
otherwise read a number (`0`, `"0.5"`) as seconds since 1970.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

MIN_YEAR, MAX_YEAR = 1900, 2999
# Characters XML 1.0 cannot carry, as a regular expression class body that Python, Rust (pydantic)
# and ECMA-262 (JSON Schema) read alike.
CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"
NOT_IN_XML = re.compile(f"[{CONTROL}]")
TEXT_PATTERN = f"^[^{CONTROL}]*$"
_DAY = r"(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
DAY_PATTERN = f"^{_DAY}$"
MOMENT_PATTERN = (
    # RFC 3339 (JSON Schema's date-time) wants the seconds.
    f"^{_DAY}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]{{1,6}})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)


# A lone surrogate: JSON can escape one ("\\ud800"), no database can store it. Checked here, not in the
# pattern: ECMA-262 reads a string as UTF-16, where every character beyond U+FFFF is a surrogate pair.
SURROGATE = re.compile("[\ud800-\udfff]")


def storable_text(value: str) -> str:
    if found := NOT_IN_XML.search(value):
        raise ValueError(f"must not contain control characters such as NUL; found U+{ord(found.group()):04X}")
    if found := SURROGATE.search(value):
        raise ValueError(f"must be Unicode text; found a lone surrogate U+{ord(found.group()):04X}")
    return value


def _plausible_year(value: date) -> date:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"year must be between {MIN_YEAR} and {MAX_YEAR}")
    return value


def _iso_string(pattern: str, form: str) -> BeforeValidator:
    """Only a string in the documented form; a date or time value (from Python code) passes."""
    shape = re.compile(pattern)

    def check(value: object) -> object:
        if isinstance(value, date):
            return value
        if not isinstance(value, str) or not shape.match(value):
            raise ValueError(f"must be an ISO 8601 string {form}, with a year from {MIN_YEAR} to {MAX_YEAR}")
        return value

    return BeforeValidator(check)


def _with_offset(value: datetime) -> datetime:
    if value.utcoffset() is None:
        raise ValueError("needs an offset, e.g. 2024-10-15T10:00:00+02:00 or …Z")
    return value


Text = Annotated[str, AfterValidator(storable_text), Field(json_schema_extra={"pattern": TEXT_PATTERN})]
Int32 = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]  # an SQL INTEGER
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
Day = Annotated[
    date,
    _iso_string(DAY_PATTERN, "YYYY-MM-DD"),
    AfterValidator(_plausible_year),
    Field(json_schema_extra={"pattern": DAY_PATTERN}),
]
# The checks run in order: the form first, then an offset, then the year.
Moment = Annotated[
    datetime,
    _iso_string(MOMENT_PATTERN, "that needs an offset, e.g. 2024-10-15T10:00:00+02:00 or …Z"),
    AfterValidator(_with_offset),
    AfterValidator(_plausible_year),
    Field(json_schema_extra={"pattern": MOMENT_PATTERN}),
]
