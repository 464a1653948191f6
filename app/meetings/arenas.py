"""Who speaks for the arrangement's arenas: the forum is prepared and facilitated by the AU."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from app.auth.permissions import acts_for, acts_for_working_committee
from app.auth.principal import Principal
from app.bodies.models import Body
from app.bodies.schemas import FORUM
from app.errors import Forbidden
from app.meetings.models import Meeting
from app.resources import oslo_date


def authorize_meeting(session: Session, principal: Principal, now: datetime, meeting: Meeting, what: str) -> None:
    """The secretariat or an active member of the body; forum meetings also the AU, which prepares them."""
    body = session.get(Body, meeting.body_id)
    if acts_for(session, principal, body.id, oslo_date(now)):
        return
    if body.kind == FORUM and acts_for_working_committee(session, principal, now):
        return
    raise Forbidden(f"Only the secretariat or an active member of {body.name} may {what}.")
