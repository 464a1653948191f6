"""How dates, times and outcomes read in Norwegian bokmål, in Europe/Oslo time (website, minutes)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def oslo_date(moment: datetime) -> date:
    """The calendar day in Norway: memberships start and end on Norwegian dates."""
    return moment.astimezone(OSLO).date()



MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
          "oktober", "november", "desember"]
WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
OUTCOME_LABELS = {"decided": "Avgjort", "noted": "Tatt til orientering",
                  "returned": "Sendt tilbake til Arbeidsutvalget", "withdrawn": "Trukket"}


def oslo_time(value: datetime, with_weekday: bool = True) -> str:
    """«tirsdag 14. mai 2024 kl. 10.00», in Europe/Oslo time."""
    local = value.astimezone(OSLO)
    day = f"{local.day}. {MONTHS[local.month - 1]} {local.year}"
    weekday = f"{WEEKDAYS[local.weekday()]} " if with_weekday else ""
    return f"{weekday}{day} kl. {local:%H.%M}"


def oslo_span(starts: datetime, ends: datetime | None) -> str:
    """«tirsdag 14. mai 2024 kl. 10.00–15.00» (the end in full when it is another day)."""
    text = oslo_time(starts)
    if ends is None:
        return text
    same_day = ends.astimezone(OSLO).date() == starts.astimezone(OSLO).date()
    return f"{text}–{ends.astimezone(OSLO):%H.%M}" if same_day else f"{text} – {oslo_time(ends)}"


def nb_date(value: date | datetime) -> str:
    """«14. mai 2024»."""
    if isinstance(value, datetime):
        value = value.astimezone(OSLO).date()
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"
