"""How dates, times and outcomes read in Norwegian bokmål, in Europe/Oslo time (website, minutes)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def oslo_date(moment: datetime) -> date:
    """The calendar day in Norway: memberships start and end on Norwegian dates."""
    return moment.astimezone(OSLO).date()


def easter_sunday(year: int) -> date:
    """The Gregorian Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def public_holidays(year: int) -> set[date]:
    """Norway's public holidays (helligdager and 1 and 17 May)."""
    easter = easter_sunday(year)
    moving = {easter + timedelta(days=offset) for offset in (-3, -2, 0, 1, 39, 49, 50)}
    return moving | {date(year, 1, 1), date(year, 5, 1), date(year, 5, 17), date(year, 12, 25), date(year, 12, 26)}


def working_day_on_or_before(day: date) -> date:
    """The day itself if it is a Norwegian working day, else the last one before it."""
    while day.weekday() >= 5 or day in public_holidays(day.year):
        day -= timedelta(days=1)
    return day


MONTHS = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
]
WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
DOCUMENT_LABELS = {
    "case_presentation": "Saksfremlegg",
    "knowledge_base": "Kunnskapsgrunnlag",
    "minutes": "Referat",
    "agenda": "Saksliste",
    "report": "Rapport",
    "recommendation": "Anbefaling",
    "annual_plan": "Årsplan",
    "other": "Dokument",
}
OUTCOME_LABELS = {
    "decided": "Avgjort",
    "noted": "Tatt til orientering",
    "returned": "Sendt tilbake til Arbeidsutvalget",
    "withdrawn": "Trukket",
}


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
