"""How a revision of a convened agenda reads: for staff (with the earlier agenda) and as the public mark."""

from __future__ import annotations

from datetime import datetime

from app.meetings.models import AgendaRevision
from app.meetings.schemas import AgendaRevisionOut
from app.norwegian import nb_date

CHANGE_NB = {"added": "lagt til", "moved": "flyttet", "removed": "fjernet"}


def change_nb(change: str, case_number: str, position_after: int | None) -> str:
    """«sak 4/2027 lagt til», «sak 4/2027 flyttet til punkt 1», «sak 4/2027 fjernet»."""
    return f"sak {case_number} {CHANGE_NB[change]}" + (f" til punkt {position_after}" if change == "moved" else "")


def label_nb(change: str, case_number: str, at: datetime, position_after: int | None) -> str:
    """The mark on the public agenda: «Endret 12. mars 2027: sak 4/2027 lagt til»."""
    return f"Endret {nb_date(at)}: {change_nb(change, case_number, position_after)}"


def revision_out(revision: AgendaRevision) -> AgendaRevisionOut:
    label = label_nb(revision.change, revision.case_number, revision.at, revision.position_after)
    return AgendaRevisionOut.model_validate(
        {**{c: getattr(revision, c) for c in AgendaRevision.__table__.columns.keys()}, "label_nb": label}
    )
