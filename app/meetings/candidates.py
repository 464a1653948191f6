"""The cases that could go on a meeting's agenda, each with what decides it before anyone tries: the
agenda rules' outcomes (as a transition's listing gives them) and whether the caller may place it.
The same checks as placing a case (agenda.add_item), asked without changing anything."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field

from app.cases.schemas import CaseOut
from app.cases.service import list_cases
from app.context import RequestContext
from app.governance.transitions import RuleCheck
from app.meetings.agenda import EDITABLE_MEETING_STATES, load_meeting
from app.pagination import PageParams

# A case on its way to an agenda: prepared, or still to be prepared (these say which rule stops them).
CANDIDATE_STATES = ["prepared", "in_preparation", "registered", "returned"]
AGENDA_RULES = ["agenda.requires_prepared_case", "agenda.set_by_working_committee"]


class AgendaCandidate(BaseModel):
    case: CaseOut
    allowed: bool = Field(description="Whether this caller may put the case on the agenda now.")
    permitted: bool = Field(
        description="Whether the policy lets the caller set this meeting's agenda (`agenda.write`) with "
        "this case's body's work (`work.write`)."
    )
    reason_nb: str | None = Field(description="Why not, in Norwegian, when it is not the rules.")
    rules: list[RuleCheck] = Field(description="The agenda rules, each with whether it holds for this case.")


def list_candidates(
    ctx: RequestContext, meeting_id: uuid.UUID, page: PageParams
) -> tuple[list[AgendaCandidate], str | None]:
    meeting, body = load_meeting(ctx, meeting_id)
    sets_agenda = ctx.may(body, permission="agenda.write")
    reason = None
    if meeting.status not in EDITABLE_MEETING_STATES:
        reason = f"Møtet har status «{ctx.engine.state_label('meeting', meeting.status)}»; sakslisten kan ikke endres."
    elif not sets_agenda:
        reason = ctx.access.refusal_nb("agenda.write")
    cases, cursor = list_cases(ctx, page, CANDIDATE_STATES, None, None)
    candidates = []
    for case in cases:
        outcomes = ctx.engine.evaluate(AGENDA_RULES, ctx.guard_context(case, meeting=meeting))
        checks = [RuleCheck(**o.as_check()) for o in outcomes]
        writes = ctx.may(case.owner_body, permission="work.write")
        permitted = sets_agenda and writes
        case_reason = reason or (None if writes else ctx.access.refusal_nb("work.write"))
        candidates.append(
            AgendaCandidate(
                case=CaseOut.model_validate(case),
                allowed=permitted
                and meeting.status in EDITABLE_MEETING_STATES
                and all(c.passed or c.severity != "error" for c in checks),
                permitted=permitted,
                reason_nb=case_reason,
                rules=checks,
            )
        )
    return candidates, cursor
